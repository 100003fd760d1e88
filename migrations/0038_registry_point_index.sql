-- The registry's point layers (pub_maf, pub_advertising: 0030) show a footprint by a point on its
-- surface, so a bbox or a spatial CQL2 filter on them compares that expression, not the column the
-- GiST index of 0003 covers. PostgreSQL could neither use an index nor estimate how many objects a
-- bbox holds: it guessed one or two, and at ×20 (44,000 objects) planned an OGC items request for
-- 2 × 2 km of the centre (11,000 MAFs) as a nested loop over every object — numberMatched took
-- longer than the 30 s statement timeout (issue 8, "OGC items p99"). An index on the very
-- expression the view computes gives the planner both: an index scan, and statistics of the
-- points (gathered by ANALYZE, here once, then by autovacuum). pub_maf_footprints shows ST_Multi of
-- the footprint, the same trouble (its count for that bbox took 6.4 s): an index on that as well.
CREATE INDEX registry_object_point_gix ON registry_object
  USING gist ((CASE WHEN GeometryType(geom) = 'POINT' THEN geom ELSE ST_PointOnSurface(geom) END));
CREATE INDEX registry_object_footprint_gix ON registry_object USING gist ((ST_Multi(geom)))
  WHERE GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON');
ANALYZE registry_object;
