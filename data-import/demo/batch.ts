/**
 * How the generator writes many rows quickly on both engines, always with parameters.
 *
 * A row-per-statement insert costs a round trip each: 100,000 address points would take minutes
 * on the embedded PGlite. Instead each table gets one statement per chunk of rows, its columns
 * passed as arrays and turned back into rows by unnest():
 *
 *   INSERT INTO t (a, b) SELECT a, b FROM unnest($1::text[], $2::float8[]) AS r(a, b)
 *
 * The statement text stays the same whatever the row count, values never touch the SQL text,
 * and PostgreSQL 15 and PGlite both run it.
 *
 * Rows that others reference (owners, objects, facilities) get their ids before they are
 * inserted, drawn from the table's own sequence: permits, payments and comments can then point
 * at them without reading anything back, and inserts made later by the app never collide.
 */
import type { Queryable } from '../../server/db/database.js';

/** Rows per statement: large enough to amortise the round trip, small enough to stay light. */
export const CHUNK_ROWS = 10_000;

/** Calls write() for consecutive slices of at most `size` rows. */
export async function inChunks<T>(rows: readonly T[], write: (chunk: readonly T[]) => Promise<unknown>, size = CHUNK_ROWS): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** The tables whose ids the generator reserves (a closed list: their names reach SQL as values). */
export type SerialTable = 'owner' | 'registry_object' | 'facility' | 'election' | 'electoral_district' | 'deputy';

/** n new ids of a serial table, ascending, taken from its sequence. */
export async function reserveIds(db: Queryable, table: SerialTable, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `SELECT nextval(pg_get_serial_sequence($1, 'id'))::integer AS id FROM generate_series(1, $2)`,
    [table, n],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** One column of a list of row objects, for an unnest() parameter. */
export function column<T, K extends keyof T>(rows: readonly T[], key: K): T[K][] {
  return rows.map((row) => row[key]);
}
