-- A facility is tied to the building it is in (issue 10): the base map's footprint (migration
-- 0035) holding its point, or, for a point a surveyor or a geocoder set just outside the wall
-- (on the pavement at the door), the nearest footprint within BUILDING_REACH_M. The card shows
-- that building's address and storeys and the map outlines it; the id is public (the base map is
-- public data). Found by the accessibility write core on every create, move and import
-- (server/accessibility/core/), through building_at() below, so every writer finds it the same way.

ALTER TABLE facility ADD COLUMN building_id integer REFERENCES building(id) ON DELETE SET NULL;
CREATE INDEX facility_building_idx ON facility (building_id) WHERE building_id IS NOT NULL;

-- The building a point of a hromada is in, or the nearest within 5 m (the reach: a door's step,
-- a pavement; further than that a point is in a yard or on a street, and belongs to no footprint).
-- The bounding-box test (0.0001°: 7-11 m at Ukraine's latitudes, wider than the reach) lets the
-- GiST index on building.geom find the candidates; the distance is then measured on the spheroid.
-- Among footprints that hold the point (overlapping outlines of a sloppy survey), the smallest.
CREATE FUNCTION building_at(hromada integer, point geometry) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT b.id
  FROM building b
  WHERE b.municipality_id = hromada
    AND b.geom && ST_Expand(point, 0.0001)
    AND ST_DWithin(b.geom::geography, point::geography, 5)
  ORDER BY ST_Distance(b.geom::geography, point::geography), ST_Area(b.geom), b.id
  LIMIT 1
$$;

UPDATE facility SET building_id = building_at(municipality_id, geom);

-- building_id appended (CREATE OR REPLACE keeps the view's columns and adds at the end).
CREATE OR REPLACE VIEW pub_facilities AS
SELECT f.municipality_id, f.id, f.name, f.category, f.address, f.operator, f.phone, f.website, f.opening_hours,
       f.step_free_entrance, e.ramp, e.ramp_slope_pct, e.door_width_cm, f.call_button,
       (SELECT count(*) FROM facility_entrance x WHERE x.facility_id = f.id)::integer AS entrance_count,
       f.elevator, f.elevator_cabin_width_cm, f.elevator_cabin_depth_cm, f.elevator_braille, f.elevator_voice,
       f.accessible_toilet, f.toilet_grab_rails, f.toilet_turning_cm, f.tactile_paving, f.braille_signage,
       f.large_print_signage, f.hearing_loop, f.sign_language, f.staff_help,
       f.accessible_parking, f.parking_spaces, f.parking_distance_m, f.surveyed_on, f.survey_source,
       COALESCE(f.grade_wheelchair, 'unknown') AS grade_wheelchair,
       COALESCE(f.grade_mobility, 'unknown') AS grade_mobility,
       COALESCE(f.grade_vision, 'unknown') AS grade_vision,
       COALESCE(f.grade_hearing, 'unknown') AS grade_hearing,
       f.updated_at,
       f.geom,
       f.building_id
FROM facility f
LEFT JOIN facility_entrance e ON e.facility_id = f.id AND e.is_main;
