-- The municipality table feeds the 'boundary' collection but has `id`, not `municipality_id`,
-- so the generic statement triggers of 0001 do not fit it: a row trigger of its own bumps the
-- version (and NOTIFYs other app instances) when a hromada's names or boundary change.
CREATE FUNCTION municipality_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_collection_versions(ARRAY[NEW.id], ARRAY['boundary']);
  RETURN NULL;
END $$;

CREATE TRIGGER cv_municipality AFTER INSERT OR UPDATE ON municipality
  FOR EACH ROW EXECUTE FUNCTION municipality_changed();
