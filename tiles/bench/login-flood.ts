/**
 * `npm run bench:login`: do public reads keep their latency while someone floods the sign-in?
 *
 * Every sign-in hashes a password with a 128 MiB scrypt on libuv's thread pool, which also
 * compresses responses and reads files; unbounded, 32 parallel bogus sign-ins stalled the map for
 * seconds. This starts the real server (server-process.ts, as `npm start` runs it, with the tile
 * fast path) on a fresh embedded database with the demo, and measures with 4 keep-alive clients:
 *   the map page   GET /slovyansk/ (gzip: compression runs on the thread pool)
 *   the catalog    GET /slovyansk/api/catalog (compressed JSON)
 *   a warm tile    GET /slovyansk/tiles/maf/14/9903/5636.mvt
 * first alone, then while FLOOD_CLIENTS clients post sign-ins with unknown logins as fast as they
 * are answered. Each flood request comes from a new address (X-Forwarded-For through a trusted
 * proxy, TRUSTED_PROXIES=127.0.0.1): a distributed flood, so the per-address limit does not stop
 * it and the hashing queue (server/auth/hash-gate.ts) is what protects the reads.
 *
 * Env: BENCH_SECONDS (per measurement, default 8), FLOOD_CLIENTS (default 32).
 * Progress goes to stderr, the report to stdout. The scratch database is removed at the end.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createDataset } from './datasets.js';
import { load, type LoadResult } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const FLOOD_CLIENTS = Number(process.env.FLOOD_CLIENTS ?? 32);
const HERE = new URL('.', import.meta.url).pathname;
const say = (message: string) => process.stderr.write(`${message}\n`);

const TARGETS = [
  { name: 'map page /slovyansk/', path: '/slovyansk/' },
  { name: 'catalog (compressed JSON)', path: '/slovyansk/api/catalog' },
  { name: 'warm tile maf/14/9903/5636', path: '/slovyansk/tiles/maf/14/9903/5636.mvt' },
] as const;

interface Server { url: string; close(): Promise<void> }

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = fork(join(HERE, 'server-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'never', TRUSTED_PROXIES: '127.0.0.1', ...env },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server-process.ts exited with ${code}`)));
    child.once('message', (message) => resolve(message as { url: string }));
  });
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ cmd: 'close' });
    }),
  };
}

/** Posts bogus sign-ins from FLOOD_CLIENTS loops until stopped; counts the answers by status. */
function flood(origin: string) {
  let running = true;
  let n = 0;
  const statuses = new Map<number, number>();
  const loop = async () => {
    while (running) {
      const i = n++;
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      try {
        const res = await fetch(`${origin}/slovyansk/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
          body: JSON.stringify({ login: `nobody-${i}`, password: 'not-the-password' }),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
      }
    }
  };
  const started = performance.now();
  const loops = Array.from({ length: FLOOD_CLIENTS }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      const seconds = (performance.now() - started) / 1000;
      return { requests: n, perSecond: n / seconds, statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)) };
    },
  };
}

async function measure(origin: string): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const target of TARGETS) {
    results.push(await load(origin, [target.path], { connections: 4, seconds: SECONDS, headers: { 'accept-encoding': 'gzip' } }));
  }
  return results;
}

delete process.env.DATABASE_URL; // the embedded database: what a newcomer runs, and the smaller machine
const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
say('seeding the demo (embedded) …');
const dataset = await createDataset(1, ['slovyansk'], say);
try {
  const server = await startServer(dataset.env);
  try {
    for (const t of TARGETS) await fetch(server.url + t.path, { headers: { 'accept-encoding': 'gzip' } }).then((r) => r.arrayBuffer()); // warm
    say(`without a flood: ${TARGETS.length} × ${SECONDS} s …`);
    const quiet = await measure(server.url);
    say(`with ${FLOOD_CLIENTS} clients flooding the sign-in …`);
    const flooding = flood(server.url);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the flood fill the queue
    const loud = await measure(server.url);
    const floodResult = await flooding.stop();

    const ms = (r: LoadResult) => `p50 ${String(r.p50).padStart(4)} ms, p99 ${String(r.p99).padStart(5)} ms, ${r.perSecond.toFixed(0).padStart(5)} req/s${r.failed ? `, ${r.failed} failed` : ''}`;
    const lines = [
      `Login flood benchmark (${new Date().toISOString().slice(0, 10)}, embedded database, load average at start ${loadAtStart})`,
      `4 clients per target, ${SECONDS} s each; flood: ${FLOOD_CLIENTS} clients of bogus sign-ins from new addresses`,
      '',
      ...TARGETS.flatMap((t, i) => [`${t.name}`, `  without flood: ${ms(quiet[i])}`, `  under flood:   ${ms(loud[i])}`]),
      '',
      `flood: ${floodResult.requests} sign-ins, ${floodResult.perSecond.toFixed(0)}/s; answers by status: ${JSON.stringify(floodResult.statuses)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.close();
  }
} finally {
  await dataset.drop();
}
