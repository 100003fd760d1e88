-- Indexes that lookups and cascading deletes need: "comments on this object/facility" and the
-- districts of one election.
CREATE INDEX comment_registry_object_idx ON comment (registry_object_id) WHERE registry_object_id IS NOT NULL;
CREATE INDEX comment_facility_idx ON comment (facility_id) WHERE facility_id IS NOT NULL;
CREATE INDEX electoral_district_election_idx ON electoral_district (election_id);
