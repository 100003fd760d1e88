/**
 * Rate limits on residents' writes (comments, supports), counted in the database (comment_rate,
 * migration 0060) so they hold across app processes: per client (the keyed hash of its address)
 * and per hromada (a flood from many addresses still meets a ceiling), in windows of an hour.
 * One atomic upsert reserves a request before any other work, as the sign-in throttle does
 * (server/auth/throttle.ts); the hromada's limits are its comment_settings.
 */
import type { Queryable } from '../../db/database.js';

const WINDOW_MINUTES = 60;

const RESERVE = `
  INSERT INTO comment_rate AS r (scope, key, hits, window_start)
  VALUES ('client', $1, 1, now()), ('hromada', $2, 1, now())
  ON CONFLICT (scope, key) DO UPDATE SET
    hits = CASE WHEN r.window_start <= now() - make_interval(mins => $3::int) THEN 1 ELSE r.hits + 1 END,
    window_start = CASE WHEN r.window_start <= now() - make_interval(mins => $3::int) THEN now() ELSE r.window_start END
  RETURNING scope, hits,
    GREATEST(0, EXTRACT(EPOCH FROM (window_start + make_interval(mins => $3::int) - now())))::float8 AS retry_after_s`;

export interface RateVerdict {
  allowed: boolean;
  /** Which limit was met first. */
  scope?: 'client' | 'hromada';
  retryAfterS: number;
}

export interface Limits {
  perClientPerHour: number;
  perHromadaPerHour: number;
}

export async function reserveWrite(db: Queryable, municipalityId: number, client: string, limits: Limits): Promise<RateVerdict> {
  const { rows } = await db.query<{ scope: 'client' | 'hromada'; hits: number; retry_after_s: number }>(
    RESERVE, [`${municipalityId}|${client}`, String(municipalityId), WINDOW_MINUTES]);
  const over = rows.find((r) => r.hits > (r.scope === 'client' ? limits.perClientPerHour : limits.perHromadaPerHour));
  if (!over) return { allowed: true, retryAfterS: 0 };
  return { allowed: false, scope: over.scope, retryAfterS: over.retry_after_s };
}

/** Windows that have passed count for nothing; swept now and then so the table stays small. */
export async function sweepRates(db: Queryable): Promise<void> {
  await db.query('DELETE FROM comment_rate WHERE window_start <= now() - make_interval(mins => $1::int)', [WINDOW_MINUTES]);
}
