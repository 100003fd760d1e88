-- Public views: the only relations the public faces (OGC API, tiles, the map) read, so a
-- private column — an individual's РНОКПП, a commenter's e-mail — cannot leak by construction.
-- Each has municipality_id, a stable integer id, geom in EPSG:4326 and public properties only.

CREATE VIEW pub_boundary AS
SELECT id AS municipality_id, id, name_uk, name_en, boundary AS geom
FROM municipality;

CREATE VIEW pub_addresses AS
SELECT municipality_id, id, street_uk, street_en, house_number, postcode, geom
FROM address_point;

CREATE VIEW pub_districts AS
SELECT d.municipality_id, d.id, d.number, d.name_uk, d.description_uk,
       e.name_uk AS election_uk, e.held_on AS election_held_on,
       (SELECT string_agg(p.full_name, '; ' ORDER BY p.full_name) FROM deputy p WHERE p.district_id = d.id) AS deputies,
       (SELECT string_agg(DISTINCT p.faction, '; ') FROM deputy p WHERE p.district_id = d.id) AS factions,
       (SELECT count(*) FROM deputy p WHERE p.district_id = d.id)::integer AS deputy_count,
       d.geom
FROM electoral_district d
JOIN election e ON e.id = d.election_id AND e.is_current;

-- The permit in force for each object: a permit or passport that is neither annulled nor
-- replaced by a reissue, latest end first (an open-ended one counts as latest).
CREATE VIEW registry_current_permit AS
SELECT DISTINCT ON (p.object_id) p.*
FROM permit p
WHERE p.kind IN ('permit','passport') AND p.status NOT IN ('annulled','reissued')
ORDER BY p.object_id, p.valid_until DESC NULLS FIRST, p.issued_on DESC NULLS LAST, p.id DESC;

CREATE VIEW pub_registry AS
SELECT o.municipality_id, o.id, t.category, o.type_code, t.name_uk AS type_uk, t.name_en AS type_en,
       o.address, o.external_id, o.width_m, o.height_m, o.sides, o.area_m2, o.lighting,
       o.installed_on, o.dismantled_on,
       w.id AS owner_id, w.name AS owner_name, w.kind AS owner_kind,
       -- ЄДРПОУ identifies a legal entity and is public; a sole proprietor's РНОКПП is not.
       CASE WHEN w.kind <> 'sole_proprietor' THEN w.edrpou END AS owner_edrpou,
       w.public_contact AS owner_contact,
       cp.number AS permit_number, cp.kind AS permit_kind, cp.issued_on AS permit_issued_on,
       cp.valid_from AS permit_valid_from, cp.valid_until AS permit_valid_until,
       cp.decision AS permit_decision,
       registry_legality(o.dismantled_on, cp.id IS NOT NULL, cp.valid_until, current_date) AS legality,
       o.monthly_fee_uah,
       COALESCE((SELECT sum(amount_uah) FROM payment pm WHERE pm.object_id = o.id), 0)::numeric(14,2) AS revenue_total_uah,
       COALESCE((SELECT sum(amount_uah) FROM payment pm WHERE pm.object_id = o.id
                   AND pm.paid_on >= date_trunc('year', current_date)::date), 0)::numeric(14,2) AS revenue_this_year_uah,
       o.updated_at,
       o.geom
FROM registry_object o
JOIN object_type t ON t.code = o.type_code
LEFT JOIN owner w ON w.id = o.owner_id
LEFT JOIN registry_current_permit cp ON cp.object_id = o.id;

CREATE VIEW pub_maf AS SELECT * FROM pub_registry WHERE category = 'maf';
CREATE VIEW pub_advertising AS SELECT * FROM pub_registry WHERE category = 'advertising';

-- Grades per need, from the surveyed facts. Thresholds after ДБН В.2.2-40:2018: ramp slope at
-- most 8 % (1:12, the steepest it allows, for short rises), clear door width at least 90 cm,
-- controls (a call button) between 85 and 110 cm above the floor.
-- 'full' | 'partial' | 'none' | 'unknown' (nothing surveyed).
CREATE VIEW pub_facilities AS
SELECT f.municipality_id, f.id, f.name, f.category, f.address,
       f.step_free_entrance, f.ramp, f.ramp_slope_pct, f.door_width_cm, f.call_button,
       f.elevator, f.accessible_toilet, f.tactile_guidance, f.braille_signage, f.hearing_loop,
       f.accessible_parking, f.surveyed_on,
       CASE
         WHEN f.surveyed_on IS NULL THEN 'unknown'
         WHEN (f.step_free_entrance OR (f.ramp AND COALESCE(f.ramp_slope_pct, 99) <= 8))
              AND COALESCE(f.door_width_cm, 0) >= 90 AND f.accessible_toilet THEN 'full'
         WHEN f.step_free_entrance OR f.ramp
              OR (f.call_button AND f.call_button_height_cm BETWEEN 85 AND 110) THEN 'partial'
         ELSE 'none'
       END AS grade_wheelchair,
       CASE
         WHEN f.surveyed_on IS NULL THEN 'unknown'
         WHEN f.tactile_guidance AND f.braille_signage THEN 'full'
         WHEN f.tactile_guidance OR f.braille_signage THEN 'partial'
         ELSE 'none'
       END AS grade_vision,
       CASE
         WHEN f.surveyed_on IS NULL THEN 'unknown'
         WHEN f.hearing_loop THEN 'full'
         ELSE 'none'
       END AS grade_hearing,
       CASE
         WHEN f.surveyed_on IS NULL THEN 'unknown'
         WHEN f.step_free_entrance OR f.elevator OR (f.ramp AND COALESCE(f.ramp_slope_pct, 99) <= 8) THEN 'full'
         WHEN f.ramp THEN 'partial'
         ELSE 'none'
       END AS grade_mobility,
       f.updated_at,
       f.geom
FROM facility f;

CREATE VIEW pub_comments AS
SELECT c.municipality_id, c.id, c.category, c.status, c.body,
       COALESCE(NULLIF(trim(c.author_name), ''), 'Мешканець') AS author_name,
       c.registry_object_id, c.facility_id, c.created_at, c.answer, c.answered_at, c.verdict_at,
       c.geom
FROM comment c
WHERE NOT c.hidden;
