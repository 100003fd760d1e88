-- The accessibility map's real model (seed item 30.6, issue 10): a facility has entrances (one is
-- main) with their measurements, its inside and parking facts, who operates it and where the survey
-- came from; grades per need are derived by server/rules/accessibility.ts from these facts and a
-- hromada's thresholds (below) and stored on the facility by the write core
-- (server/accessibility/core/), so tiles, the nearest search and the filters read plain columns.
--
-- Modelled on A11yJSON (sozialhelden, the `Entrance`, `Ramp`, `Door`, `Toilet`, `Parking`
-- interfaces) and the checklists of ДБН В.2.2-40:2018. NULL always means "not known"; an explicit
-- false or 0 means "surveyed and absent": never the same thing, here or in any face.

-- A new role: the department that surveys buildings (architecture or social), not the registry's.
ALTER TABLE app_user DROP CONSTRAINT app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles_check
  CHECK (roles <@ ARRAY['admin','registry_editor','moderator','deputy','accessibility_editor']::text[]);

CREATE TABLE facility_entrance (
  id                     serial PRIMARY KEY,
  municipality_id        integer NOT NULL REFERENCES municipality(id),
  facility_id            integer NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  is_main                boolean NOT NULL DEFAULT false,
  name                   text CHECK (length(name) <= 200),          -- «з двору», «бічний вхід»
  -- Where the door is (OSM entrance=* node); NULL: at the facility's own point.
  geom                   geometry(Point, 4326),
  -- A11yJSON Entrance.isLevel: no step or stair on the way in.
  level                  boolean,
  step_count             smallint CHECK (step_count BETWEEN 0 AND 100),
  step_height_cm         numeric(4,1) CHECK (step_height_cm >= 0 AND step_height_cm <= 100),
  ramp                   boolean,
  ramp_removable         boolean,
  ramp_slope_pct         numeric(4,1) CHECK (ramp_slope_pct >= 0 AND ramp_slope_pct <= 100),
  ramp_width_cm          smallint CHECK (ramp_width_cm > 0 AND ramp_width_cm <= 1000),
  ramp_handrails         boolean,
  door_width_cm          smallint CHECK (door_width_cm > 0 AND door_width_cm <= 1000),
  door_type              text CHECK (door_type IN ('hinged','sliding','revolving','swinging','opening','none')),
  threshold_height_cm    numeric(3,1) CHECK (threshold_height_cm >= 0 AND threshold_height_cm <= 50),
  automatic_door         boolean,
  call_button            boolean,
  call_button_height_cm  smallint CHECK (call_button_height_cm > 0 AND call_button_height_cm <= 300),
  intercom               boolean,
  tactile_guidance       boolean,
  surveyed_on            date,
  notes                  text CHECK (length(notes) <= 2000),
  row_version            integer NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facility_entrance_facility_idx ON facility_entrance (facility_id);
CREATE UNIQUE INDEX facility_entrance_one_main ON facility_entrance (facility_id) WHERE is_main;

-- The flat entrance columns become each surveyed facility's main entrance.
INSERT INTO facility_entrance (municipality_id, facility_id, is_main, level, ramp, ramp_slope_pct, ramp_handrails,
                               door_width_cm, call_button, call_button_height_cm, tactile_guidance, surveyed_on)
SELECT municipality_id, id, true, step_free_entrance, ramp, ramp_slope_pct, ramp_handrails,
       door_width_cm, call_button, call_button_height_cm, tactile_guidance, surveyed_on
FROM facility
WHERE surveyed_on IS NOT NULL
   OR num_nonnulls(step_free_entrance, ramp, ramp_slope_pct, ramp_handrails, door_width_cm, call_button, call_button_height_cm) > 0;

DROP VIEW pub_facilities;
ALTER TABLE facility
  DROP COLUMN step_free_entrance, DROP COLUMN ramp, DROP COLUMN ramp_slope_pct, DROP COLUMN ramp_handrails,
  DROP COLUMN door_width_cm, DROP COLUMN call_button, DROP COLUMN call_button_height_cm;
ALTER TABLE facility RENAME COLUMN tactile_guidance TO tactile_paving;
ALTER TABLE facility
  ADD COLUMN operator                 text CHECK (length(operator) <= 300),
  ADD COLUMN phone                    text CHECK (length(phone) <= 100),
  ADD COLUMN website                  text CHECK (length(website) <= 300),
  ADD COLUMN opening_hours            text CHECK (length(opening_hours) <= 300),   -- OSM opening_hours syntax
  ADD COLUMN survey_source            text CHECK (survey_source IN ('survey','resident','import')),
  -- Inside: an elevator or a platform lift, its cabin and what it tells a blind person.
  ADD COLUMN elevator_cabin_width_cm  smallint CHECK (elevator_cabin_width_cm > 0 AND elevator_cabin_width_cm <= 1000),
  ADD COLUMN elevator_cabin_depth_cm  smallint CHECK (elevator_cabin_depth_cm > 0 AND elevator_cabin_depth_cm <= 1000),
  ADD COLUMN elevator_braille         boolean,
  ADD COLUMN elevator_voice           boolean,
  ADD COLUMN toilet_grab_rails        boolean,
  ADD COLUMN toilet_turning_cm        smallint CHECK (toilet_turning_cm > 0 AND toilet_turning_cm <= 1000),
  ADD COLUMN large_print_signage      boolean,
  ADD COLUMN sign_language            boolean,
  ADD COLUMN staff_help               boolean,
  -- Parking: 0 spaces is "surveyed, none"; NULL is "not known".
  ADD COLUMN parking_spaces           smallint CHECK (parking_spaces BETWEEN 0 AND 1000),
  ADD COLUMN parking_distance_m       smallint CHECK (parking_distance_m BETWEEN 0 AND 10000),
  -- Derived by the write core from the facts and the hromada's thresholds (never typed in):
  ADD COLUMN step_free_entrance       boolean,
  ADD COLUMN call_button              boolean,
  ADD COLUMN grade_wheelchair         text CHECK (grade_wheelchair IN ('full','partial','none','unknown')),
  ADD COLUMN grade_mobility           text CHECK (grade_mobility IN ('full','partial','none','unknown')),
  ADD COLUMN grade_vision             text CHECK (grade_vision IN ('full','partial','none','unknown')),
  ADD COLUMN grade_hearing            text CHECK (grade_hearing IN ('full','partial','none','unknown')),
  -- NULL: not graded yet (facilities from before this migration; the server grades them at start).
  ADD COLUMN graded_at                timestamptz;
CREATE INDEX facility_ungraded_idx ON facility (municipality_id) WHERE graded_at IS NULL;

-- The thresholds the grades are measured against: the national defaults with their sources, and
-- what a hromada's admin set instead. Rules read COALESCE(hromada's value, default).
CREATE TABLE accessibility_threshold_default (
  code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,60}$'),
  value      numeric(8,2) NOT NULL,
  unit       text NOT NULL,
  label_uk   text NOT NULL,
  label_en   text NOT NULL,
  source_uk  text NOT NULL,
  source_en  text NOT NULL
);
INSERT INTO accessibility_threshold_default (code, value, unit, label_uk, label_en, source_uk, source_en) VALUES
  ('ramp_max_slope_pct', 8, '%', 'Найбільший ухил пандуса', 'Steepest ramp slope',
   'ДБН В.2.2-40:2018, вимоги до пандусів: ухил не більше 1:12 (8 %)', 'ДБН В.2.2-40:2018, ramps: a slope of at most 1:12 (8 %)'),
  ('ramp_min_width_cm', 100, 'см', 'Найменша ширина пандуса', 'Narrowest ramp',
   'ДБН В.2.2-40:2018, вимоги до пандусів: ширина маршу не менше 1,0 м', 'ДБН В.2.2-40:2018, ramps: a clear width of at least 1.0 m'),
  ('door_min_width_cm', 90, 'см', 'Найменша ширина дверей у просвіті', 'Narrowest clear door width',
   'ДБН В.2.2-40:2018, входи і двері: ширина дверного прорізу в просвіті не менше 0,9 м', 'ДБН В.2.2-40:2018, entrances and doors: a clear width of at least 0.9 m'),
  ('threshold_max_cm', 2, 'см', 'Найвищий поріг', 'Highest door threshold',
   'ДБН В.2.2-40:2018, входи і двері: поріг не вище 0,02 м', 'ДБН В.2.2-40:2018, entrances and doors: a threshold of at most 0.02 m'),
  ('limited_step_max_cm', 7, 'см', 'Одна сходинка, яку ще долає крісло колісне', 'One step a wheelchair can still take',
   'OpenStreetMap: wheelchair=limited — одна сходинка не вище 7 см', 'OpenStreetMap: wheelchair=limited — a single step of at most 7 cm'),
  ('call_button_min_height_cm', 85, 'см', 'Найнижча кнопка виклику', 'Lowest call button',
   'ДБН В.2.2-40:2018, елементи керування: на висоті 0,85–1,1 м від підлоги', 'ДБН В.2.2-40:2018, controls: 0.85-1.1 m above the floor'),
  ('call_button_max_height_cm', 110, 'см', 'Найвища кнопка виклику', 'Highest call button',
   'ДБН В.2.2-40:2018, елементи керування: на висоті 0,85–1,1 м від підлоги', 'ДБН В.2.2-40:2018, controls: 0.85-1.1 m above the floor'),
  ('toilet_min_turning_cm', 150, 'см', 'Найменший діаметр розвороту у вбиральні', 'Smallest turning circle in the toilet',
   'ДБН В.2.2-40:2018, санітарні приміщення: зона розвороту крісла колісного діаметром 1,5 м', 'ДБН В.2.2-40:2018, toilets: a 1.5 m wheelchair turning circle');

CREATE TABLE accessibility_threshold (
  municipality_id integer NOT NULL REFERENCES municipality(id),
  code            text NOT NULL REFERENCES accessibility_threshold_default(code),
  value           numeric(8,2) NOT NULL CHECK (value >= 0),
  changed_at      timestamptz NOT NULL DEFAULT now(),
  changed_by      integer REFERENCES app_user(id),
  PRIMARY KEY (municipality_id, code)
);

-- A hromada's thresholds, each with its default and source (what an admin sees).
CREATE VIEW accessibility_thresholds AS
SELECT m.id AS municipality_id, d.code, COALESCE(t.value, d.value) AS value, d.value AS default_value,
       t.value IS NOT NULL AS overridden, d.unit, d.label_uk, d.label_en, d.source_uk, d.source_en, t.changed_at
FROM municipality m CROSS JOIN accessibility_threshold_default d
LEFT JOIN accessibility_threshold t ON t.municipality_id = m.id AND t.code = d.code;

SELECT track_collections('facility_entrance', ARRAY['facilities']);

-- The public face of facilities: the facts residents rely on, the main entrance's measurements
-- (what a glance at the card or a CQL2 filter needs), the derived features and the grades.
CREATE VIEW pub_facilities AS
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
       f.geom
FROM facility f
LEFT JOIN facility_entrance e ON e.facility_id = f.id AND e.is_main;

-- Every entrance of every facility, for the card and the exports (public measurements only).
CREATE VIEW pub_facility_entrances AS
SELECT e.municipality_id, e.id, e.facility_id, e.is_main, e.name, e.level, e.step_count, e.step_height_cm,
       e.ramp, e.ramp_removable, e.ramp_slope_pct, e.ramp_width_cm, e.ramp_handrails, e.door_width_cm, e.door_type,
       e.threshold_height_cm, e.automatic_door, e.call_button, e.call_button_height_cm, e.intercom, e.tactile_guidance,
       e.surveyed_on, COALESCE(e.geom, f.geom) AS geom
FROM facility_entrance e JOIN facility f ON f.id = e.facility_id;
