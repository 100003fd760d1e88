-- Sign-in attempts, counted in the database so the limit holds across app processes and a
-- parallel burst is counted: an attempt is reserved (one atomic upsert) BEFORE its password is
-- hashed. Two scopes: 'account' (hromada id + login, whoever guesses) and 'address' (the client's
-- address, whatever login it tries). A row's window restarts when it is older than the window.
CREATE TABLE login_attempt (
  scope        text NOT NULL CHECK (scope IN ('account', 'address')),
  key          text NOT NULL CHECK (length(key) <= 200),
  attempts     integer NOT NULL CHECK (attempts >= 0),
  window_start timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX login_attempt_window_idx ON login_attempt (window_start);

-- Idle timeout: a session unused for SESSION_IDLE_MINUTES ends. Touched at most once a minute.
ALTER TABLE user_session ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- Disabling a person ends their sessions at once, however the flag is set (the server's
-- disableUser() or plain SQL): a session kept aside would come back if they were re-enabled.
CREATE FUNCTION end_sessions_of_disabled_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM user_session WHERE user_id = NEW.id;
  RETURN NEW;
END $$;

CREATE TRIGGER app_user_disabled_ends_sessions
  AFTER UPDATE OF disabled ON app_user
  FOR EACH ROW WHEN (NEW.disabled AND NOT OLD.disabled)
  EXECUTE FUNCTION end_sessions_of_disabled_user();
