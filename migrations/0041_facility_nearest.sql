-- "Nearest accessible X" (issue 10): PostGIS KNN on geography, so `<->` ranks by metres on the
-- spheroid's sphere, not by degrees (a degree of longitude is a third shorter than one of latitude
-- at 48° N). The expression matches `f.geom::geography` in server/accessibility/public-data.ts.
CREATE INDEX facility_geog_gix ON facility USING gist ((geom::geography));
