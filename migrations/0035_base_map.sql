-- A base map of the hromada's own (issue 8): street centre lines with their names and building
-- footprints with address and levels, from the council's topographic base. Without an outside
-- basemap (no internet, or a council that wants no third party in every page view) the map draws
-- these under the service layers, so a resident can still find a street.

-- One named street: its centre lines, in pieces where it is interrupted (a square, a ravine).
CREATE TABLE street (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  name_uk         text NOT NULL CHECK (length(name_uk) BETWEEN 2 AND 200),   -- "вулиця Шевченка"
  name_en         text CHECK (length(name_en) <= 200),                      -- transliterated (CMU resolution No. 55, 2010)
  geom            geometry(MultiLineString, 4326) NOT NULL,
  row_version     integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX street_geom_gix ON street USING gist (geom);
CREATE INDEX street_municipality_idx ON street (municipality_id, name_uk);

-- A building's footprint. The address is the one the register gives the building (street and
-- house number as written on it); outbuildings have none.
CREATE TABLE building (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  street_uk       text CHECK (length(street_uk) BETWEEN 2 AND 200),
  house_number    text CHECK (length(house_number) BETWEEN 1 AND 40),
  levels          smallint CHECK (levels BETWEEN 1 AND 100),
  geom            geometry(MultiPolygon, 4326) NOT NULL,
  row_version     integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((street_uk IS NULL) = (house_number IS NULL))
);
CREATE INDEX building_geom_gix ON building USING gist (geom);
CREATE INDEX building_municipality_idx ON building (municipality_id);

SELECT track_collections('street', ARRAY['streets']);
SELECT track_collections('building', ARRAY['buildings']);

CREATE VIEW pub_streets AS
SELECT municipality_id, id, name_uk, name_en, geom
FROM street;

CREATE VIEW pub_buildings AS
SELECT municipality_id, id,
       CASE WHEN street_uk IS NOT NULL THEN street_uk || ', ' || house_number END AS address,
       street_uk, house_number, levels, geom
FROM building;
