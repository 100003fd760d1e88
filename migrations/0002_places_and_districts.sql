-- Address points (for search and for giving objects an address) and the electoral districts
-- with their deputies (seed item 30.2 "Your deputy").

CREATE TABLE address_point (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  street_uk       text NOT NULL,      -- "вулиця Шевченка"
  street_en       text,               -- transliterated, per the 2010 Cabinet resolution No. 55
  house_number    text NOT NULL,      -- "12", "12-А", "3/1"
  postcode        text,
  geom            geometry(Point, 4326) NOT NULL
);
CREATE INDEX address_point_geom_gix ON address_point USING gist (geom);
CREATE INDEX address_point_street_trgm ON address_point USING gin (street_uk gin_trgm_ops);
CREATE INDEX address_point_municipality_idx ON address_point (municipality_id);

-- One election (convocation) of the council. District boundaries belong to one election.
CREATE TABLE election (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  name_uk         text NOT NULL,
  name_en         text NOT NULL,
  held_on         date NOT NULL,
  -- 2015 system: one deputy per district; 2020 system: multi-member districts.
  seats_per_district text NOT NULL CHECK (seats_per_district IN ('single','multi')),
  is_current      boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX election_one_current ON election (municipality_id) WHERE is_current;

CREATE TABLE electoral_district (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  election_id     integer NOT NULL REFERENCES election(id),
  number          integer NOT NULL CHECK (number > 0),
  name_uk         text,
  -- In Ukrainian practice a district is described as a list of streets and house numbers.
  description_uk  text,
  geom            geometry(MultiPolygon, 4326) NOT NULL,
  UNIQUE (election_id, number)
);
CREATE INDEX electoral_district_geom_gix ON electoral_district USING gist (geom);

CREATE TABLE deputy (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  election_id     integer NOT NULL REFERENCES election(id),
  district_id     integer REFERENCES electoral_district(id),
  full_name       text NOT NULL,
  faction         text,
  committees      text[] NOT NULL DEFAULT '{}',
  reception_hours text,
  assistants      text[] NOT NULL DEFAULT '{}',
  public_phone    text,
  public_email    text,
  photo_url       text,
  -- private: how the council's staff reach the deputy; never in a public view
  private_phone   text
);
CREATE INDEX deputy_district_idx ON deputy (district_id);

ALTER TABLE app_user ADD CONSTRAINT app_user_deputy_fk FOREIGN KEY (deputy_id) REFERENCES deputy(id);

SELECT track_collections('address_point', ARRAY['addresses']);
SELECT track_collections('electoral_district', ARRAY['districts']);
SELECT track_collections('deputy', ARRAY['districts']);
SELECT track_collections('election', ARRAY['districts']);
