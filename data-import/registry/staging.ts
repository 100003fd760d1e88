import type { Queryable } from '../../server/db/database.js';
import { searchKey } from '../../server/rules/search-key.js';
import type { ImportBatch } from './batch.js';
import type { CheckedRow } from './rows.js';

/**
 * The staging table: every good row of the file, in the database, inside the import's
 * transaction. The boundary check and the upserts are then a handful of set-based statements
 * over it — a join, not a query per row — and the statement-level triggers that bump collection
 * versions fire once per table, not once per row or per chunk.
 *
 * One list below defines the columns three times over: the temporary table, the unnest() of the
 * chunked insert, and which value of a checked row goes where. Types match the target tables
 * (numeric(6,2) …), so a value rounds the same way here as there and "unchanged" compares equal.
 *
 *   rows in Node ──(chunks of CHUNK_ROWS, one INSERT … SELECT FROM unnest($1::int[], $2::text[] …))──▶ import_row
 *
 * Rows already found bad whose place could be read go to import_place (line, geom) — the boundary
 * check looks at them too, so a row's every problem is reported at once — and are never written.
 */

interface StagedColumn {
  name: string;
  /** Column type in the staging table. */
  type: string;
  /** Element type of the array parameter. */
  array: string;
  of: (row: CheckedRow) => unknown;
}

const column = (name: string, type: string, of: StagedColumn['of'], array = type.replace(/\(.*\)/, '')): StagedColumn => ({ name, type, array, of });

export const STAGED_COLUMNS: readonly StagedColumn[] = [
  column('line', 'integer', (r) => r.line),
  column('external_id', 'text', (r) => r.object.external_id),
  column('type_code', 'text', (r) => r.object.type_code),
  column('geom', 'geometry', (r) => r.place.wkt, 'text'),
  column('address', 'text', (r) => r.object.address),
  column('width_m', 'numeric(6,2)', (r) => r.object.width_m),
  column('height_m', 'numeric(6,2)', (r) => r.object.height_m),
  column('sides', 'smallint', (r) => r.object.sides),
  column('area_m2', 'numeric(8,2)', (r) => r.object.area_m2),
  column('lighting', 'boolean', (r) => r.object.lighting),
  column('installed_on', 'date', (r) => r.object.installed_on),
  column('dismantled_on', 'date', (r) => r.object.dismantled_on),
  column('monthly_fee_uah', 'numeric(12,2)', (r) => r.object.monthly_fee_uah),
  column('description', 'text', (r) => r.object.description),
  column('owner_key', 'text', (r) => r.owner?.key ?? null),
  column('permit_number', 'text', (r) => r.permit?.number ?? null),
  column('permit_kind', 'text', (r) => r.permit?.kind ?? null),
  column('permit_issued_on', 'date', (r) => r.permit?.issued_on ?? null),
  column('permit_valid_from', 'date', (r) => r.permit?.valid_from ?? null),
  column('permit_valid_until', 'date', (r) => r.permit?.valid_until ?? null),
  column('permit_decision', 'text', (r) => r.permit?.decision ?? null),
  column('permit_status', 'text', (r) => r.permit?.status ?? null),
  column('contract_number', 'text', (r) => r.permit?.contract_number ?? null),
  column('contract_date', 'date', (r) => r.permit?.contract_date ?? null),
  // The stored search keys (0023), computed here by search_key()'s tested twin: the database's
  // own function would cost ~20 µs a call, 300,000 calls in a first import of 100,000 rows.
  column('search_address', 'text', (r) => searchKey(r.object.address ?? '')),
  column('search_external_id', 'text', (r) => searchKey(r.object.external_id ?? '')),
  column('search_permit_number', 'text', (r) => (r.permit ? searchKey(r.permit.number) : null)),
];

/** Rows per INSERT: large enough that round trips do not matter, small enough for one message. */
export const CHUNK_ROWS = 10_000;

/** Good rows, kept column by column (one array per staged column) until they are staged. */
export class StagedRows {
  readonly columns: unknown[][] = STAGED_COLUMNS.map(() => []);

  get length(): number {
    return this.columns[0].length;
  }

  push(row: CheckedRow): void {
    for (let i = 0; i < STAGED_COLUMNS.length; i++) this.columns[i].push(STAGED_COLUMNS[i].of(row));
  }
}

export async function createStagingTable(tx: Queryable): Promise<void> {
  const columns = STAGED_COLUMNS.map((c) => `${c.name} ${c.type}`).join(',\n  ');
  // An import is a batch job inside one transaction: sort and hash its 100,000 rows in memory
  // rather than in temporary files, and give its few large statements longer than the 30 s a
  // web request's statement gets (SET LOCAL: both end with the transaction).
  await tx.exec(`
    SET LOCAL work_mem = '64MB';
    SET LOCAL statement_timeout = '10min';
    CREATE TEMPORARY TABLE import_row (${columns}) ON COMMIT DROP;
    CREATE TEMPORARY TABLE import_place (line integer, geom geometry) ON COMMIT DROP;
    -- Which object each row is; narrow, so filling it in does not rewrite the wide rows above.
    CREATE TEMPORARY TABLE import_match (line integer PRIMARY KEY, object_id integer, is_new boolean NOT NULL DEFAULT false) ON COMMIT DROP`);
}

/** Stages the rows in chunks; onChunk(done) after each. */
export async function stageRows(tx: Queryable, batch: ImportBatch, onChunk: (done: number) => void = () => {}): Promise<void> {
  const { rows, badRowPlaces } = batch;
  const names = STAGED_COLUMNS.map((c) => c.name).join(', ');
  const values = STAGED_COLUMNS.map((c) => (c.name === 'geom' ? 'ST_GeomFromText(u.geom, 4326)' : `u.${c.name}`)).join(', ');
  const params = STAGED_COLUMNS.map((c, i) => `$${i + 1}::${c.array}[]`).join(', ');
  const sql = `INSERT INTO import_row (${names}) SELECT ${values} FROM unnest(${params}) AS u(${names})`;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    await tx.query(sql, rows.columns.map((c) => c.slice(start, start + CHUNK_ROWS)));
    onChunk(Math.min(rows.length, start + CHUNK_ROWS));
  }
  for (let start = 0; start < badRowPlaces.lines.length; start += CHUNK_ROWS) {
    const end = start + CHUNK_ROWS;
    await tx.query(
      'INSERT INTO import_place (line, geom) SELECT u.line, ST_GeomFromText(u.wkt, 4326) FROM unnest($1::integer[], $2::text[]) AS u(line, wkt)',
      [badRowPlaces.lines.slice(start, end), badRowPlaces.wkts.slice(start, end)],
    );
    onChunk(rows.length + Math.min(badRowPlaces.lines.length, end));
  }
  // Statistics for the joins that follow (a temporary table has none until analysed); the
  // columns joined on only — the geometry would cost more to sample than the joins save.
  await tx.exec('ANALYZE import_row (line, external_id, permit_number, owner_key)');
}

/** Drops rows found bad after staging (outside the hromada …) when the import skips bad rows. */
export async function unstageLines(tx: Queryable, lines: number[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.query('DELETE FROM import_row WHERE line = ANY($1::integer[])', [lines]);
  await tx.query('DELETE FROM import_match WHERE line = ANY($1::integer[])', [lines]);
}
