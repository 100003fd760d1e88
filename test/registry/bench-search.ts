/**
 * How long a registry search takes at ×20 (issue 9: search keys stored, not computed per row):
 *
 *   BENCH_DATABASE_URL=postgres://…/empty_db BENCH_SCALE=20 npx tsx test/registry/bench-search.ts
 *
 * Seeds the demo at BENCH_SCALE (once; a database that already has it is reused), ANALYZEs, then
 * runs each search as the public table does (its count and its first page of 50, best matches
 * first) with today's SQL (stored keys, 0023), and with the SQL before it (search_key() of every
 * row at query time, kept below verbatim as the reference), on the same data. Reports the median
 * of BENCH_REPEAT runs (default 5). Without BENCH_DATABASE_URL: embedded, in memory.
 */
import { benchScale, openBenchDatabase } from './bench-database.js';
import { listObjects } from '../../server/registry/queries.js';
import { objectQuery } from '../../server/registry/schemas.js';
import { searchKey } from '../../server/rules/search-key.js';

const SEARCHES = ['Шевченка', 'ТОВ Смак', 'вулиця Шевченка, 12', 'смак трейт', 'РК-0', 'зовсім нічого'];
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

const db = await openBenchDatabase({ statementTimeoutMs: 600_000 });
const { rows: [{ m, objects }] } = await db.query<{ m: number; objects: number }>(
  "SELECT m.id AS m, count(*)::int AS objects FROM registry_object o JOIN municipality m ON m.id = o.municipality_id WHERE m.slug = 'slovyansk' GROUP BY m.id",
);
console.log(`registry search on ${db.kind}, Slovyansk ×${benchScale()}: ${objects} objects; median of ${REPEAT}`);

/** The search before 0023 (listing.ts as it was): search_key() of each row's values, per query. */
async function searchBefore(q: string): Promise<number> {
  const values: unknown[] = [m];
  const add = (v: unknown) => `$${values.push(v)}`;
  const key = searchKey(q);
  const text = `(' ' || search_key(coalesce(r.address, '') || ' ' || coalesce(r.owner_name, '')))`;
  const words = key.split(' ').slice(0, 8).map((w) => {
    const prefix = `${text} LIKE ${add(`% ${w}%`)}`;
    return [...w].length >= 4 ? `(${prefix} OR word_similarity(${add(w)}, search_key(coalesce(r.owner_name, ''))) >= 0.4)` : prefix;
  }).join(' AND ');
  const inside = add(`%${key}%`);
  const where = `r.municipality_id = $1 AND ((${words})
    OR search_key(coalesce(r.external_id, '')) LIKE ${inside}
    OR EXISTS (SELECT 1 FROM pub_registry_permits pp WHERE pp.object_id = r.id AND search_key(pp.number) LIKE ${inside}))`;
  const k = add(key);
  const rank = `GREATEST(word_similarity(${k}, search_key(coalesce(r.address, ''))), word_similarity(${k}, search_key(coalesce(r.owner_name, ''))))`;
  const [{ rows: [{ total }] }] = await Promise.all([
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM pub_registry r WHERE ${where}`, values.slice(0, values.length - 1)),
    db.query(`SELECT r.id, r.address, r.owner_name, r.legality FROM pub_registry r WHERE ${where} ORDER BY ${rank} DESC, r.id LIMIT 50`, values),
  ]);
  return total;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(run: () => Promise<number>): Promise<{ ms: number; found: number }> {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    found = await run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), found };
}

console.log('search                      stored keys (0023)   search_key() per row (before)');
for (const q of SEARCHES) {
  const after = await time(async () => (await listObjects(db, m, objectQuery.parse({ q, limit: '50' }))).total);
  const before = await time(() => searchBefore(q));
  if (before.found !== after.found) console.log(`  note: ${q}: ${before.found} found before, ${after.found} now`);
  console.log(`${q.padEnd(26)}  ${`${after.ms.toFixed(0)} ms`.padStart(9)} ${String(after.found).padStart(6)} found   ${`${before.ms.toFixed(0)} ms`.padStart(9)}`);
}
await db.close();
