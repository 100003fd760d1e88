-- Embedding (issue 13): which web sites may frame a hromada's public maps. The embed page sends
-- it as its Content-Security-Policy `frame-ancestors` (CSP Level 3, §7.7.3); the browser, not
-- the server, refuses a frame from any other site.
--
-- frame_ancestors NULL: the default, any site may frame the public map (the council site, a
-- local news portal). An array: only these origins ('https://city.gov.ua', 'https://*.city.gov.ua');
-- an empty array: no other site at all. Signed-in pages are never framable, whatever this says.
CREATE TABLE embed_setting (
  municipality_id integer PRIMARY KEY REFERENCES municipality(id) ON DELETE CASCADE,
  frame_ancestors text[] CHECK (frame_ancestors IS NULL OR cardinality(frame_ancestors) <= 50),
  row_version     integer NOT NULL DEFAULT 1,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      integer REFERENCES app_user(id)
);
