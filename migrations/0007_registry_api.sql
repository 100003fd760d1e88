-- The registry's HTTP API (server/registry/): photos of objects, object types a hromada adds to
-- the national list, optimistic concurrency on owners and permits, the publisher's details the
-- open-data export needs, public views of the non-spatial registry tables, and indexes for the
-- table, its filters and its search.

-- Object types: rows without a municipality are the national list (0003); a hromada's admin adds
-- its own, seen only in that hromada. Codes stay globally unique (registry_object references them).
ALTER TABLE object_type ADD COLUMN municipality_id integer REFERENCES municipality(id);
CREATE INDEX object_type_municipality_idx ON object_type (municipality_id);

-- That an object takes a national type or one of its own hromada's is checked by the writers
-- (the API; the import maps national names), not by a row trigger here: a per-row trigger would
-- tax the 100,000-row import for a rule its type mapping already keeps.

-- Optimistic concurrency for owners and permits, as registry_object already has it: an edit names
-- the row_version it started from, and a stale one is refused with the other editor's change.
ALTER TABLE owner ADD COLUMN row_version integer NOT NULL DEFAULT 1;
ALTER TABLE owner ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE permit ADD COLUMN row_version integer NOT NULL DEFAULT 1;
ALTER TABLE permit ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Photos of objects, kept in the database rather than under DATA_DIR: app servers are stateless
-- behind a proxy (a file written by one would be missing on the others), a photo then commits or
-- rolls back with its audit row, and one backup (or replica) holds everything. Photos are capped
-- at 5 MiB and a city has a few thousand objects, so the table stays in the low gigabytes; they
-- are served with a long immutable Cache-Control, so a caching proxy absorbs the reads.
CREATE TABLE registry_photo (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  object_id       integer NOT NULL REFERENCES registry_object(id) ON DELETE CASCADE,
  -- Decided from the file's magic bytes, never from what the uploader claimed.
  content_type    text NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
  byte_size       integer NOT NULL CHECK (byte_size BETWEEN 1 AND 5242880),
  sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes           bytea NOT NULL,
  caption         text CHECK (length(caption) <= 500),
  uploaded_by     integer REFERENCES app_user(id),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_photo_object_idx ON registry_photo (object_id, id);
SELECT track_collections('registry_photo', ARRAY['maf','advertising']);

-- Who publishes the registry, for the open-data export "Інформація про рекламні засоби": the
-- issuing body (authorityName, authorityId) and the address parts the standard requires
-- (CATUTTC = код КАТОТТГ, addressAdminUnitL2-L4, addressPostName). Set by the hromada's admin.
CREATE TABLE registry_publisher (
  municipality_id  integer PRIMARY KEY REFERENCES municipality(id),
  authority_name   text,            -- "Управління архітектури та містобудування … міської ради"
  authority_edrpou text CHECK (authority_edrpou ~ '^[0-9]{8}$'),
  katottg          text CHECK (katottg ~ '^UA[0-9]{17}$'),
  region_uk        text,            -- "Донецька область"
  district_uk      text,            -- "Краматорський район"
  hromada_uk       text,            -- "Слов'янська"
  locality_uk      text,            -- "Слов'янськ"
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Public views of the registry's non-spatial tables (no geom: they are not map collections, so
-- the catalog does not list them). Public routes read these and pub_registry only.
CREATE VIEW pub_registry_owners AS
SELECT w.municipality_id, w.id, w.kind, w.name,
       -- ЄДРПОУ identifies a legal entity and is public; a sole proprietor's РНОКПП is not.
       CASE WHEN w.kind <> 'sole_proprietor' THEN w.edrpou END AS edrpou,
       w.public_contact
FROM owner w;

CREATE VIEW pub_registry_permits AS
SELECT p.municipality_id, p.id, p.object_id, p.kind, p.number, p.issued_on, p.valid_from,
       p.valid_until, p.decision, p.status, p.contract_number, p.contract_date
FROM permit p;

-- Amounts and dates only: the payment document's number is the department's bookkeeping.
CREATE VIEW pub_registry_payments AS
SELECT pm.municipality_id, pm.id, pm.object_id, pm.amount_uah, pm.paid_on, pm.period_from, pm.period_to
FROM payment pm;

CREATE VIEW pub_registry_photos AS
SELECT ph.municipality_id, ph.id, ph.object_id, ph.content_type, ph.byte_size, ph.sha256, ph.caption, ph.created_at
FROM registry_photo ph;

-- Indexes for the table of objects: every query is scoped by hromada; search by address is
-- ILIKE '%…%' (owner names and permit numbers already have trigram indexes, 0003); revenue by
-- year scans payments of one hromada by date.
CREATE INDEX registry_object_municipality_idx ON registry_object (municipality_id, type_code);
CREATE INDEX registry_object_address_trgm ON registry_object USING gin (address gin_trgm_ops);
CREATE INDEX payment_municipality_idx ON payment (municipality_id, paid_on);
CREATE INDEX permit_municipality_number_idx ON permit (municipality_id, number);
-- registry_current_permit (0006) picks, per object, the permit in force latest-ending first; this
-- index holds exactly those permits in that order, so the pick is an index walk, not a sort of
-- every permit of every hromada on each request.
CREATE INDEX permit_current_idx ON permit (object_id, valid_until DESC NULLS FIRST, issued_on DESC NULLS LAST, id DESC)
  WHERE kind IN ('permit','passport') AND status NOT IN ('annulled','reissued');
-- An object's history gathers its own audit rows and those of its permits, payments and photos.
CREATE INDEX audit_log_registry_child_idx ON audit_log
  (municipality_id, (COALESCE(after->>'object_id', before->>'object_id')))
  WHERE entity IN ('permit','payment','registry_photo');
