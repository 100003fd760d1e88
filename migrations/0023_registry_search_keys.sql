-- The registry's search keys, stored (issue 9): until now a search ran search_key() (0013) on
-- every object's address, owner's name, record number and permit numbers at query time — about
-- 20-50 µs a call, four calls an object, so at ×20 (44,000 objects in a hromada) one search took
-- seconds. Now each record keeps its keys beside the value, and the searched ones have pg_trgm
-- indexes (pg_trgm is present on both engines: 0001, and the embedded engine loads it).
--
-- A BEFORE trigger keeps a key equal to search_key() of its value. A writer may hand in the key
-- itself — the import does, computed by searchKey(), search_key()'s tested twin in
-- server/rules/search-key.ts, because 100,000 calls of the SQL function would add seconds to a
-- first import — and the trigger then keeps it; a writer that changes a value and not its key
-- (every other writer) gets the key recomputed.
ALTER TABLE registry_object ADD COLUMN search_address text, ADD COLUMN search_external_id text;
ALTER TABLE owner ADD COLUMN search_name text;
ALTER TABLE permit ADD COLUMN search_number text;

-- key := search_key(value) unless the writer set it: on INSERT, a key given; on UPDATE, a key
-- changed along with its value.
CREATE FUNCTION registry_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'registry_object' THEN
    IF TG_OP = 'INSERT' THEN
      NEW.search_address := coalesce(NEW.search_address, search_key(coalesce(NEW.address, '')));
      NEW.search_external_id := coalesce(NEW.search_external_id, search_key(coalesce(NEW.external_id, '')));
    ELSE
      IF NEW.address IS DISTINCT FROM OLD.address AND NEW.search_address IS NOT DISTINCT FROM OLD.search_address THEN
        NEW.search_address := search_key(coalesce(NEW.address, ''));
      END IF;
      IF NEW.external_id IS DISTINCT FROM OLD.external_id AND NEW.search_external_id IS NOT DISTINCT FROM OLD.search_external_id THEN
        NEW.search_external_id := search_key(coalesce(NEW.external_id, ''));
      END IF;
    END IF;
  ELSIF TG_TABLE_NAME = 'owner' THEN
    IF TG_OP = 'INSERT' OR (NEW.name IS DISTINCT FROM OLD.name AND NEW.search_name IS NOT DISTINCT FROM OLD.search_name) THEN
      NEW.search_name := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.search_name, search_key(NEW.name)) ELSE search_key(NEW.name) END;
    END IF;
  ELSIF TG_OP = 'INSERT' OR (NEW.number IS DISTINCT FROM OLD.number AND NEW.search_number IS NOT DISTINCT FROM OLD.search_number) THEN
    NEW.search_number := CASE WHEN TG_OP = 'INSERT' THEN coalesce(NEW.search_number, search_key(NEW.number)) ELSE search_key(NEW.number) END;
  END IF;
  RETURN NEW;
END $$;

-- WHEN clauses, so that a row whose keys came with it (100,000 in an import) never enters PL/pgSQL.
CREATE TRIGGER registry_object_search_keys_ins BEFORE INSERT ON registry_object FOR EACH ROW
  WHEN (NEW.search_address IS NULL OR NEW.search_external_id IS NULL) EXECUTE FUNCTION registry_search_keys();
CREATE TRIGGER registry_object_search_keys_upd BEFORE UPDATE ON registry_object FOR EACH ROW
  WHEN ((NEW.address IS DISTINCT FROM OLD.address AND NEW.search_address IS NOT DISTINCT FROM OLD.search_address)
     OR (NEW.external_id IS DISTINCT FROM OLD.external_id AND NEW.search_external_id IS NOT DISTINCT FROM OLD.search_external_id))
  EXECUTE FUNCTION registry_search_keys();
CREATE TRIGGER owner_search_keys_ins BEFORE INSERT ON owner FOR EACH ROW
  WHEN (NEW.search_name IS NULL) EXECUTE FUNCTION registry_search_keys();
CREATE TRIGGER owner_search_keys_upd BEFORE UPDATE ON owner FOR EACH ROW
  WHEN (NEW.name IS DISTINCT FROM OLD.name AND NEW.search_name IS NOT DISTINCT FROM OLD.search_name)
  EXECUTE FUNCTION registry_search_keys();
CREATE TRIGGER permit_search_keys_ins BEFORE INSERT ON permit FOR EACH ROW
  WHEN (NEW.search_number IS NULL) EXECUTE FUNCTION registry_search_keys();
CREATE TRIGGER permit_search_keys_upd BEFORE UPDATE ON permit FOR EACH ROW
  WHEN (NEW.number IS DISTINCT FROM OLD.number AND NEW.search_number IS NOT DISTINCT FROM OLD.search_number)
  EXECUTE FUNCTION registry_search_keys();

-- The keys of what is there. Without a trigger firing (the UPDATE sets the keys itself), and
-- without the collection triggers: no feature changes.
ALTER TABLE registry_object DISABLE TRIGGER USER;
ALTER TABLE owner DISABLE TRIGGER USER;
ALTER TABLE permit DISABLE TRIGGER USER;
UPDATE registry_object SET search_address = search_key(coalesce(address, '')), search_external_id = search_key(coalesce(external_id, ''));
UPDATE owner SET search_name = search_key(name);
UPDATE permit SET search_number = search_key(number);
ALTER TABLE registry_object ENABLE TRIGGER USER;
ALTER TABLE owner ENABLE TRIGGER USER;
ALTER TABLE permit ENABLE TRIGGER USER;
ALTER TABLE registry_object ALTER COLUMN search_address SET NOT NULL, ALTER COLUMN search_external_id SET NOT NULL;
ALTER TABLE owner ALTER COLUMN search_name SET NOT NULL;
ALTER TABLE permit ALTER COLUMN search_number SET NOT NULL;

-- The trigram indexes now hold the keys the search compares; those on the raw values served only
-- the search (0003, 0007) and would cost an import as much again.
DROP INDEX registry_object_address_trgm;
DROP INDEX owner_name_trgm;
DROP INDEX permit_number_trgm;
CREATE INDEX registry_object_search_address_trgm ON registry_object USING gin (search_address gin_trgm_ops);
CREATE INDEX owner_search_name_trgm ON owner USING gin (search_name gin_trgm_ops);
CREATE INDEX permit_search_number_trgm ON permit USING gin (search_number gin_trgm_ops);

-- What a public search reads: the keys of public values only (the address, the owner's public
-- name, the record number, permit numbers — all shown in pub_registry already).
CREATE VIEW pub_registry_search AS
SELECT o.municipality_id, o.id, o.search_address, o.search_external_id, o.owner_id, w.search_name AS owner_search_name
FROM registry_object o
LEFT JOIN owner w ON w.id = o.owner_id;

CREATE VIEW pub_registry_permit_search AS
SELECT p.municipality_id, p.object_id, p.search_number
FROM permit p;

-- The owners' picker searches names by the stored key too (appended: CREATE OR REPLACE VIEW).
CREATE OR REPLACE VIEW pub_registry_owners AS
SELECT w.municipality_id, w.id, w.kind, w.name,
       CASE WHEN w.kind <> 'sole_proprietor' THEN w.edrpou END AS edrpou,
       w.public_contact,
       w.search_name
FROM owner w;
