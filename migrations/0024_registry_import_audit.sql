-- A registry import's own audit row is the audit entry of every object and permit it created
-- (data-import/registry/objects.ts: one row per created record was a third of a 100,000-row first
-- import). An object's history therefore looks up the imports of its hromada that created it or one
-- of its permits (server/registry/history.ts): a hromada has tens of imports a year, and their rows
-- are found by this index instead of among all of the hromada's audit rows.
CREATE INDEX audit_log_import_idx ON audit_log (municipality_id, at) WHERE action = 'import';
