-- Foundation: the hromadas a deployment serves, their people, sessions, and the audit trail.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A hromada (territorial community). Every domain table carries its municipality_id, and public
-- URLs are scoped by its slug (/slovyansk/…).
CREATE TABLE municipality (
  id            serial PRIMARY KEY,
  slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,40}$'),
  name_uk       text NOT NULL,
  name_en       text NOT NULL,
  boundary      geometry(MultiPolygon, 4326) NOT NULL,
  -- The default map view: centre and zoom (Web Mercator zoom levels).
  view_center   geometry(Point, 4326) NOT NULL,
  view_zoom     smallint NOT NULL CHECK (view_zoom BETWEEN 0 AND 22),
  -- The local projected CRS of its cadastral/architectural data: UCS-2000 TM zone (EPSG:6381-6387).
  local_srid    integer NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX municipality_boundary_gix ON municipality USING gist (boundary);

-- People who sign in. Residents read without an account; these are council staff and deputies.
CREATE TABLE app_user (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  login           text NOT NULL CHECK (login = lower(login) AND length(login) BETWEEN 3 AND 80),
  display_name    text NOT NULL,
  -- scrypt: "scrypt$N$r$p$salt$hash" (base64url); never leaves the server.
  password_hash   text NOT NULL,
  roles           text[] NOT NULL DEFAULT '{}'
                  CHECK (roles <@ ARRAY['admin','registry_editor','moderator','deputy']::text[]),
  deputy_id       integer,  -- set for role 'deputy'; references deputy(id) once districts exist
  disabled        boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, login)
);

-- Server-side sessions: the cookie holds a random token, the table its SHA-256, so a leaked
-- table does not hand out sessions.
CREATE TABLE user_session (
  token_hash   text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Who changed what and when: every change to domain data writes one row here, in the same
-- transaction as the change itself.
CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  user_id         integer REFERENCES app_user(id),
  at              timestamptz NOT NULL DEFAULT now(),
  entity          text NOT NULL,       -- table name, e.g. 'registry_object'
  entity_id       text NOT NULL,
  action          text NOT NULL CHECK (action IN ('create','update','delete','import')),
  before          jsonb,
  after           jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (municipality_id, entity, entity_id, at DESC);

-- The version of each public collection of each hromada. Triggers on the domain tables bump it
-- and NOTIFY 'collection_changed' with "municipality_id:collection", so every server process
-- drops its tile index and ETags change.
CREATE TABLE collection_version (
  municipality_id integer NOT NULL REFERENCES municipality(id),
  collection      text NOT NULL,
  version         bigint NOT NULL DEFAULT 1,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, collection)
);

CREATE FUNCTION bump_collection_versions(m_ids integer[], collections text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE m integer; c text;
BEGIN
  FOREACH m IN ARRAY m_ids LOOP
    FOREACH c IN ARRAY collections LOOP
      INSERT INTO collection_version AS cv (municipality_id, collection, version, changed_at)
      VALUES (m, c, 2, now())
      ON CONFLICT (municipality_id, collection)
      DO UPDATE SET version = cv.version + 1, changed_at = now();
      PERFORM pg_notify('collection_changed', m::text || ':' || c);
    END LOOP;
  END LOOP;
END $$;

-- Statement-level trigger bodies (one per event, since a trigger with transition tables may
-- have only one event). TG_ARGV lists the collections the table feeds.
CREATE FUNCTION collection_changed_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_collection_versions(ARRAY(SELECT DISTINCT municipality_id FROM new_rows), TG_ARGV);
  RETURN NULL;
END $$;
CREATE FUNCTION collection_changed_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_collection_versions(ARRAY(
    SELECT municipality_id FROM new_rows UNION SELECT municipality_id FROM old_rows), TG_ARGV);
  RETURN NULL;
END $$;
CREATE FUNCTION collection_changed_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_collection_versions(ARRAY(SELECT DISTINCT municipality_id FROM old_rows), TG_ARGV);
  RETURN NULL;
END $$;

-- Attaches the three version triggers to a table that has a municipality_id column.
CREATE FUNCTION track_collections(tbl regclass, collections text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE args text := (SELECT string_agg(quote_literal(c), ',') FROM unnest(collections) c);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_changed_ins(%s)', 'cv_ins', tbl, args);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_changed_upd(%s)', 'cv_upd', tbl, args);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_changed_del(%s)', 'cv_del', tbl, args);
END $$;

