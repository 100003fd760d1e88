-- object_type feeds the registry's collections (pub_registry shows a type's names) but carried no
-- version trigger, so renaming a type left 'maf' and 'advertising' at their old version: tiles and
-- ETags kept the old name until midnight. Its municipality_id is NULL for the national list,
-- which every hromada uses, so a NULL id now bumps the collections of every hromada.
CREATE OR REPLACE FUNCTION bump_collection_versions(m_ids integer[], collections text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE m integer; c text;
BEGIN
  IF array_position(m_ids, NULL) IS NOT NULL THEN
    m_ids := ARRAY(SELECT id FROM municipality UNION SELECT x FROM unnest(m_ids) x WHERE x IS NOT NULL);
  END IF;
  FOREACH m IN ARRAY m_ids LOOP
    FOREACH c IN ARRAY collections LOOP
      INSERT INTO collection_version AS cv (municipality_id, collection, version, changed_at)
      VALUES (m, c, nextval('collection_version_seq'), now())
      ON CONFLICT (municipality_id, collection)
      DO UPDATE SET version = nextval('collection_version_seq'), changed_at = now();
      PERFORM pg_notify('collection_changed', m::text || ':' || c);
    END LOOP;
  END LOOP;
END $$;

SELECT track_collections('object_type', ARRAY['maf','advertising']);
