/**
 * The demo hromadas: Slovyansk and Kryvyi Rih with streets, districts and deputies, kiosks and
 * billboards with their permits and payments, accessible facilities and residents' comments.
 * `npm start` seeds them into an empty database so a newcomer sees a working service at once;
 * `npm run demo:reset` recreates them; tests and the tile benchmark (scale 20) seed them too.
 *
 * The same seed gives the same data; only dates move, since they are kept relative to today so
 * that every legality state (legal, expiring, expired …) is present on whatever day it runs.
 */
import type { Database, Queryable } from '../../server/db/database.js';
import { DEMO_CITIES } from './cities.js';
import { seedHromada, type HromadaReport } from './hromada.js';

export interface DemoOptions {
  seed?: number;
  /** multiplies object counts (the benchmark uses 20) */
  scale?: number;
  slugs?: string[];
}

export interface DemoReport {
  municipalities: { slug: string; addresses: number; districts: number; deputies: number; maf: number; advertising: number; facilities: number; comments: number }[];
}

/** The seed used when none is given: the year the Slovyansk programme started. */
export const DEFAULT_SEED = 2016;
/** Above this a single transaction on the embedded database gets too large to be useful. */
const MAX_SCALE = 100;
/**
 * An arbitrary constant: the advisory lock that makes two app instances starting together on one
 * empty PostgreSQL seed one after the other; the second then finds the hromadas and refuses with
 * a clear message instead of failing half-way on a duplicate slug.
 */
const SEED_LOCK = 7_355_609;

function checkOptions(options: DemoOptions): Required<DemoOptions> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  const slugs = options.slugs ?? DEMO_CITIES.map((c) => c.slug);
  if (!Number.isInteger(seed)) throw new Error(`seed should be an integer, got ${seed}`);
  if (!(scale > 0 && scale <= MAX_SCALE)) throw new Error(`scale should be in the (0, ${MAX_SCALE}] range, got ${scale}`);
  const unknown = slugs.filter((s) => !DEMO_CITIES.some((c) => c.slug === s));
  if (unknown.length > 0 || slugs.length === 0) {
    throw new Error(`slugs should name demo hromadas (${DEMO_CITIES.map((c) => c.slug).join(', ')}), got ${JSON.stringify(slugs)}`);
  }
  return { seed, scale, slugs };
}

/** Seeds the demo hromadas in the caller's transaction (demo:reset clears and seeds in one). */
export async function seedDemoIn(tx: Queryable, options: DemoOptions = {}, onProgress: (message: string) => void = () => {}): Promise<DemoReport> {
  const { seed, scale, slugs } = checkOptions(options);
  await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
  const { rows: existing } = await tx.query<{ slug: string }>('SELECT slug FROM municipality WHERE slug = ANY($1::text[]) ORDER BY slug', [slugs]);
  if (existing.length > 0) {
    throw new Error(`The database already holds ${existing.map((r) => r.slug).join(', ')}: run \`npm run demo:reset\` to recreate the demo.`);
  }
  const { rows } = await tx.query<{ today: string; now: Date }>('SELECT current_date::text AS today, now() AS now');
  const ctx = { seed, scale, today: rows[0].today, now: new Date(rows[0].now), say: onProgress };
  const municipalities: HromadaReport[] = [];
  for (const city of DEMO_CITIES.filter((c) => slugs.includes(c.slug))) municipalities.push(await seedHromada(tx, city, ctx));
  return { municipalities };
}

/** Creates the demo hromadas and their data in one transaction. Refuses (throws) if a municipality with that slug exists. */
export async function seedDemo(db: Database, options: DemoOptions = {}, onProgress?: (message: string) => void): Promise<DemoReport> {
  return db.transaction((tx) => seedDemoIn(tx, options, onProgress));
}

/** True when the database already holds any municipality (so `npm start` seeds only an empty database). */
export async function hasAnyMunicipality(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM municipality) AS any');
  return rows[0].any;
}

/** A foreign key of the schema: `child.column` references `parent`; `optional` when the column may be NULL. */
interface ForeignKey { child: string; parent: string; column: string; optional: boolean }

/**
 * Deletes every row that belongs to a municipality, and the municipalities, in the caller's
 * transaction. Which tables those are is read from the schema's foreign keys, so a table added by
 * a later migration is cleared too:
 *
 *  - a table whose rows all name a municipality (a NOT NULL reference), with every table that
 *    references it in turn (user_session through app_user), is emptied by one TRUNCATE: instant,
 *    where DELETE would check each row against its referencing tables (and comment has no index
 *    on registry_object_id or facility_id, so deleting 88,000 objects would scan the comments
 *    88,000 times);
 *  - a table that merely may name one (object_type since 0007: the national list has NULL there)
 *    loses only the rows that do, by DELETE;
 *  - the municipalities go last.
 *
 * Not TRUNCATE municipality CASCADE: that would also empty the shared national list. TRUNCATE
 * fires no row triggers, so running servers are not notified: restart them after a reset.
 */
export async function clearAllDataIn(tx: Queryable): Promise<void> {
  const { rows: keys } = await tx.query<ForeignKey>(
    `SELECT quote_ident(ch.relname) AS child, quote_ident(pa.relname) AS parent, quote_ident(a.attname) AS column,
            NOT a.attnotnull AS optional
     FROM pg_constraint c
     JOIN pg_class ch ON ch.oid = c.conrelid
     JOIN pg_class pa ON pa.oid = c.confrelid
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND ch.relnamespace = current_schema()::regnamespace
     ORDER BY 1, 2, 3`,
  );
  const owned = new Set<string>();
  const shared = new Map<string, string>(); // table → its optional column referencing municipality
  for (const k of keys.filter((k) => k.parent === 'municipality' && k.child !== 'municipality')) {
    if (k.optional) shared.set(k.child, k.column);
    else owned.add(k.child);
  }
  for (const table of owned) shared.delete(table); // a NOT NULL reference anywhere makes every row owned
  // TRUNCATE needs every table that references a truncated one in the same statement.
  for (let grew = true; grew; ) {
    grew = false;
    for (const k of keys) {
      if (!owned.has(k.parent) || owned.has(k.child) || k.child === 'municipality') continue;
      if (shared.has(k.child)) throw new Error(`Cannot clear the demo: shared table ${k.child} references ${k.parent}`);
      owned.add(k.child);
      grew = true;
    }
  }
  // Identifiers come from the catalog, quoted by quote_ident, never from input.
  if (owned.size > 0) await tx.query(`TRUNCATE ${[...owned].sort().join(', ')}`);
  for (const [table, column] of shared) await tx.query(`DELETE FROM ${table} WHERE ${column} IS NOT NULL`);
  await tx.query('DELETE FROM municipality');
}

/** Deletes every domain row of every municipality (for demo:reset), in one transaction, leaving the schema. */
export async function clearAllData(db: Database): Promise<void> {
  await db.transaction((tx) => clearAllDataIn(tx));
}
