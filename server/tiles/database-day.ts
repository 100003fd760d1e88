import type { Queryable } from '../db/database.js';

/**
 * The database's current date, known without a query per request. The public registry computes
 * `legality` "as of today" in SQL, so a tile built yesterday can be wrong after midnight without
 * any write: tile indexes and ETags are keyed by this day as well as by the collection version.
 *
 * The database, not this process, says when the day ends (its TimeZone setting decides what
 * current_date is), so we ask it once for today and for the instant tomorrow starts, and ask again
 * after that instant.
 */
export class DatabaseDay {
  private today?: { day: string; endsAt: number };
  private asking?: Promise<string>;

  constructor(private readonly db: Queryable, private readonly now: () => number = Date.now) {}

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
