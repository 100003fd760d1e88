/**
 * "Nearest accessible X" over 100,000 facilities: how long GET /nearest's query takes.
 *
 *   npx tsx test/accessibility/bench-nearest.ts [embedded|postgres] [facilities=100000] [queries=200]
 *
 * Opens a copy of the test template (run any test once first: it prepares it; for postgres set
 * DATABASE_URL), adds the facilities to Slovyansk through the write core's bulk writer (graded as
 * usual), then times the query from random points: unfiltered, and "a pharmacy with a step-free
 * entrance, at least partly accessible by wheelchair". Prints the plan once, to show the KNN index.
 */
import { insertFacilities, type BulkFacility } from '../../server/accessibility/core/bulk.js';
import type { AccessibilityTable } from '../../server/accessibility/core/write.js';
import { nearestFacilities } from '../../server/accessibility/public-data.js';
import { Written } from '../../server/catalog/write.js';
import { openTestDatabase } from '../support/database.js';

const kind = (process.argv[2] ?? 'embedded') as 'embedded' | 'postgres';
const total = Number(process.argv[3] ?? 100_000);
const queries = Number(process.argv[4] ?? 200);
const CATEGORIES = ['shop', 'food', 'pharmacy', 'other', 'education', 'health', 'bank', 'culture', 'sport', 'administration', 'social', 'transport'];

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const db = await openTestDatabase(kind);
try {
  const { rows: [m] } = await db.query<{ id: number; x1: number; y1: number; x2: number; y2: number }>(
    `SELECT id, ST_XMin(boundary) AS x1, ST_YMin(boundary) AS y1, ST_XMax(boundary) AS x2, ST_YMax(boundary) AS y2 FROM municipality WHERE slug = 'slovyansk'`);
  const at = (): [number, number] => [m.x1 + rnd() * (m.x2 - m.x1), m.y1 + rnd() * (m.y2 - m.y1)];
  const facilities: BulkFacility[] = Array.from({ length: total }, (_, i) => {
    const [lon, lat] = at();
    const level = rnd() < 0.3;
    return {
      name: `Заклад ${i}`, category: CATEGORIES[Math.floor(rnd() * CATEGORIES.length)], address: null, lon, lat, external_id: `BENCH-${i}`,
      survey_source: 'import', surveyed_on: '2026-01-01', notes: null, facts: { accessible_toilet: rnd() < 0.3 },
      entrances: [{ is_main: true, level, ramp: !level && rnd() < 0.5, ramp_slope_pct: 4 + rnd() * 10, door_width_cm: Math.round(70 + rnd() * 50), threshold_height_cm: 1 }],
    };
  });
  let started = performance.now();
  await db.transaction((tx) => insertFacilities(tx, new Written<AccessibilityTable>(), { municipalityId: m.id, userId: null }, facilities, 'bench'));
  await db.exec('ANALYZE');
  const { rows: [{ n }] } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM facility WHERE municipality_id = $1', [m.id]);
  console.log(`${kind}: ${n} facilities in Slovyansk (${total} added and graded in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT f.id FROM pub_facilities f WHERE f.municipality_id = $1 AND f.grade_wheelchair = ANY($4::text[])
     ORDER BY f.geom::geography <-> ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography LIMIT 5`, [m.id, ...at(), ['full', 'partial']]);
  console.log(plan.rows.map((r) => `  ${r['QUERY PLAN']}`).slice(0, 8).join('\n'));

  for (const [label, filter] of [
    ['nearest 5, wheelchair ≥ partial', { features: [] as never[] }],
    ['nearest 5 pharmacies, step-free, wheelchair ≥ partial', { category: 'pharmacy', features: ['step_free_entrance'] as never[] }],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const [lon, lat] = at();
      started = performance.now();
      const found = await nearestFacilities(db, m.id, { lon, lat, need: 'wheelchair', atLeast: 'partial', limit: 5, ...filter });
      times.push(performance.now() - started);
      if (found.length === 0) throw new Error('nothing found');
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
    console.log(`${label}: ${queries} queries, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
  }
} finally {
  await db.close();
}
