-- The registry collections carry the object's row_version (not a published property: the catalog
-- does not list it), so the OGC API can give each registry feature an ETag from it and refuse an
-- edit made from a stale one (OGC API Features Part 4, If-Match → 412). Columns are appended, as
-- CREATE OR REPLACE VIEW allows.

CREATE OR REPLACE VIEW pub_registry_points AS
SELECT r.municipality_id, r.id, r.category, r.type_code, r.type_uk, r.type_en, r.address, r.external_id,
       r.width_m, r.height_m, r.sides, r.area_m2, r.lighting, r.installed_on, r.dismantled_on,
       r.owner_id, r.owner_name, r.owner_kind, r.owner_edrpou, r.owner_contact,
       r.permit_number, r.permit_kind, r.permit_issued_on, r.permit_valid_from, r.permit_valid_until,
       r.permit_decision, r.legality, r.monthly_fee_uah, r.revenue_total_uah, r.revenue_this_year_uah,
       r.updated_at,
       CASE WHEN GeometryType(r.geom) = 'POINT' THEN r.geom ELSE ST_PointOnSurface(r.geom) END AS geom,
       o.row_version
FROM pub_registry r
JOIN registry_object o ON o.id = r.id;

CREATE OR REPLACE VIEW pub_maf AS SELECT * FROM pub_registry_points WHERE category = 'maf';
CREATE OR REPLACE VIEW pub_advertising AS SELECT * FROM pub_registry_points WHERE category = 'advertising';

CREATE OR REPLACE VIEW pub_maf_footprints AS
SELECT r.municipality_id, r.id, r.category, r.type_code, r.type_uk, r.type_en, r.address, r.external_id,
       r.width_m, r.height_m, r.sides, r.area_m2, r.lighting, r.installed_on, r.dismantled_on,
       r.owner_id, r.owner_name, r.owner_kind, r.owner_edrpou, r.owner_contact,
       r.permit_number, r.permit_kind, r.permit_issued_on, r.permit_valid_from, r.permit_valid_until,
       r.permit_decision, r.legality, r.monthly_fee_uah, r.revenue_total_uah, r.revenue_this_year_uah,
       r.updated_at,
       ST_Multi(r.geom) AS geom,
       o.row_version
FROM pub_registry r
JOIN registry_object o ON o.id = r.id
WHERE r.category = 'maf' AND GeometryType(r.geom) IN ('POLYGON', 'MULTIPOLYGON');
