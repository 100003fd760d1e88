/**
 * How long a registry search takes at ×20 (issue 9: search keys stored, not computed per row):
 *
 *   BENCH_DATABASE_URL=postgres://…/empty_db BENCH_SCALE=20 npx tsx test/registry/bench-search.ts
 *
 * Seeds the demo at BENCH_SCALE (once; a database that already has it is reused), ANALYZEs, then
 * fetches each search of the public table 9 times through the real server (the page and its
 * count, as the table asks) and reports the median. Without BENCH_DATABASE_URL: embedded, in memory.
 */
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { loadConfig } from '../../server/config.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import { hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';

const SEARCHES = ['Шевченка', 'ТОВ Смак', 'вулиця Шевченка, 12', 'смак трейт', 'РК-0', 'зовсім нічого'];

const scale = Number(process.env.BENCH_SCALE ?? 1);
const url = process.env.BENCH_DATABASE_URL;
const db: Database = url ? await openPostgres({ connectionString: url }) : await openEmbedded({});
await migrate(db);
if (!(await hasAnyMunicipality(db))) {
  const t = performance.now();
  await seedDemo(db, { seed: 1, scale });
  console.log(`seeded ×${scale} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
await db.exec('ANALYZE');
const { rows: [{ objects }] } = await db.query<{ objects: number }>(
  "SELECT count(*)::int AS objects FROM registry_object o JOIN municipality m ON m.id = o.municipality_id WHERE m.slug = 'slovyansk'",
);
console.log(`registry search on ${db.kind}, Slovyansk ×${scale}: ${objects} objects`);

const config = loadConfig({ LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '' });
const ctx = await createContext(config, db, createLogger(config));
const running = await listen(ctx, 0, '127.0.0.1');
const base = `${running.url}/slovyansk/api/registry/objects?limit=50&q=`;
for (const q of SEARCHES) {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    const res = await fetch(base + encodeURIComponent(q));
    if (res.status !== 200) throw new Error(`${q}: ${res.status} ${await res.text()}`);
    total = ((await res.json()) as { total: number }).total;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`q=${q.padEnd(24)} median ${times[4].toFixed(0).padStart(6)} ms   ${String(total).padStart(6)} found`);
}
await running.close(100);
await db.close();
