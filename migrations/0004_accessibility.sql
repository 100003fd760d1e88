-- Accessibility of buildings and facilities (seed item 30.6): what each entrance offers, as
-- surveyed. Grades for each need are derived in the public view from these facts, by the
-- thresholds of ДБН В.2.2-40:2018 "Inclusiveness of buildings and structures".

CREATE TABLE facility (
  id                     serial PRIMARY KEY,
  municipality_id        integer NOT NULL REFERENCES municipality(id),
  name                   text NOT NULL,
  category               text NOT NULL CHECK (category IN
                           ('administration','health','education','culture','shop','pharmacy',
                            'bank','transport','sport','food','social','other')),
  address                text,
  geom                   geometry(Point, 4326) NOT NULL,
  external_id            text,
  -- Entrance
  step_free_entrance     boolean,
  ramp                   boolean,
  ramp_slope_pct         numeric(4,1) CHECK (ramp_slope_pct >= 0),
  ramp_handrails         boolean,
  door_width_cm          smallint CHECK (door_width_cm > 0),
  call_button            boolean,
  call_button_height_cm  smallint CHECK (call_button_height_cm > 0),
  -- Inside
  elevator               boolean,
  accessible_toilet      boolean,
  tactile_guidance       boolean,
  braille_signage        boolean,
  hearing_loop           boolean,
  accessible_parking     boolean,
  surveyed_on            date,
  notes                  text,
  row_version            integer NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, external_id)
);
CREATE INDEX facility_geom_gix ON facility USING gist (geom);
CREATE INDEX facility_name_trgm ON facility USING gin (name gin_trgm_ops);

SELECT track_collections('facility', ARRAY['facilities']);
