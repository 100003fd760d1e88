/**
 * The one database interface the product sees. Two engines sit behind it — the
 * embedded PGlite+PostGIS (a newcomer's default) and PostgreSQL+PostGIS (what a
 * council deploys) — and nothing above this file knows which one is underneath.
 *
 * Values come back normalised the same way on both engines:
 *   int8 → number, numeric → number, date → 'YYYY-MM-DD' string,
 *   timestamptz → Date, json/jsonb → parsed value.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface Queryable {
  /** One parameterised statement; values always travel as $1, $2 … */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /** Several statements without parameters (migrations, fixtures). */
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel; resolves to an unsubscribe function. After a lost
   * listening connection is re-established the handler receives '*': notifications may have
   * been missed, so refresh everything the channel keeps fresh.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Every connection runs in Kyiv time: "today" decides legality (a permit that ends tonight is
 * expired tomorrow), and tomorrow begins at midnight in Ukraine, not in UTC or the server's zone.
 */
export const DAY_ZONE = 'Europe/Kyiv';

/** Type OIDs whose parsing both engines share (see the header comment). */
export const TYPE_OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
} as const;

export const parseInt8 = (value: string): number => Number(value);
export const parseNumeric = (value: string): number => Number(value);
export const parseDate = (value: string): string => value;
