/**
 * Per-lookup latency of "Your deputy"'s two lookups, over the demo (Slovyansk):
 *
 *   npx tsx test/districts/bench.ts                                            # embedded PGlite
 *   BENCH_DATABASE_URL=postgres://…/empty_db npx tsx test/districts/bench.ts   # PostgreSQL
 *   BENCH_POINTS=10000 BENCH_QUERIES=1000 (the defaults)
 *
 * Point in district: random points over the hromada's bounding box (some fall outside), one
 * districtAt() each. Address search: queries made from random address points as residents type
 * them — abbreviated, in capitals, with a letter dropped, in Latin, by a former street name —
 * one searchAddresses() each; the share whose first answer is the house asked for is reported too.
 */
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';
import { districtAt } from '../../server/districts/core/district-at.js';
import { searchAddresses } from '../../server/places/core/search.js';

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1_000);

let seed = 7;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const report = (name: string, times: number[], extra = '') => {
  const sorted = [...times].sort((a, b) => a - b);
  const total = times.reduce((s, t) => s + t, 0);
  console.log(`${name}: n=${times.length} p50 ${quantile(sorted, 0.5).toFixed(2)} ms, p99 ${quantile(sorted, 0.99).toFixed(2)} ms, mean ${(total / times.length).toFixed(2)} ms${extra}`);
};

const url = process.env.BENCH_DATABASE_URL;
const db: Database = url ? await openPostgres({ connectionString: url }) : await openEmbedded({});
await migrate(db);
if (!(await hasAnyMunicipality(db))) await seedDemo(db, { seed: 1 });
await db.exec('ANALYZE');
const { rows: [m] } = await db.query<{ id: number; xmin: number; ymin: number; xmax: number; ymax: number }>(
  `SELECT id, ST_XMin(boundary) AS xmin, ST_YMin(boundary) AS ymin, ST_XMax(boundary) AS xmax, ST_YMax(boundary) AS ymax FROM municipality WHERE slug = 'slovyansk'`);
console.log(`"Your deputy" lookups on ${db.kind}`);

const pointTimes: number[] = [];
let inside = 0;
for (let i = 0; i < POINTS; i++) {
  const lon = m.xmin + random() * (m.xmax - m.xmin);
  const lat = m.ymin + random() * (m.ymax - m.ymin);
  const started = performance.now();
  const hit = await districtAt(db, m.id, lon, lat);
  pointTimes.push(performance.now() - started);
  if (hit) inside++;
}
report('districtAt', pointTimes, ` (${inside} in a district, ${POINTS - inside} outside)`);

const { rows: houses } = await db.query<{ id: number; street_uk: string; street_en: string | null; house_number: string; old_name: string | null }>(
  `SELECT a.id, a.street_uk, a.street_en, a.house_number, (SELECT s.old_name FROM street_alias s WHERE s.municipality_id = a.municipality_id AND s.street_uk = a.street_uk LIMIT 1) AS old_name
   FROM address_point a WHERE a.municipality_id = $1 ORDER BY a.id`, [m.id]);
const abbreviate = (s: string) => s.replace(/^вулиця /, 'вул. ').replace(/^провулок /, 'пров. ').replace(/^проспект /, 'просп. ').replace(/^бульвар /, 'бульв. ');
const variants = [
  (h: typeof houses[0]) => `${abbreviate(h.street_uk)} ${h.house_number}`,
  (h: typeof houses[0]) => `${h.street_uk.toUpperCase()}, ${h.house_number}`,
  (h: typeof houses[0]) => { const s = h.street_uk; const i = Math.floor(s.length * 0.7); return `${s.slice(0, i)}${s.slice(i + 1)} ${h.house_number}`; },
  (h: typeof houses[0]) => `${h.street_en ?? h.street_uk} ${h.house_number}`,
  (h: typeof houses[0]) => `${h.old_name ?? h.street_uk}, ${h.house_number}`,
];
const searchTimes: number[] = [];
let firstRight = 0;
for (let i = 0; i < QUERIES; i++) {
  const h = houses[Math.floor(random() * houses.length)];
  const q = variants[i % variants.length](h);
  const started = performance.now();
  const results = await searchAddresses(db, m.id, q, 5);
  searchTimes.push(performance.now() - started);
  // the same street and number is right even when another point shares them (a duplicate house)
  if (results[0] && results[0].street === h.street_uk && results[0].houseNumber === h.house_number) firstRight++;
}
report('searchAddresses', searchTimes, ` (first answer right for ${firstRight} of ${QUERIES})`);
await db.close();
