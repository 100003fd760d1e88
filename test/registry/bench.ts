/**
 * Latency of the public registry over the demo hromadas (Slovyansk: ~2,200 objects):
 *
 *   npx tsx test/registry/bench.ts                      # embedded PGlite, in memory
 *   BENCH_DATABASE_URL=postgres://…/empty_db npx tsx test/registry/bench.ts   # PostgreSQL
 *   BENCH_ANALYZE=1 …                                  # ANALYZE first (PGlite has no autovacuum)
 *
 * Each path is fetched 12 times in a row (median and 90th percentile reported), then /objects is
 * loaded by 8 concurrent clients, once in full and once as revalidations (If-None-Match → 304).
 */
import autocannon from 'autocannon';
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { loadConfig } from '../../server/config.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import { hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';

const PATHS = [
  '/objects',
  '/objects?limit=50&offset=1000&sort=-revenue_total',
  '/objects?legality=expired,no_permit&category=advertising',
  `/objects?q=${encodeURIComponent('Шевченка')}`,
  '/objects?district=5',
  '/objects/2',
  '/owners?limit=50',
  '/stats',
  '/export.csv',
  '/export.csv?profile=opendata',
  '/export.geojson',
];

const url = process.env.BENCH_DATABASE_URL;
const db: Database = url ? await openPostgres({ connectionString: url }) : await openEmbedded({});
await migrate(db);
if (!(await hasAnyMunicipality(db))) await seedDemo(db, { seed: 1 });
if (process.env.BENCH_ANALYZE === '1') await db.exec('ANALYZE');
const config = loadConfig({ LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '' });
const ctx = await createContext(config, db, createLogger(config));
const running = await listen(ctx, 0, '127.0.0.1');
const base = `${running.url}/slovyansk/api/registry`;

console.log(`registry on ${db.kind}`);
for (const path of PATHS) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 12; i++) {
    const started = performance.now();
    const res = await fetch(base + path);
    bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${path.padEnd(58)} median ${times[6].toFixed(1).padStart(7)} ms   p90 ${times[10].toFixed(1).padStart(7)} ms   ${(bytes / 1024).toFixed(0).padStart(5)} KiB`);
}
const full = await autocannon({ url: `${base}/objects`, connections: 8, duration: 5 });
console.log(`/objects, 8 clients:                 ${full.requests.average.toFixed(0)} req/s, p50 ${full.latency.p50} ms, p99 ${full.latency.p99} ms`);
const etag = (await fetch(`${base}/objects`)).headers.get('etag')!;
const revalidated = await autocannon({ url: `${base}/objects`, connections: 8, duration: 5, headers: { 'if-none-match': etag } });
console.log(`/objects revalidated (304), 8 clients: ${revalidated.requests.average.toFixed(0)} req/s, p50 ${revalidated.latency.p50} ms`);

await running.close(100);
await ctx.versions.stop();
await db.close();
