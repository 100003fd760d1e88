-- The registry's writes name the objects they change, and mark only the layers those objects are
-- in (issue 8: "writes mark only what they change").
--
-- Until now every statement on a registry table bumped 'maf', 'advertising' and 'maf_footprints'
-- alike (0030), and a statement on 'owner' or 'object_type' named no features (0036), so renaming
-- an owner made every tile server re-read both registry layers of the hromada, and moving a
-- billboard moved the versions (and the ETags) of the kiosks and of the summer terraces' footprints.
-- Now one trigger function serves the six registry tables. It finds the registry objects a statement
-- touched — the rows themselves (registry_object, before and after), the objects of the permits,
-- payments and photos written, the objects of the owners and types written — with what each object
-- is: its category and whether it is drawn as a footprint. Each layer is bumped with the ids of the
-- objects it holds (before or after), and not at all when it holds none of them:
--   maf             objects of a 'maf' type
--   advertising     objects of an 'advertising' type
--   maf_footprints  objects of a 'maf' type drawn as a polygon (pub_maf_footprints, 0030)
-- An owner or a type is shown by the registry's public answers (the owners' list, the types)
-- even with no objects, and those answers are keyed by the versions of 'maf' and 'advertising'
-- (server/registry/caching.ts): a write to them bumps both, with the ids of their objects — an
-- empty list when there are none, which a tile server patches as "nothing moved".

-- 0036's bump, keeping an empty list of ids empty: "none of the features" is not "not known".
CREATE OR REPLACE FUNCTION bump_collection_versions(m_ids integer[], collections text[], ids jsonb) RETURNS void
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
              CASE WHEN (ids -> m::text) IS NOT NULL
                   THEN ARRAY(SELECT x::integer FROM jsonb_array_elements_text(ids -> m::text) x ORDER BY x::integer) END);
      PERFORM pg_notify('collection_changed', m::text || ':' || c);
    END LOOP;
  END LOOP;
END $$;

-- A registry object a statement touched, as it is or was.
CREATE TYPE registry_touch AS (municipality_id integer, object_id integer, category text, footprint boolean);

-- Whether a registry layer holds an object of this category and shape (the WHERE of its view, 0030).
CREATE FUNCTION registry_layer_holds(collection text, category text, footprint boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE collection
    WHEN 'maf' THEN category = 'maf'
    WHEN 'advertising' THEN category = 'advertising'
    WHEN 'maf_footprints' THEN category = 'maf' AND footprint
    ELSE true
  END
$$;

-- The statement trigger of the registry tables; TG_ARGV names the layers they feed. PL/pgSQL plans
-- each statement when it first runs, per table, so a branch reads only columns its tables have,
-- and only the transition tables its event has.
CREATE FUNCTION registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched registry_touch[] := '{}';
  -- hromadas whose owners or types were written: their 'maf' and 'advertising' move regardless
  listed integer[] := '{}';
  m integer; c text; ids integer[];
BEGIN
  IF TG_TABLE_NAME = 'registry_object' THEN
    IF TG_OP <> 'DELETE' THEN
      touched := touched || ARRAY(SELECT ROW(r.municipality_id, r.id, t.category, GeometryType(r.geom) <> 'POINT')::registry_touch
                                  FROM new_rows r JOIN object_type t ON t.code = r.type_code);
    END IF;
    IF TG_OP <> 'INSERT' THEN
      touched := touched || ARRAY(SELECT ROW(r.municipality_id, r.id, t.category, GeometryType(r.geom) <> 'POINT')::registry_touch
                                  FROM old_rows r JOIN object_type t ON t.code = r.type_code);
    END IF;
  ELSIF TG_TABLE_NAME IN ('permit', 'payment', 'registry_photo') THEN
    -- the objects as they are now: a permit, a payment or a photo does not change what an object is
    IF TG_OP <> 'DELETE' THEN
      touched := touched || ARRAY(SELECT ROW(o.municipality_id, o.id, t.category, GeometryType(o.geom) <> 'POINT')::registry_touch
                                  FROM (SELECT DISTINCT object_id FROM new_rows) r
                                  JOIN registry_object o ON o.id = r.object_id JOIN object_type t ON t.code = o.type_code);
    END IF;
    IF TG_OP <> 'INSERT' THEN
      touched := touched || ARRAY(SELECT ROW(o.municipality_id, o.id, t.category, GeometryType(o.geom) <> 'POINT')::registry_touch
                                  FROM (SELECT DISTINCT object_id FROM old_rows) r
                                  JOIN registry_object o ON o.id = r.object_id JOIN object_type t ON t.code = o.type_code);
    END IF;
  ELSIF TG_TABLE_NAME = 'owner' THEN
    IF TG_OP <> 'DELETE' THEN
      listed := listed || ARRAY(SELECT DISTINCT municipality_id FROM new_rows);
      touched := touched || ARRAY(SELECT ROW(o.municipality_id, o.id, t.category, GeometryType(o.geom) <> 'POINT')::registry_touch
                                  FROM new_rows r JOIN registry_object o ON o.owner_id = r.id JOIN object_type t ON t.code = o.type_code);
    END IF;
    IF TG_OP <> 'INSERT' THEN
      listed := listed || ARRAY(SELECT DISTINCT municipality_id FROM old_rows);
      touched := touched || ARRAY(SELECT ROW(o.municipality_id, o.id, t.category, GeometryType(o.geom) <> 'POINT')::registry_touch
                                  FROM old_rows r JOIN registry_object o ON o.owner_id = r.id JOIN object_type t ON t.code = o.type_code);
    END IF;
  ELSIF TG_TABLE_NAME = 'object_type' THEN
    -- a type with no hromada of its own (the national list) is every hromada's; its category
    -- before and after both count, as an object changing category leaves one layer for the other
    IF TG_OP <> 'DELETE' THEN
      listed := listed || ARRAY(SELECT h.id FROM municipality h WHERE EXISTS (
                  SELECT 1 FROM new_rows r WHERE r.municipality_id IS NULL OR r.municipality_id = h.id));
      touched := touched || ARRAY(SELECT ROW(o.municipality_id, o.id, r.category, GeometryType(o.geom) <> 'POINT')::registry_touch
                                  FROM new_rows r JOIN registry_object o ON o.type_code = r.code
                                  AND (r.municipality_id IS NULL OR o.municipality_id = r.municipality_id));
    END IF;
    IF TG_OP <> 'INSERT' THEN
      listed := listed || ARRAY(SELECT h.id FROM municipality h WHERE EXISTS (
                  SELECT 1 FROM old_rows r WHERE r.municipality_id IS NULL OR r.municipality_id = h.id));
      touched := touched || ARRAY(SELECT ROW(o.municipality_id, o.id, r.category, GeometryType(o.geom) <> 'POINT')::registry_touch
                                  FROM old_rows r JOIN registry_object o ON o.type_code = r.code
                                  AND (r.municipality_id IS NULL OR o.municipality_id = r.municipality_id));
    END IF;
  ELSE
    RAISE EXCEPTION 'registry_changed() does not know table %', TG_TABLE_NAME;
  END IF;

  FOR m IN SELECT x FROM unnest(listed) x UNION SELECT (t).municipality_id FROM unnest(touched) t ORDER BY 1 LOOP
    FOREACH c IN ARRAY TG_ARGV LOOP
      ids := ARRAY(SELECT DISTINCT t.object_id FROM unnest(touched) t
                   WHERE t.municipality_id = m AND registry_layer_holds(c, t.category, t.footprint) ORDER BY 1);
      IF cardinality(ids) > 0 OR (m = ANY(listed) AND c IN ('maf', 'advertising')) THEN
        PERFORM bump_collection_versions(ARRAY[m], ARRAY[c], jsonb_build_object(m::text, to_jsonb(ids)));
      END IF;
    END LOOP;
  END LOOP;
  RETURN NULL;
END $$;

DO $$
DECLARE tbl text;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['registry_object', 'permit', 'payment', 'owner', 'object_type', 'registry_photo'] LOOP
    EXECUTE format('DROP TRIGGER cv_ins ON %I', tbl);
    EXECUTE format('DROP TRIGGER cv_upd ON %I', tbl);
    EXECUTE format('DROP TRIGGER cv_del ON %I', tbl);
    EXECUTE format('CREATE TRIGGER cv_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION registry_changed(%L, %L, %L)', tbl, 'maf', 'advertising', 'maf_footprints');
    EXECUTE format('CREATE TRIGGER cv_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION registry_changed(%L, %L, %L)', tbl, 'maf', 'advertising', 'maf_footprints');
    EXECUTE format('CREATE TRIGGER cv_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION registry_changed(%L, %L, %L)', tbl, 'maf', 'advertising', 'maf_footprints');
  END LOOP;
END $$;
