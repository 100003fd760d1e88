-- The life of a resident's comment (issue 12, seed item 30.1 "City Contact Center"):
--   new (awaiting moderation) → published | rejected (with a reason the author sees)
--   → in_progress → resolved (with the official's answer) → confirmed | disputed (reopens).
-- Every step is a row of comment_step (who, when, note). Categories are per hromada, settings
-- (response time, limits) per hromada. Private data — the author's e-mail, the hashed private
-- link, the keyed hash of the client's address, the original of a redacted text — stays in
-- columns no pub_* view reads.

-- Roles: `official` answers comments publicly; `accessibility_editor` is added by the
-- accessibility service and kept here so either migration may run last.
ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_roles_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_roles_check CHECK (roles <@ ARRAY[
  'admin','registry_editor','moderator','deputy','accessibility_editor','official']::text[]);

-- What a hromada asks of its comments. The default response time is the Law of Ukraine "On
-- citizens' appeals" (Закон «Про звернення громадян», ст. 20): an appeal is considered within one
-- month at most, and within 15 days where no further study is needed; 15 is the target here.
CREATE TABLE comment_settings (
  municipality_id     integer PRIMARY KEY REFERENCES municipality(id),
  response_days       integer NOT NULL DEFAULT 15 CHECK (response_days BETWEEN 1 AND 365),
  -- Abuse limits, counted in comment_rate (so they hold across app processes).
  per_client_per_hour integer NOT NULL DEFAULT 10 CHECK (per_client_per_hour >= 1),
  per_hromada_per_hour integer NOT NULL DEFAULT 600 CHECK (per_hromada_per_hour >= 1),
  -- A form sent sooner than this after it was opened is a robot's (instead of a captcha).
  min_fill_seconds    integer NOT NULL DEFAULT 4 CHECK (min_fill_seconds BETWEEN 0 AND 600),
  -- Distinct people saying "still not fixed" that reopen a resolved comment (the author alone reopens it).
  reopen_supporters   integer NOT NULL DEFAULT 3 CHECK (reopen_supporters >= 1)
);

-- A hromada's categories. `kind` is one of the built-in six (server/rules/vocabularies.ts): the
-- map colours, the Open311 group and the public `category` property; a hromada adds its own
-- codes under a kind ("graffiti" under damage) without a migration.
CREATE TABLE comment_category (
  municipality_id integer NOT NULL REFERENCES municipality(id),
  code            text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,40}$'),
  kind            text NOT NULL CHECK (kind IN
                    ('illegal_object','damage','accessibility','data_error','improvement','other')),
  name_uk         text NOT NULL CHECK (length(name_uk) BETWEEN 1 AND 120),
  name_en         text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
  description_uk  text,
  position        integer NOT NULL DEFAULT 0,
  active          boolean NOT NULL DEFAULT true,
  PRIMARY KEY (municipality_id, code)
);

CREATE FUNCTION comment_defaults_for(m integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO comment_settings (municipality_id) VALUES (m) ON CONFLICT DO NOTHING;
  INSERT INTO comment_category (municipality_id, code, kind, name_uk, name_en, description_uk, position) VALUES
    (m, 'illegal_object', 'illegal_object', 'Незаконно встановлений об’єкт', 'Illegally placed object', 'Кіоск, павільйон чи реклама без дозволу або з простроченим дозволом', 1),
    (m, 'damage', 'damage', 'Пошкоджений об’єкт', 'Damaged object', 'Пошкоджене, аварійне чи занедбане', 2),
    (m, 'accessibility', 'accessibility', 'Бар’єр доступності', 'Accessibility barrier', 'Сходи без пандуса, вузькі двері, відсутність кнопки виклику', 3),
    (m, 'data_error', 'data_error', 'Помилка в даних', 'Data error', 'Неправильні дані на карті', 4),
    (m, 'improvement', 'improvement', 'Пропозиція', 'Proposal', 'Як зробити краще', 5),
    (m, 'other', 'other', 'Інше', 'Other', NULL, 6)
  ON CONFLICT DO NOTHING;
$$;
SELECT comment_defaults_for(id) FROM municipality;

CREATE FUNCTION comment_defaults_of_new_municipality() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM comment_defaults_for(NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER municipality_comment_defaults AFTER INSERT ON municipality
  FOR EACH ROW EXECUTE FUNCTION comment_defaults_of_new_municipality();

-- The comment itself, reworked.
DROP VIEW pub_comments;
ALTER TABLE comment DROP CONSTRAINT IF EXISTS comment_category_check;
ALTER TABLE comment DROP CONSTRAINT IF EXISTS comment_status_check;

UPDATE comment SET status = CASE status
  WHEN 'answered' THEN 'resolved'
  WHEN 'refuted' THEN 'disputed'
  -- a new comment used to be public at once: it was, in effect, published
  WHEN 'new' THEN CASE WHEN hidden THEN 'new' ELSE 'published' END
  ELSE status END;

ALTER TABLE comment
  ADD CONSTRAINT comment_status_check CHECK (status IN
    ('new','published','rejected','in_progress','resolved','confirmed','disputed')),
  ADD CONSTRAINT comment_category_fk FOREIGN KEY (municipality_id, category)
    REFERENCES comment_category (municipality_id, code),
  -- On an object of any layer: the catalog collection and the feature's id (registry objects,
  -- facilities, districts …); registry_object_id / facility_id stay as foreign keys where the
  -- object is ours to point at.
  ADD COLUMN target_collection text CHECK (target_collection ~ '^[a-z][a-z0-9_-]{0,40}$'),
  ADD COLUMN target_id integer,
  ADD CONSTRAINT comment_target_pair CHECK ((target_collection IS NULL) = (target_id IS NULL)),
  ADD COLUMN author_name_shown boolean NOT NULL DEFAULT true,
  ADD CONSTRAINT comment_author_name_length CHECK (length(author_name) <= 80),
  ADD CONSTRAINT comment_author_email_length CHECK (length(author_email) <= 254),
  -- HMAC of the client's address under the day's key (comment_hash_key); never the address.
  ADD COLUMN client_hash text,
  ADD COLUMN reject_reason text CHECK (length(reject_reason) <= 1000),
  -- Redaction: body is what everyone sees; the original is kept for admins (audit) only.
  ADD COLUMN body_original text,
  ADD COLUMN redacted_at timestamptz,
  ADD COLUMN merged_into integer REFERENCES comment(id),
  ADD COLUMN routed_department text CHECK (length(routed_department) <= 200),
  ADD COLUMN routed_deputy_id integer REFERENCES deputy(id),
  -- An answer may point at the object it acted on (a registry object, say the illegal kiosk).
  ADD COLUMN answer_collection text CHECK (answer_collection ~ '^[a-z][a-z0-9_-]{0,40}$'),
  ADD COLUMN answer_object_id integer,
  ADD COLUMN supporters integer NOT NULL DEFAULT 0 CHECK (supporters >= 0),
  ADD COLUMN still_not_fixed integer NOT NULL DEFAULT 0 CHECK (still_not_fixed >= 0),
  ADD COLUMN status_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN row_version integer NOT NULL DEFAULT 1;

-- the old hidden flag becomes a rejection the author can read; a rejection's text was its answer
UPDATE comment SET status = 'rejected', reject_reason = COALESCE(answer, 'Приховано модератором')
WHERE hidden AND status NOT IN ('rejected');
UPDATE comment SET reject_reason = COALESCE(reject_reason, answer, 'Відхилено модератором'), answer = NULL, answered_at = NULL
WHERE status = 'rejected';
UPDATE comment c SET target_collection = t.category, target_id = c.registry_object_id
FROM registry_object o JOIN object_type t ON t.code = o.type_code
WHERE o.id = c.registry_object_id;
UPDATE comment SET target_collection = 'facilities', target_id = facility_id
WHERE facility_id IS NOT NULL AND target_collection IS NULL;
UPDATE comment SET status_at = COALESCE(verdict_at, answered_at, created_at), updated_at = COALESCE(verdict_at, answered_at, created_at);
ALTER TABLE comment DROP COLUMN hidden;

CREATE INDEX comment_target_idx ON comment (municipality_id, target_collection, target_id) WHERE target_collection IS NOT NULL;
CREATE INDEX comment_category_idx ON comment (municipality_id, category);
CREATE UNIQUE INDEX comment_author_token_idx ON comment (author_token_hash) WHERE author_token_hash IS NOT NULL;

-- Every step of a comment's life: who (a staff member, or the author/a resident without an
-- account), when, what, the note. Public steps (publication, answers, verdicts) show on its card.
CREATE TABLE comment_step (
  id              bigserial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  comment_id      integer NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
  at              timestamptz NOT NULL DEFAULT now(),
  action          text NOT NULL CHECK (action IN ('submit','publish','reject','start','resolve','confirm','dispute',
                    'still_not_fixed','support','add','answer','redact','merge','route','erase')),
  actor_kind      text NOT NULL CHECK (actor_kind IN ('author','resident','staff','system')),
  user_id         integer REFERENCES app_user(id),
  from_status     text,
  to_status       text,
  note            text CHECK (length(note) <= 4000),
  public          boolean NOT NULL DEFAULT false
);
CREATE INDEX comment_step_comment_idx ON comment_step (comment_id, at);

-- The old answers and verdicts become steps, so every existing comment has its history.
INSERT INTO comment_step (municipality_id, comment_id, at, action, actor_kind, to_status, public)
SELECT municipality_id, id, created_at, 'submit', 'author', 'new', false FROM comment;
INSERT INTO comment_step (municipality_id, comment_id, at, action, actor_kind, user_id, from_status, to_status, note, public)
SELECT municipality_id, id, COALESCE(answered_at, status_at, created_at),
       CASE WHEN status = 'rejected' THEN 'reject' ELSE 'resolve' END, 'staff', answered_by,
       'published', CASE WHEN status = 'rejected' THEN 'rejected' ELSE 'resolved' END, COALESCE(reject_reason, answer),
       status <> 'rejected'
FROM comment WHERE answer IS NOT NULL OR status = 'rejected';
INSERT INTO comment_step (municipality_id, comment_id, at, action, actor_kind, from_status, to_status, public)
SELECT municipality_id, id, verdict_at, CASE WHEN status = 'confirmed' THEN 'confirm' ELSE 'dispute' END, 'author',
       'resolved', status, true
FROM comment WHERE verdict_at IS NOT NULL AND status IN ('confirmed','disputed');

-- One support (or "still not fixed") per person per comment: the keyed hash of the client.
CREATE TABLE comment_support (
  comment_id  integer NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('support','still_not_fixed')),
  client_hash text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, kind, client_hash)
);

-- Rate limits on writing comments, per client (hashed address) and per hromada, in fixed
-- windows; one atomic upsert reserves a request before any work, as login_attempt does.
CREATE TABLE comment_rate (
  scope        text NOT NULL CHECK (scope IN ('client','hromada')),
  key          text NOT NULL CHECK (length(key) <= 200),
  hits         integer NOT NULL CHECK (hits >= 0),
  window_start timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- The keys of the clients' address hashes, one per day (Kyiv time). A key older than two days
-- is deleted, after which its hashes can no longer be matched to any address: the hash serves
-- limits and duplicate support, not tracking.
CREATE TABLE comment_hash_key (
  day     date PRIMARY KEY,
  secret  text NOT NULL
);

-- Photos of a comment, decoded and re-encoded by server/media/photo.ts (no EXIF, no GPS).
CREATE TABLE comment_photo (
  id              serial PRIMARY KEY,
  municipality_id integer NOT NULL REFERENCES municipality(id),
  comment_id      integer NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
  image           bytea NOT NULL,
  thumbnail       bytea NOT NULL,
  width           integer NOT NULL,
  height          integer NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comment_photo_comment_idx ON comment_photo (comment_id);

-- Which comments are in the open: published and onward, not rejected, not merged into another.
CREATE FUNCTION comment_is_public(status text, merged_into integer) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT status IN ('published','in_progress','resolved','confirmed','disputed') AND merged_into IS NULL
$$;

CREATE VIEW pub_comments AS
SELECT c.municipality_id, c.id, k.kind AS category, c.category AS category_code, k.name_uk AS category_uk,
       k.name_en AS category_en, c.status, c.body,
       CASE WHEN c.author_name_shown AND NULLIF(trim(c.author_name), '') IS NOT NULL THEN c.author_name ELSE 'Мешканець' END AS author_name,
       c.target_collection, c.target_id, c.registry_object_id, c.facility_id, c.supporters,
       c.status IN ('new','published','in_progress','disputed')
         AND c.status_at < now() - make_interval(days => s.response_days) AS overdue,
       c.created_at, c.answer, c.answered_at, c.answer_collection, c.answer_object_id, c.verdict_at, c.updated_at,
       c.geom
FROM comment c
JOIN comment_category k ON k.municipality_id = c.municipality_id AND k.code = c.category
JOIN comment_settings s ON s.municipality_id = c.municipality_id
WHERE comment_is_public(c.status, c.merged_into);

SELECT track_collections('comment_category', ARRAY['comments']);
SELECT track_collections('comment_settings', ARRAY['comments']);
