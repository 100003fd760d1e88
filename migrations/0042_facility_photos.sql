-- Photos of what a surveyor measured at an entrance (the ramp, the door, the call button), so a
-- grade rests on something a resident can see, not a bare traffic light (issue 10). Stored as the
-- shared photo pipeline leaves them (server/media/photo.ts: JPEG, EXIF and GPS gone, upright).
CREATE TABLE facility_photo (
  id               serial PRIMARY KEY,
  municipality_id  integer NOT NULL REFERENCES municipality(id),
  facility_id      integer NOT NULL REFERENCES facility(id) ON DELETE CASCADE,
  entrance_id      integer REFERENCES facility_entrance(id) ON DELETE CASCADE,
  caption          text CHECK (length(caption) <= 500),
  image            bytea NOT NULL,
  thumbnail        bytea NOT NULL,
  width            integer NOT NULL,
  height           integer NOT NULL,
  created_by       integer REFERENCES app_user(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facility_photo_facility_idx ON facility_photo (facility_id);

CREATE VIEW pub_facility_photos AS
SELECT municipality_id, id, facility_id, entrance_id, caption, image, thumbnail, width, height, created_at
FROM facility_photo;
