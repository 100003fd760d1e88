/**
 * OGC API items under load: `limit=1000` in a ~2 × 2 km bbox around Slovyansk's centre, the line
 * `npm run bench` prints, measured long enough for a p99 to mean something.
 *
 *   createdb pm_bench20
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pm_bench20 BENCH_SCALE=20 npx tsx tiles/bench/ogc-items.ts
 *
 * Seeds Slovyansk at BENCH_SCALE into that database once (a database that has it is reused, so
 * the few minutes of generation are paid once). The server runs as `npm start` runs it, in a child
 * process; the load is 4 keep-alive clients for BENCH_SECONDS (30), then one client alone, whose
 * latencies are each request's own (no queueing behind the other clients).
 */
import { fork } from 'node:child_process';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';
import { load } from './load.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL database to keep (it is seeded once)');
const scale = Number(process.env.BENCH_SCALE ?? 20);
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const collection = process.env.BENCH_LAYER ?? 'maf';

const db = await openPostgres({ connectionString: url });
await migrate(db);
if (!(await hasAnyMunicipality(db))) {
  const t = performance.now();
  await seedDemo(db, { scale, slugs: ['slovyansk'] }, (m) => console.log(`  ${m}`));
  await db.query('ANALYZE');
  console.log(`seeded ×${scale} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
const { rows: [m] } = await db.query<{ lon: number; lat: number }>(
  "SELECT ST_X(view_center) AS lon, ST_Y(view_center) AS lat FROM municipality WHERE slug = 'slovyansk'");
await db.close();

const child = fork(new URL('./server-process.ts', import.meta.url).pathname, [], {
  env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const origin = await new Promise<string>((resolve) => child.once('message', (msg: { url: string }) => resolve(msg.url)));

const bbox = [m.lon - 0.0137, m.lat - 0.009, m.lon + 0.0137, m.lat + 0.009].map((v) => v.toFixed(5)).join(',');
const path = `/slovyansk/ogc/collections/${collection}/items?bbox=${bbox}&limit=1000`;
const headers = { accept: 'application/geo+json' };
const probe = await fetch(origin + path, { headers });
const doc = (await probe.json()) as { features?: unknown[]; numberMatched?: number };
console.log(`GET ${path}: ${probe.status}, ${doc.features?.length} features of ${doc.numberMatched} matched`);

const four = await load(origin, [path], { connections: 4, seconds, headers });
console.log(`4 clients, ${seconds} s: ${four.requests} requests, ${four.perSecond.toFixed(1)} req/s, p50 ${four.p50} ms, p99 ${four.p99} ms, failed ${four.failed}`);

const times: number[] = [];
const until = performance.now() + seconds * 1000;
while (performance.now() < until) {
  const t = performance.now();
  const res = await fetch(origin + path, { headers });
  await res.arrayBuffer();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(0);
console.log(`1 client, ${seconds} s: ${times.length} requests, p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);

child.send({ cmd: 'close' });
await new Promise((resolve) => child.once('exit', resolve));
