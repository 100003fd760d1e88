-- Public comments and appeals (seed items 30.1 and 30.2): a resident's message at a place or on
-- an object; an official answers; the resident confirms or refutes that it was resolved.

CREATE TABLE comment (
  id                  serial PRIMARY KEY,
  municipality_id     integer NOT NULL REFERENCES municipality(id),
  geom                geometry(Point, 4326) NOT NULL,
  registry_object_id  integer REFERENCES registry_object(id),
  facility_id         integer REFERENCES facility(id),
  category            text NOT NULL CHECK (category IN
                        ('illegal_object','damage','accessibility','improvement','other')),
  body                text NOT NULL CHECK (length(body) BETWEEN 3 AND 4000),
  status              text NOT NULL DEFAULT 'new' CHECK (status IN
                        ('new','in_progress','answered','resolved','confirmed','refuted','rejected')),
  author_name         text,            -- shown publicly only as the author chose
  -- Private: how the council reaches the author, and the hash of the author's secret link
  -- that lets them confirm or refute the answer without an account.
  author_email        text,
  author_token_hash   text,
  hidden              boolean NOT NULL DEFAULT false,   -- moderation
  created_at          timestamptz NOT NULL DEFAULT now(),
  answer              text,
  answered_at         timestamptz,
  answered_by         integer REFERENCES app_user(id),
  verdict_at          timestamptz
);
CREATE INDEX comment_geom_gix ON comment USING gist (geom);
CREATE INDEX comment_status_idx ON comment (municipality_id, status, created_at DESC);

SELECT track_collections('comment', ARRAY['comments']);
