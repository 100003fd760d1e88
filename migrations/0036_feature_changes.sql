-- Which features each version of a collection changed (issue 8: "an edit rebuilds whole
-- collections"). Until now a version bump told a tile server only *that* a collection changed, so
-- it dropped the index and re-read every feature: at ×20 moving one kiosk re-read 44,000 objects.
-- Now every bump also leaves a row here naming the version it replaced and the ids of the features
-- it touched, and a server whose index is at an older version reads only those features, if the
-- chain of rows from its version to the current one is complete and every link names its ids.
-- A link without ids (NULL: a change to an owner, a type, a boundary, which may move any feature)
-- means "rebuild", as before.
CREATE TABLE collection_change (
  -- a hromada's own rows (demo:reset clears them with the hromada's other data)
  municipality_id integer NOT NULL REFERENCES municipality(id),
  collection      text NOT NULL,
  version         bigint NOT NULL,
  previous        bigint NOT NULL,
  ids             integer[],
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, collection, version)
);

-- The bump of 0012 plus its change row. `ids` maps a municipality id (as text) to the feature ids
-- changed in it; NULL, or a municipality missing from it, records "not known".
CREATE FUNCTION bump_collection_versions(m_ids integer[], collections text[], ids jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE m integer; c text; prev bigint; next bigint;
BEGIN
  IF array_position(m_ids, NULL) IS NOT NULL THEN
    m_ids := ARRAY(SELECT id FROM municipality UNION SELECT x FROM unnest(m_ids) x WHERE x IS NOT NULL);
  END IF;
  FOREACH m IN ARRAY m_ids LOOP
    FOREACH c IN ARRAY collections LOOP
      -- Locked, so two writers of one collection chain their rows one after the other.
      SELECT version INTO prev FROM collection_version WHERE municipality_id = m AND collection = c FOR UPDATE;
      next := nextval('collection_version_seq');
      INSERT INTO collection_version AS cv (municipality_id, collection, version, changed_at)
      VALUES (m, c, next, now())
      ON CONFLICT (municipality_id, collection)
      DO UPDATE SET version = next, changed_at = now();
      -- Indexes are rebuilt every day anyway (legality is "as of today"): older links serve nobody.
      DELETE FROM collection_change WHERE municipality_id = m AND collection = c AND at < now() - interval '2 days';
      INSERT INTO collection_change (municipality_id, collection, version, previous, ids)
      VALUES (m, c, next, coalesce(prev, 1),
              (SELECT array_agg(x::integer ORDER BY x::integer) FROM jsonb_array_elements_text(ids -> m::text) x));
      PERFORM pg_notify('collection_changed', m::text || ':' || c);
    END LOOP;
  END LOOP;
END $$;

-- The two-argument form (the boundary's row trigger, the registry's daily publisher) knows no ids.
CREATE OR REPLACE FUNCTION bump_collection_versions(m_ids integer[], collections text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_collection_versions(m_ids, collections, NULL::jsonb);
END $$;

-- The statement triggers of 0001, now naming the features: a table whose rows are features
-- carries their id; one whose rows belong to a registry object (permits, payments, photos) its
-- object_id. Any other table (owners, types, elections …) names none. PL/pgSQL plans each
-- statement when it first runs, per table, so a branch reads only columns its tables have.
CREATE FUNCTION changed_feature_ids(tbl name) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN tbl IN ('registry_object', 'facility', 'comment', 'address_point', 'street', 'building') THEN 'id'
    WHEN tbl IN ('permit', 'payment', 'registry_photo') THEN 'object_id'
  END
$$;

CREATE OR REPLACE FUNCTION collection_changed_ins() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids jsonb;
BEGIN
  IF changed_feature_ids(TG_TABLE_NAME) = 'id' THEN
    SELECT jsonb_object_agg(m, i) INTO ids FROM (SELECT municipality_id AS m, array_agg(id) AS i FROM new_rows GROUP BY 1) g;
  ELSIF changed_feature_ids(TG_TABLE_NAME) = 'object_id' THEN
    SELECT jsonb_object_agg(m, i) INTO ids FROM (SELECT municipality_id AS m, array_agg(DISTINCT object_id) AS i FROM new_rows GROUP BY 1) g;
  END IF;
  PERFORM bump_collection_versions(ARRAY(SELECT DISTINCT municipality_id FROM new_rows), TG_ARGV, ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION collection_changed_upd() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids jsonb;
BEGIN
  IF changed_feature_ids(TG_TABLE_NAME) = 'id' THEN
    SELECT jsonb_object_agg(m, i) INTO ids FROM (
      SELECT m, array_agg(DISTINCT f) AS i FROM (SELECT municipality_id AS m, id AS f FROM new_rows UNION ALL SELECT municipality_id, id FROM old_rows) r GROUP BY 1) g;
  ELSIF changed_feature_ids(TG_TABLE_NAME) = 'object_id' THEN
    SELECT jsonb_object_agg(m, i) INTO ids FROM (
      SELECT m, array_agg(DISTINCT f) AS i FROM (SELECT municipality_id AS m, object_id AS f FROM new_rows UNION ALL SELECT municipality_id, object_id FROM old_rows) r GROUP BY 1) g;
  END IF;
  PERFORM bump_collection_versions(ARRAY(SELECT municipality_id FROM new_rows UNION SELECT municipality_id FROM old_rows), TG_ARGV, ids);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION collection_changed_del() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids jsonb;
BEGIN
  IF changed_feature_ids(TG_TABLE_NAME) = 'id' THEN
    SELECT jsonb_object_agg(m, i) INTO ids FROM (SELECT municipality_id AS m, array_agg(id) AS i FROM old_rows GROUP BY 1) g;
  ELSIF changed_feature_ids(TG_TABLE_NAME) = 'object_id' THEN
    SELECT jsonb_object_agg(m, i) INTO ids FROM (SELECT municipality_id AS m, array_agg(DISTINCT object_id) AS i FROM old_rows GROUP BY 1) g;
  END IF;
  PERFORM bump_collection_versions(ARRAY(SELECT DISTINCT municipality_id FROM old_rows), TG_ARGV, ids);
  RETURN NULL;
END $$;
