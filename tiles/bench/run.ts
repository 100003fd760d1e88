/**
 * `npm run bench`: how fast the tile server answers, against the two references that bound it.
 *
 * For the demo (scale 1) and a 20× denser Slovyansk (scale 20), each in a fresh database
 * (PostgreSQL when DATABASE_URL is set, else the embedded PGlite), it starts the real server in a
 * child process and asks for a fixed list of ~500 MAF tiles at z12-z18 weighted like browsing
 * (tile-list.ts), with 16 concurrent keep-alive clients (autocannon):
 *   warm   the list over and over for BENCH_SECONDS (every tile already encoded and cached);
 *   cold   after an editor's write (the collection's version changes, the index is rebuilt and no
 *          tile is cached), the list once; BENCH_COLD_ROUNDS rounds;
 * and then the references, each a bare node:http server in a child process on the same list:
 *   ceiling   the same tile bytes from a Map (the most Node can do here);
 *   ST_AsMVT  PostGIS encoding each tile per request (PostgreSQL only; PGlite lacks protobuf).
 * Also: tile sizes (ours and ST_AsMVT's for the same tiles), OGC items latency (limit=1000 in a
 * bbox, when the OGC API is mounted), and how long each collection's index takes to build.
 *
 * Progress goes to stderr, the report to stdout. Scratch databases are dropped at the end.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectionById } from '../../server/catalog/collections.js';
import { tilePropertyNames } from '../../server/tiles/layer-source.js';
import { seedDemo } from '../../data-import/demo/index.js';
import { topUpComments } from './comment-density.js';
import { createDataset, type Dataset } from './datasets.js';
import { load, type LoadResult } from './load.js';
import { browsingTiles } from './tile-list.js';
import { tileAt } from '../tile-grid.js';

const CONNECTIONS = 16;
const WARM_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 3);
/** Warm runs are split into this many alternating rounds. */
const ROUNDS = 3;
const SCALES = (process.env.BENCH_SCALES ?? '1,20').split(',').map(Number);
const TILE_COUNT = 500;
const SLUG = 'slovyansk';
/** The layer the tile list asks for (BENCH_LAYER=buildings: the own base map's footprints; comments: the residents' comments). */
const LAYER = process.env.BENCH_LAYER ?? 'maf';
/** Comments in Slovyansk at ×20 for BENCH_LAYER=comments (issue 12: 400,000), topped up in bulk by comment-density.ts. */
const COMMENTS_AT_20 = Number(process.env.BENCH_COMMENTS ?? 400_000);
const HERE = new URL('.', import.meta.url).pathname;

const LOAD_AT_START = loadavg().map((l) => l.toFixed(1)).join(' ');
const say = (message: string) => process.stderr.write(`${message}\n`);

interface Child {
  url: string;
  /** The tile fast path in front of the same app (server-process only). */
  fastUrl?: string;
  call<T>(message: object): Promise<T>;
  close(): Promise<void>;
}

/** A TypeScript child process (through tsx) that answers IPC messages one at a time. */
async function startChild(script: string, env: Record<string, string>): Promise<Child> {
  const child: ChildProcess = fork(join(HERE, script), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'never', ...env },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`${script} exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const { url, fastUrl } = await next();
  return {
    url,
    fastUrl,
    async call<T>(message: object) {
      const answer = next();
      child.send(message);
      const reply = await answer;
      if (!reply.ok) throw new Error(reply.error);
      return reply.result as T;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ cmd: 'close' });
      }),
  };
}

interface Municipality { slug: string; bbox: [number, number, number, number]; center: [number, number] }

/** Fetches every path once: the bytes (null for 204), and the slowest answer. */
async function fetchAll(origin: string, paths: string[]): Promise<{ tiles: Map<string, Buffer | null>; firstMs: number }> {
  const tiles = new Map<string, Buffer | null>();
  let firstMs = 0;
  for (const [i, path] of paths.entries()) {
    const started = performance.now();
    const res = await fetch(origin + path);
    const body = Buffer.from(await res.arrayBuffer());
    if (i === 0) firstMs = performance.now() - started;
    if (res.status !== 200 && res.status !== 204) throw new Error(`${path}: ${res.status} ${body.toString().slice(0, 200)}`);
    tiles.set(path, res.status === 204 ? null : body);
  }
  return { tiles, firstMs };
}

function sizes(tiles: Iterable<Buffer | null>): { count: number; total: number; mean: number; p95: number } {
  const bytes = [...tiles].filter((t): t is Buffer => t !== null).map((t) => t.length).sort((a, b) => a - b);
  const total = bytes.reduce((a, b) => a + b, 0);
  return { count: bytes.length, total, mean: bytes.length ? total / bytes.length : 0, p95: bytes[Math.floor(bytes.length * 0.95)] ?? 0 };
}

/** Runs a load and adds the CPU time the serving process spent per request. */
async function withCpu(child: Child, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = await child.call<number>({ cmd: 'cpu' });
  const result = await run();
  const after = await child.call<number>({ cmd: 'cpu' });
  return { ...result, cpuMicros: (after - before) / result.requests };
}

/**
 * Rounds added up: the rate over the total time, p50 and p99 the median round's (a burst of
 * someone else's work on a shared machine spoils one round, not the figure), and the worst p99.
 */
function combine(runs: LoadResult[]): LoadResult {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cpu = runs.every((r) => r.cpuMicros !== undefined) ? runs.reduce((a, r) => a + r.cpuMicros! * r.requests, 0) / requests : undefined;
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    worstP99: Math.max(...runs.map((r) => r.p99)),
    failed: runs.reduce((a, r) => a + r.failed, 0),
    cpuMicros: cpu,
  };
}

async function measureOgc(origin: string, m: Municipality): Promise<string> {
  // ~2 × 2 km around the centre
  const [lon, lat] = m.center;
  const bbox = [lon - 0.0137, lat - 0.009, lon + 0.0137, lat + 0.009].map((v) => v.toFixed(5)).join(',');
  const path = `/${m.slug}/ogc/collections/${LAYER}/items?bbox=${bbox}&limit=1000`;
  const probe = await fetch(origin + path, { headers: { accept: 'application/geo+json' } });
  if (probe.status !== 200) return `n/a (GET ${path} answered ${probe.status})`;
  const doc = (await probe.json()) as { features?: unknown[] };
  const r = await load(origin, [path], { connections: 4, seconds: 5, headers: { accept: 'application/geo+json' } });
  return `${doc.features?.length ?? '?'} features: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.perSecond.toFixed(0)} req/s (4 clients)`;
}

interface ScaleReport {
  scale: number;
  dataset: Dataset;
  zooms: Record<number, number>;
  firstMs: number;
  warm: LoadResult;
  /** Warm, through the fast path (fast-path.ts) instead of Express. */
  fast: LoadResult;
  cold: LoadResult;
  /** After an edit: how long the edited feature's tile took, and the list once. */
  visibleMs: number[];
  afterEdit: LoadResult;
  ceiling: LoadResult;
  stAsMvt?: LoadResult;
  ours: ReturnType<typeof sizes>;
  theirs?: ReturnType<typeof sizes>;
  /** Bytes of tiles that hold the same data in both (z ≥ clusterBelowZoom): ours / ST_AsMVT's. */
  sameData?: { ours: number; theirs: number; tiles: number; larger: number };
  builds: { chosen: string; other: string; rows: { collection: string; features: number; loadMs: number; indexMs: number; otherLoadMs: number }[] };
  ogc: string;
}

async function benchScale(scale: number): Promise<ScaleReport> {
  // scale 20 seeds Slovyansk only: the tiles are Slovyansk's, and seeding Kryvyi Rih 20× would double the time
  const slugs = scale === 1 ? ['slovyansk', 'kryvyi-rih'] : [SLUG];
  say(`\n== scale ${scale}: seeding ${slugs.join(', ')} …`);
  const dataset = await createDataset(scale, slugs, say, LAYER === 'comments' && scale >= 20 ? async (db) => {
    await seedDemo(db, { scale, slugs }, (message) => say(`  ${message}`));
    const d = await topUpComments(db, SLUG, COMMENTS_AT_20);
    say(`  comments topped up in bulk: +${d.added} in ${d.seconds.toFixed(1)} s → ${d.total} in ${SLUG}, ${d.public} public`);
  } : undefined);
  try {
    say(`   seeded in ${dataset.seedSeconds.toFixed(1)} s (${dataset.kind}); starting the server …`);
    const server = await startChild('server-process.ts', dataset.env);
    const municipalities = (await (await fetch(`${server.url}/api/municipalities`)).json()) as Municipality[];
    const m = municipalities.find((x) => x.slug === SLUG)!;
    const list = browsingTiles(m.center, m.bbox, TILE_COUNT);
    const zooms: Record<number, number> = {};
    for (const t of list) zooms[t.z] = (zooms[t.z] ?? 0) + 1;
    const paths = list.map((t) => `/${SLUG}/tiles/${LAYER}/${t.z}/${t.x}/${t.y}.mvt`);

    say('   first pass (index build, every tile once) …');
    const { tiles, firstMs } = await fetchAll(server.url, paths);
    const scratch = mkdtempSync(join(tmpdir(), 'pm-bench-tiles-'));
    const file = join(scratch, 'tiles.json');
    writeFileSync(file, JSON.stringify(Object.fromEntries([...tiles].map(([p, b]) => [p, b ? b.toString('base64') : null]))));
    const memory = await startChild('reference-server.ts', { REFERENCE: 'memory', TILES_FILE: file });

    // The machine may be busy with other work: runs alternate in short rounds, so a change in
    // background load hits every contender alike, and CPU time per request is counted too.
    say(`   warm: ours through Express, ours through the fast path, the ceiling; ${ROUNDS} alternating rounds of ${(WARM_SECONDS / ROUNDS).toFixed(1)} s …`);
    const warmRuns: Record<'express' | 'fast' | 'ceiling', LoadResult[]> = { express: [], fast: [], ceiling: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, child, origin] of [['express', server, server.url], ['fast', server, server.fastUrl!], ['ceiling', memory, memory.url]] as const) {
        warmRuns[name].push(await withCpu(child, () => load(origin, paths, { connections: CONNECTIONS, seconds: WARM_SECONDS / ROUNDS })));
      }
    }
    await memory.close();
    rmSync(scratch, { recursive: true, force: true });

    let reference: Child | undefined;
    const maf = collectionById(LAYER)!;
    if (dataset.url) {
      reference = await startChild('reference-server.ts', {
        REFERENCE: 'st_asmvt', DATABASE_URL: dataset.url, VIEW: maf.view, PROPERTIES: tilePropertyNames(maf).join(','),
        MUNICIPALITY_ID: String(await municipalityId(dataset.url)),
      });
    }
    say(`   cold: ${COLD_ROUNDS} rounds of (an edit, the list once${reference ? '; ST_AsMVT, the list once' : ''}) …`);
    const coldRuns: LoadResult[] = [];
    const stRuns: LoadResult[] = [];
    for (let i = 0; i < COLD_ROUNDS; i++) {
      // every index and cached tile dropped: what a first visitor after a restart (or a new day) meets
      await server.call({ cmd: 'forget' });
      coldRuns.push(await load(server.url, paths, { connections: CONNECTIONS, amount: paths.length }));
      if (reference) stRuns.push(await load(reference.url, paths, { connections: CONNECTIONS, amount: paths.length }));
    }
    say(`   edits: ${COLD_ROUNDS} rounds of (a kiosk moved; its new tile; the list once) …`);
    const visibleMs: number[] = [];
    const afterEdit: LoadResult[] = [];
    for (let i = 0; i < COLD_ROUNDS; i++) {
      const moved = await server.call<{ id: number; lon: number; lat: number }>({ cmd: 'move', slug: SLUG, step: i + 1 });
      const t = tileAt(moved.lon, moved.lat, 16);
      const started = performance.now();
      const res = await fetch(`${server.url}/${SLUG}/tiles/maf/16/${t.x}/${t.y}.mvt`);
      await res.arrayBuffer();
      visibleMs.push(performance.now() - started);
      afterEdit.push(await load(server.url, paths, { connections: CONNECTIONS, amount: paths.length }));
    }
    let theirs: ScaleReport['theirs'];
    let sameData: ScaleReport['sameData'];
    if (reference) {
      const theirTiles = (await fetchAll(reference.url, paths)).tiles;
      await reference.close();
      theirs = sizes(theirTiles.values());
      sameData = { ours: 0, theirs: 0, tiles: 0, larger: 0 };
      for (const [i, path] of paths.entries()) {
        if (list[i].z < (maf.clusterBelowZoom ?? 0)) continue;
        const a = tiles.get(path)?.length ?? 0;
        const b = theirTiles.get(path)?.length ?? 0;
        if (a === 0 && b === 0) continue;
        sameData.tiles++;
        sameData.ours += a;
        sameData.theirs += b;
        if (a > b) sameData.larger++;
      }
    }

    say('   index builds and OGC items …');
    const builds = await server.call<ScaleReport['builds']>({ cmd: 'builds', slug: SLUG });
    const ogc = await measureOgc(server.url, m);
    await server.close();
    return {
      scale, dataset, zooms, firstMs,
      warm: combine(warmRuns.express), fast: combine(warmRuns.fast), ceiling: combine(warmRuns.ceiling),
      cold: combine(coldRuns), visibleMs, afterEdit: combine(afterEdit), stAsMvt: reference ? combine(stRuns) : undefined,
      ours: sizes(tiles.values()), theirs, sameData, builds, ogc,
    };
  } finally {
    await dataset.drop();
  }
}

async function municipalityId(url: string): Promise<number> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT id FROM municipality WHERE slug = $1', [SLUG]);
    return rows[0].id as number;
  } finally {
    await client.end();
  }
}

const pass = (ok: boolean | undefined) => (ok === undefined ? 'n/a ' : ok ? 'PASS' : 'MISS');
const rate = (r: LoadResult) =>
  `${r.perSecond.toFixed(0).padStart(6)} tiles/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(4)} ms` +
  (r.worstP99 !== undefined ? ` (worst ${String(r.worstP99).padStart(4)})` : '') +
  (r.cpuMicros !== undefined ? `  ${r.cpuMicros.toFixed(0).padStart(4)} µs CPU/tile` : '') +
  (r.failed ? `  FAILED ${r.failed}` : '');

function report(reports: ScaleReport[]): void {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  line(`# Tile benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${reports[0]?.dataset.kind === 'postgres' ? 'PostgreSQL+PostGIS' : 'embedded PGlite+PostGIS'}`);
  line(`${CONNECTIONS} clients (autocannon), layer '${LAYER}' of ${SLUG}; warm ${WARM_SECONDS} s each in ${ROUNDS} alternating rounds; cold ${COLD_ROUNDS} rounds`);
  line(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load average at start ${LOAD_AT_START}`);
  for (const r of reports) {
    line();
    line(`## scale ${r.scale}   (seeded in ${r.dataset.seedSeconds.toFixed(0)} s)`);
    line(`tiles: ${Object.values(r.zooms).reduce((a, b) => a + b, 0)} — ${Object.entries(r.zooms).map(([z, n]) => `z${z}:${n}`).join(' ')}; non-empty ${r.ours.count}`);
    line(`first tile after start (builds the index): ${r.firstMs.toFixed(0)} ms`);
    line(`warm      ${rate(r.warm)}   (through Express, as npm start serves)`);
    line(`fast path ${rate(r.fast)}   (fast-path.ts in front of Express; not wired yet)`);
    line(`cold      ${rate(r.cold)}   (every index and cached tile dropped: indexes rebuilt, nothing cached)`);
    const sorted = [...r.visibleMs].sort((a, b) => a - b);
    line(`edit      the moved kiosk's tile in ${sorted[sorted.length >> 1].toFixed(0)} ms median, ${sorted[sorted.length - 1].toFixed(0)} ms max (${r.visibleMs.map((v) => v.toFixed(0)).join(', ')}); then the list once:`);
    line(`          ${rate(r.afterEdit)}   (the index patched, untouched tiles kept)`);
    line(`ceiling   ${rate(r.ceiling)}   (bare node:http, same bytes from memory)`);
    line(`ST_AsMVT  ${r.stAsMvt ? rate(r.stAsMvt) : 'n/a (needs PostgreSQL; PGlite is built without protobuf)'}`);
    line(`sizes     ours: mean ${r.ours.mean.toFixed(0)} B, p95 ${r.ours.p95} B` +
      (r.theirs ? `   ST_AsMVT: mean ${r.theirs.mean.toFixed(0)} B, p95 ${r.theirs.p95} B` : ''));
    if (r.sameData) {
      line(`          same data (z ≥ 14, ${r.sameData.tiles} tiles): ours ${r.sameData.ours} B, ST_AsMVT ${r.sameData.theirs} B ` +
        `(${((r.sameData.ours / r.sameData.theirs) * 100).toFixed(1)} %); ours larger in ${r.sameData.larger} tiles`);
    }
    line(`OGC items limit=1000: ${r.ogc}`);
    line(`index builds (load: query + parsing, as '${r.builds.chosen}'; index: geojson-vt + supercluster; and the load as '${r.builds.other}' for comparison):`);
    for (const b of r.builds.rows) {
      line(`  ${b.collection.padEnd(12)} ${String(b.features).padStart(7)} features  load ${b.loadMs.toFixed(0).padStart(5)} ms  index ${b.indexMs.toFixed(0).padStart(5)} ms` +
        `   (${r.builds.other}: ${b.otherLoadMs.toFixed(0)} ms)`);
    }
  }
  line();
  line('## targets');
  for (const r of reports) {
    for (const [how, warm] of [['through Express', r.warm], ['through the fast path', r.fast]] as const) {
      const share = warm.perSecond / r.ceiling.perSecond;
      const cpuShare = warm.cpuMicros && r.ceiling.cpuMicros ? ` (by CPU per tile: ${((r.ceiling.cpuMicros / warm.cpuMicros) * 100).toFixed(0)} %)` : '';
      line(`${pass(share >= 0.5 && warm.p99 < 20)}  scale ${r.scale}: warm ${how} ≥ 50 % of the node:http ceiling with p99 < 20 ms — ${(share * 100).toFixed(0)} %${cpuShare}, p99 ${warm.p99} ms`);
    }
    const visible = [...r.visibleMs].sort((a, b) => a - b)[r.visibleMs.length >> 1];
    line(`${pass(visible < 100)}  scale ${r.scale}: an edit visible within 100 ms — median ${visible.toFixed(0)} ms`);
    line(`${pass(r.stAsMvt && r.cold.perSecond >= r.stAsMvt.perSecond)}  scale ${r.scale}: cold ≥ ST_AsMVT — ` +
      (r.stAsMvt ? `${r.cold.perSecond.toFixed(0)} vs ${r.stAsMvt.perSecond.toFixed(0)} tiles/s (×${(r.cold.perSecond / r.stAsMvt.perSecond).toFixed(1)})` : 'no ST_AsMVT here'));
    line(`${pass(r.sameData && r.sameData.ours <= r.sameData.theirs)}  scale ${r.scale}: tiles no larger than ST_AsMVT's for the same data` +
      (r.sameData ? ` — ${((r.sameData.ours / r.sameData.theirs) * 100).toFixed(1)} %` : ''));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

const started = performance.now();
const reports: ScaleReport[] = [];
for (const scale of SCALES) reports.push(await benchScale(scale));
report(reports);
say(`\nbenchmark took ${((performance.now() - started) / 1000).toFixed(0)} s`);
