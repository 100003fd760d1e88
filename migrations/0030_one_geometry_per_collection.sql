-- One geometry type per collection (issue 8, failure 1). A registry object is a point or a drawn
-- footprint (summer terraces), and pub_maf mixed the two: QGIS types a layer from its first
-- page (Point) and never drew the polygons; a Shapefile holds one geometry type and ogr2ogr
-- stopped at the first polygon. Now:
--   pub_maf, pub_advertising  Point: the object's point; for a footprint, a point inside it
--                             (ST_PointOnSurface, always within the polygon, unlike a centroid);
--   pub_maf_footprints        MultiPolygon: the MAFs drawn as footprints, the same ids and
--                             properties, so a feature of either layer is the same object.
-- The column lists are pub_registry's, in its order (a view cannot be replaced with another
-- geometry expression without naming them).

DROP VIEW pub_maf;
DROP VIEW pub_advertising;

CREATE VIEW pub_registry_points AS
SELECT r.municipality_id, r.id, r.category, r.type_code, r.type_uk, r.type_en, r.address, r.external_id,
       r.width_m, r.height_m, r.sides, r.area_m2, r.lighting, r.installed_on, r.dismantled_on,
       r.owner_id, r.owner_name, r.owner_kind, r.owner_edrpou, r.owner_contact,
       r.permit_number, r.permit_kind, r.permit_issued_on, r.permit_valid_from, r.permit_valid_until,
       r.permit_decision, r.legality, r.monthly_fee_uah, r.revenue_total_uah, r.revenue_this_year_uah,
       r.updated_at,
       CASE WHEN GeometryType(r.geom) = 'POINT' THEN r.geom ELSE ST_PointOnSurface(r.geom) END AS geom
FROM pub_registry r;

CREATE VIEW pub_maf AS SELECT * FROM pub_registry_points WHERE category = 'maf';
CREATE VIEW pub_advertising AS SELECT * FROM pub_registry_points WHERE category = 'advertising';

CREATE VIEW pub_maf_footprints AS
SELECT r.municipality_id, r.id, r.category, r.type_code, r.type_uk, r.type_en, r.address, r.external_id,
       r.width_m, r.height_m, r.sides, r.area_m2, r.lighting, r.installed_on, r.dismantled_on,
       r.owner_id, r.owner_name, r.owner_kind, r.owner_edrpou, r.owner_contact,
       r.permit_number, r.permit_kind, r.permit_issued_on, r.permit_valid_from, r.permit_valid_until,
       r.permit_decision, r.legality, r.monthly_fee_uah, r.revenue_total_uah, r.revenue_this_year_uah,
       r.updated_at,
       ST_Multi(r.geom) AS geom
FROM pub_registry r
WHERE r.category = 'maf' AND GeometryType(r.geom) IN ('POLYGON', 'MULTIPOLYGON');

-- The registry's tables now feed maf_footprints too: their version triggers name it, so an edit
-- changes its tiles and ETags as it does maf's.
DO $$
DECLARE tbl text;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['registry_object', 'permit', 'payment', 'owner', 'object_type', 'registry_photo'] LOOP
    EXECUTE format('DROP TRIGGER cv_ins ON %I', tbl);
    EXECUTE format('DROP TRIGGER cv_upd ON %I', tbl);
    EXECUTE format('DROP TRIGGER cv_del ON %I', tbl);
    PERFORM track_collections(tbl::regclass, ARRAY['maf', 'advertising', 'maf_footprints']);
  END LOOP;
END $$;
