-- The names address search compares, one row per street name, with its search_key() kept
-- beside it: the street as it is called now, its Latin spelling (the 2010 national system), and
-- its former names (street_alias). A hromada has a few hundred of them, so a search scores every
-- one with pg_trgm in a millisecond, where computing search_key() at query time over the names
-- would take ~100 ms. Statement-level triggers keep it current whoever writes the addresses
-- (the import, the demo) or the renamings.

CREATE TABLE street_search (
  municipality_id integer NOT NULL REFERENCES municipality(id),
  street_uk       text NOT NULL,   -- the street as it is called now (address_point.street_uk)
  name            text NOT NULL,   -- the name matched
  kind            text NOT NULL CHECK (kind IN ('current','latin','former')),
  key             text NOT NULL,   -- search_key(name)
  PRIMARY KEY (municipality_id, kind, name, street_uk)
);

CREATE FUNCTION refresh_street_search(municipalities integer[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM street_search WHERE municipality_id = ANY(municipalities);
  INSERT INTO street_search (municipality_id, street_uk, name, kind, key)
  SELECT municipality_id, street_uk, name, kind, search_key(name) FROM (
    SELECT DISTINCT municipality_id, street_uk, street_uk AS name, 'current' AS kind FROM address_point WHERE municipality_id = ANY(municipalities)
    UNION
    SELECT DISTINCT municipality_id, street_uk, street_en, 'latin' FROM address_point
    WHERE municipality_id = ANY(municipalities) AND street_en IS NOT NULL AND street_en <> ''
    UNION
    SELECT municipality_id, street_uk, old_name, 'former' FROM street_alias WHERE municipality_id = ANY(municipalities)
  ) names;
$$;

CREATE FUNCTION street_search_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_street_search(ARRAY(SELECT DISTINCT municipality_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION street_search_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_street_search(ARRAY(SELECT DISTINCT municipality_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION street_search_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_street_search(ARRAY(SELECT municipality_id FROM new_rows UNION SELECT municipality_id FROM old_rows));
  RETURN NULL;
END $$;

CREATE TRIGGER street_search_ins AFTER INSERT ON address_point REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_search_ins();
CREATE TRIGGER street_search_upd AFTER UPDATE ON address_point REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_search_upd();
CREATE TRIGGER street_search_del AFTER DELETE ON address_point REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_search_del();
CREATE TRIGGER street_search_ins AFTER INSERT ON street_alias REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_search_ins();
CREATE TRIGGER street_search_upd AFTER UPDATE ON street_alias REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_search_upd();
CREATE TRIGGER street_search_del AFTER DELETE ON street_alias REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION street_search_del();

SELECT refresh_street_search(ARRAY(SELECT id FROM municipality));

-- Houses of one street, for the second step of a search.
CREATE INDEX address_point_street_idx ON address_point (municipality_id, street_uk);
