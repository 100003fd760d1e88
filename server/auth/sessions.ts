import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';

export type Role = 'admin' | 'registry_editor' | 'moderator' | 'deputy' | 'accessibility_editor' | 'official';
export const ROLES: readonly Role[] = ['admin', 'registry_editor', 'moderator', 'deputy', 'accessibility_editor', 'official'];

/** The signed-in person, as every guard and handler sees them. */
export interface SessionUser {
  id: number;
  municipalityId: number;
  login: string;
  displayName: string;
  roles: Role[];
  deputyId: number | null;
  /** Signed in with a one-time password: only changing it (and signing out) is allowed. */
  mustChangePassword: boolean;
  csrfToken: string;
  tokenHash: string;
}

export const SESSION_COOKIE = 'pm_session';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session; returns the raw token for the cookie (only its hash is stored). */
export async function createSession(db: Queryable, userId: number, ttlHours: number): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4::int))`,
    [sha256(token), userId, csrfToken, Math.round(ttlHours)],
  );
  return { token, csrfToken };
}

interface Row {
  id: number; municipality_id: number; login: string; display_name: string; roles: Role[];
  deputy_id: number | null; must_change_password: boolean; csrf_token: string; stale: boolean;
}

/**
 * The session of a cookie's token, if it is live: not expired, used within the last
 * `idleMinutes`, and its person not disabled. Use keeps it alive, but the row is written at most
 * once a minute, so a page's dozens of requests cost one write, not dozens.
 */
export async function findSession(db: Queryable, token: string, idleMinutes: number): Promise<SessionUser | undefined> {
  const tokenHash = sha256(token);
  const { rows } = await db.query<Row>(
    `SELECT u.id, u.municipality_id, u.login, u.display_name, u.roles, u.deputy_id, u.must_change_password, s.csrf_token,
            s.last_seen_at < now() - interval '1 minute' AS stale
     FROM user_session s JOIN app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled
       AND s.last_seen_at > now() - make_interval(mins => $2::int)`,
    [tokenHash, Math.round(idleMinutes)],
  );
  const r = rows[0];
  if (!r) return undefined;
  if (r.stale) await db.query('UPDATE user_session SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
  return {
    id: r.id, municipalityId: r.municipality_id, login: r.login, displayName: r.display_name,
    roles: r.roles, deputyId: r.deputy_id, mustChangePassword: r.must_change_password, csrfToken: r.csrf_token, tokenHash,
  };
}

export async function endSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash]);
}

/** Expired and idle sessions are swept at sign-in, so the table does not grow without bound. */
export async function sweepExpiredSessions(db: Queryable, idleMinutes: number): Promise<void> {
  await db.query('DELETE FROM user_session WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => $1::int)', [Math.round(idleMinutes)]);
}

/** Ends a person's other sessions (a changed password ends what the old one opened elsewhere). */
export async function endOtherSessionsOf(db: Queryable, userId: number, keepTokenHash: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2', [userId, keepTokenHash]);
}

/** Ends every session of a person (disabling them does it too, by trigger: migration 0011). */
export async function endSessionsOf(db: Queryable, userId: number): Promise<void> {
  await db.query('DELETE FROM user_session WHERE user_id = $1', [userId]);
}
