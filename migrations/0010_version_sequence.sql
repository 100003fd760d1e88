-- Collection versions come from one sequence, so they never repeat: after demo:reset (TRUNCATE)
-- a restarted count would hand out ETags that clients and proxies already hold for other data.
CREATE SEQUENCE collection_version_seq START 1000;

CREATE OR REPLACE FUNCTION bump_collection_versions(m_ids integer[], collections text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE m integer; c text;
BEGIN
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
