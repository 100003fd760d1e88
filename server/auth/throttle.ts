import type { Queryable } from '../db/database.js';

/**
 * Limits sign-in attempts, counted in the database (login_attempt, migration 0011) so that the
 * limit holds across app processes and on both engines.
 *
 * An attempt is RESERVED before its password is hashed, by one atomic upsert per scope: a burst
 * of parallel guesses is counted as it arrives, and the ones past the limit are refused before any
 * hashing (which is also what keeps a flood of guesses from costing CPU). Two scopes:
 *   - the account (hromada + login): a guesser who changes address still meets the limit;
 *   - the client's address: one address trying many logins meets a wider one.
 * A success clears the account's count and gives the address its attempt back; a failure keeps
 * both. A window restarts once it is older than WINDOW_MINUTES.
 *
 * The price of counting per account is that a stranger can lock an account for the window by
 * guessing; the owner signs in after it (the answer says when). OWASP's authentication cheat
 * sheet accepts this for a short window, and it beats an unbounded online guess.
 */
export const ACCOUNT_LIMIT = 10;
export const ADDRESS_LIMIT = 50;
export const WINDOW_MINUTES = 15;

export type Scope = 'account' | 'address';

export interface Reservation {
  /** False when one of the scopes is over its limit; nothing is to be hashed then. */
  allowed: boolean;
  /** Seconds until the window of the exhausted scope ends. */
  retryAfterS: number;
  account: string;
  address: string;
}

// One statement for both scopes: PostgreSQL takes the rows' locks of ON CONFLICT, so parallel
// reservations line up and each sees the count the one before it left. Every statement locks the
// address row before the account row, so two of them never wait for each other in a circle.
const RESERVE = `
  INSERT INTO login_attempt AS a (scope, key, attempts, window_start)
  VALUES ('address', $1, 1, now()), ('account', $2, 1, now())
  ON CONFLICT (scope, key) DO UPDATE SET
    attempts = CASE WHEN a.window_start <= now() - make_interval(mins => $3::int) THEN 1 ELSE a.attempts + 1 END,
    window_start = CASE WHEN a.window_start <= now() - make_interval(mins => $3::int) THEN now() ELSE a.window_start END
  RETURNING scope, attempts,
    GREATEST(0, EXTRACT(EPOCH FROM (window_start + make_interval(mins => $3::int) - now())))::float8 AS retry_after_s`;

/** Keys are bounded (the login is at most 80 characters, an address at most 45). */
export const accountKey = (municipalityId: number, login: string) => `${municipalityId}|${login}`;

export class LoginThrottle {
  constructor(
    private readonly db: Queryable,
    private readonly limits: Record<Scope, number> = { account: ACCOUNT_LIMIT, address: ADDRESS_LIMIT },
  ) {}

  async reserve(municipalityId: number, login: string, address: string): Promise<Reservation> {
    const account = accountKey(municipalityId, login);
    const { rows } = await this.db.query<{ scope: Scope; attempts: number; retry_after_s: number }>(RESERVE, [address, account, WINDOW_MINUTES]);
    const over = rows.filter((r) => r.attempts > this.limits[r.scope]);
    const allowed = over.length === 0;
    const retryAfterS = Math.max(0, ...over.map((r) => r.retry_after_s));
    return { allowed, retryAfterS, account, address };
  }

  /** The right password: the account starts over, and the address gets this attempt back. */
  async succeeded(r: Reservation): Promise<void> {
    await this.db.query(`DELETE FROM login_attempt WHERE scope = 'account' AND key = $1`, [r.account]);
    await this.db.query(`UPDATE login_attempt SET attempts = GREATEST(attempts - 1, 0) WHERE scope = 'address' AND key = $1`, [r.address]);
  }

  /** Rows whose window has passed count for nothing; swept at sign-in so the table stays small. */
  async sweep(): Promise<void> {
    await this.db.query('DELETE FROM login_attempt WHERE window_start <= now() - make_interval(mins => $1::int)', [WINDOW_MINUTES]);
  }
}
