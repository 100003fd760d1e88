-- Photos are decoded and re-encoded before they are kept (server/media/photo.ts): what is stored
-- is a JPEG without EXIF/GPS, its longest edge bounded, and a thumbnail for the card. The
-- thumbnail and the picture's size are kept beside it, so a card downloads a few kilobytes and
-- lays out its <img> before the picture arrives. Photos stored before this migration keep their
-- bytes (NULL thumbnail: the picture itself is served for the card).
ALTER TABLE registry_photo ADD COLUMN thumbnail bytea;
ALTER TABLE registry_photo ADD COLUMN width integer CHECK (width > 0);
ALTER TABLE registry_photo ADD COLUMN height integer CHECK (height > 0);

CREATE OR REPLACE VIEW pub_registry_photos AS
SELECT ph.municipality_id, ph.id, ph.object_id, ph.content_type, ph.byte_size, ph.sha256, ph.caption, ph.created_at,
       ph.width, ph.height
FROM registry_photo ph;
