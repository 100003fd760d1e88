import type { Queryable } from '../db/database.js';

/**
 * "As of today" for every public face: the database's current date, in Europe/Kyiv (every
 * connection runs in DAY_ZONE, server/db/database.ts). The views compute `legality` and "revenue
 * this year" against current_date, so an answer built yesterday can be wrong after midnight
 * without any write: tile indexes, tile ETags, OGC ETags and registry ETags are all keyed by this
 * day as well as by the collection versions. One instance per server (AppContext.today), so the
 * faces turn the day together.
 *
 * The database, not this process, says when the day ends, so we ask it once for today and for the
 * instant tomorrow starts, and ask again after that instant: no query per request.
 */
export class DatabaseDay {
  private today?: { day: string; endsAt: number };
  private asking?: Promise<string>;

  constructor(private readonly db: Queryable, private readonly now: () => number = Date.now) {}

  /** Today, 'YYYY-MM-DD'. */
  get(): Promise<string> {
    if (this.today && this.now() < this.today.endsAt) return Promise.resolve(this.today.day);
    this.asking ??= this.db
      .query<{ day: string; ends_at: number }>(
        `SELECT current_date::text AS day, extract(epoch FROM (current_date + 1)::timestamptz) * 1000 AS ends_at`,
      )
      .then(({ rows: [row] }) => {
        this.today = { day: row.day, endsAt: Number(row.ends_at) };
        return row.day;
      })
      .finally(() => {
        this.asking = undefined;
      });
    return this.asking;
  }
}
