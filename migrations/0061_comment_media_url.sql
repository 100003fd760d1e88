-- Open311 GeoReport v2 lets a client send a photo as a link (media_url) instead of the bytes. It is
-- kept as the link it is: never fetched by the server (no request to an address a stranger chose),
-- only http(s), and shown as text.
ALTER TABLE comment ADD COLUMN media_url text
  CHECK (media_url ~ '^https?://[^\s<>"]+$' AND length(media_url) <= 2000);

-- Open311's view of the comments (server/open311/): every request a client posted can be read
-- back by its id, so one awaiting moderation or rejected is listed too, but only as a stub — its
-- place, service and dates, without its text or link, which are public only once published.
-- Nothing about the author is here.
CREATE VIEW pub_open311_requests AS
SELECT c.municipality_id, c.id, c.category AS service_code, k.name_uk AS service_name,
       comment_is_public(c.status, c.merged_into) AS published,
       CASE WHEN comment_is_public(c.status, c.merged_into) THEN c.body END AS description,
       CASE WHEN c.status IN ('resolved','confirmed','rejected') OR c.merged_into IS NOT NULL THEN 'closed' ELSE 'open' END AS status,
       CASE WHEN c.merged_into IS NOT NULL THEN 'Дублікат звернення №' || c.merged_into || ' / Duplicate of ' || c.merged_into
            WHEN c.status = 'new' THEN 'Очікує модерації / Awaiting moderation'
            WHEN c.status = 'rejected' THEN 'Відхилено / Rejected'
            WHEN c.answer IS NOT NULL THEN c.answer
            WHEN c.status = 'in_progress' THEN 'У роботі / In progress'
            WHEN c.status = 'disputed' THEN 'Мешканець заперечив вирішення / Disputed by the resident'
            ELSE 'Опубліковано / Published' END AS status_notes,
       c.routed_department AS agency_responsible,
       c.created_at AS requested_datetime, c.updated_at AS updated_datetime,
       c.created_at + make_interval(days => s.response_days) AS expected_datetime,
       CASE WHEN comment_is_public(c.status, c.merged_into) THEN c.media_url END AS media_url,
       c.geom
FROM comment c
JOIN comment_category k ON k.municipality_id = c.municipality_id AND k.code = c.category
JOIN comment_settings s ON s.municipality_id = c.municipality_id;
