/**
 * Comment POST latency under 16 concurrent residents, through the real server (rate limits, form
 * ticket, write core, steps, audit, the outbox's .eml for those who give an e-mail):
 *
 *   npx tsx test/comments/bench.ts                 # embedded PGlite (a copy of the test template)
 *   BENCH_DATABASE_URL=postgres://…/pm_x npx tsx test/comments/bench.ts   # PostgreSQL (migrated and seeded if empty)
 *
 * Needs the test template (run any test of test/comments once). Env: BENCH_POSTS (default 800),
 * BENCH_CLIENTS (default 16), BENCH_COMMENTS (top Slovyansk up to this many comments first, in
 * bulk: tiles/bench/comment-density.ts; the issue's ×20 is 400000). Prints p50/p90/p99 and throughput; each resident posts from an
 * address of its own (X-Forwarded-For through a trusted loopback proxy), half with an e-mail.
 */
import { loadavg } from 'node:os';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';
import { loadConfig } from '../../server/config.js';
import { migrate } from '../../server/db/migrate.js';
import { openPostgres } from '../../server/db/postgres.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import { startTestServer } from '../support/server.js';
import { topUpComments } from '../../tiles/bench/comment-density.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 800);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const url = process.env.BENCH_DATABASE_URL;
const kind = url ? 'postgres' : 'embedded';

const outbox = mkdtempSync(join(tmpdir(), 'pm-bench-outbox-'));
const env = { OUTBOX_DIR: outbox, TRUSTED_PROXIES: 'loopback' };
async function onPostgres(connectionString: string) {
  const db = await openPostgres({ connectionString });
  await migrate(db);
  if (!(await hasAnyMunicipality(db))) await seedDemo(db, { seed: 1 });
  const config = loadConfig({ LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '', ...env });
  const ctx = await createContext(config, db, createLogger(config));
  const running = await listen(ctx, 0, '127.0.0.1');
  return { url: running.url, db, close: async () => { await running.close(1000); await ctx.versions.stop(); await db.close(); } };
}
const server = url ? await onPostgres(url) : await startTestServer('embedded', env);
if (process.env.BENCH_COMMENTS) {
  const d = await topUpComments(server.db, 'slovyansk', Number(process.env.BENCH_COMMENTS));
  console.log(`comments topped up in bulk: +${d.added} in ${d.seconds.toFixed(1)} s → ${d.total} in Slovyansk (${d.public} public)`);
  await server.db.query('ANALYZE comment');
}
const loadBefore = loadavg().map((l) => l.toFixed(1)).join(' ');
await server.db.query('UPDATE comment_settings SET min_fill_seconds = 0, per_client_per_hour = 100000, per_hromada_per_hour = 1000000');
const { rows: [place] } = await server.db.query<{ lon: number; lat: number }>(
  `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(boundary) AS p FROM municipality WHERE slug = 'slovyansk') s`);

const times: number[] = [];
let next = 0;
let failed = 0;
const refusals = new Map<string, number>();
const started = performance.now();
await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
  while (next < POSTS) {
    const i = next++;
    // each comment opens its form (a ticket serves one comment); only the POST is timed
    const { ticket } = (await (await fetch(`${server.url}/slovyansk/api/comments/form`)).json()) as { ticket: string };
    const t0 = performance.now();
    const res = await fetch(`${server.url}/slovyansk/api/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${client}.${(i >> 8) & 255}.${i & 255}` },
      body: JSON.stringify({
        ticket, category: i % 2 ? 'damage' : 'improvement', body: `Звернення №${i}: зламана лавка біля будинку`,
        lon: place.lon + ((i % 50) - 25) * 0.0002, lat: place.lat + (Math.floor(i / 50) % 50 - 25) * 0.0002,
        ...(i % 2 ? { email: `bench${i}@example.org`, name: 'Мешканець' } : {}),
      }),
    });
    const answer = await res.text();
    if (res.status !== 201) {
      failed++;
      const why = `${res.status} ${answer.slice(0, 120)}`;
      refusals.set(why, (refusals.get(why) ?? 0) + 1);
    }
    times.push(performance.now() - t0);
  }
}));
const seconds = (performance.now() - started) / 1000;
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
console.log(`comment POST on ${kind}: ${POSTS} posts, ${CLIENTS} concurrent residents, ${failed} failed`);
for (const [why, n] of refusals) console.log(`  refused ×${n}: ${why}`);
console.log(`  p50 ${q(0.5)} ms   p90 ${q(0.9)} ms   p99 ${q(0.99)} ms   max ${times.at(-1)!.toFixed(1)} ms   ${(POSTS / seconds).toFixed(1)} posts/s`);
console.log(`  e-mails written to the outbox: ${readdirSync(outbox).length}; load average before: ${loadBefore}, after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await server.close();
rmSync(outbox, { recursive: true, force: true });
