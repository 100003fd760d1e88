-- The roll-call records get a version of their own ('votes'), bumped by every write as the
-- other collections' are (0001's track_collections), so a deputy's page and votes answer with an
-- ETag that a vote import changes. 'votes' is no map layer: only ETags read it.
SELECT track_collections('council_session', ARRAY['votes']);
SELECT track_collections('agenda_item', ARRAY['votes']);
SELECT track_collections('session_registration', ARRAY['votes']);
SELECT track_collections('deputy_vote', ARRAY['votes']);
