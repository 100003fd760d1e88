/**
 * `npm run bench:many`: memory with many hromadas (issue 8). A regional operator hosts hundreds of
 * hromadas in one process; every one's tile indexes kept for ever would need tens of GB. The tile
 * service keeps indexes within TILE_MEMORY_MB (estimated), dropping the least recently used and
 * rebuilding one when it is asked for again; the process as a whole runs under MEMORY_MB
 * (server/memory-budget.ts: V8's heap limit and the indexes' share follow from it). This runs the
 * server under MEMORY_MB (384 unless set; `MEMORY_MB= npm run bench:many` for none) and shows,
 * with BENCH_HROMADAS (50) generated hromadas of BENCH_BUILDINGS (5,000) footprints and as many
 * address points each:
 *
 *   pass 1-3   the cached tiles dropped, then every hromada's buildings and addresses, 12 tiles each
 *              around its centre, in turn:
 *              the process's peak RSS (VmHWM) against MEMORY_MB, RSS and heap after each pass;
 *              indexes evicted; every tile byte-identical to the first pass (a rebuilt index is the
 *              same index);
 *   rebuild    how long the first tile of a hromada takes on the first pass and after its index
 *              was dropped (a rebuilt index costs what a first build costs);
 *   rebuilds   one hromada forgotten and rebuilt 10 times: the heap after a GC stays where it was
 *              (nothing retained by rebuilding).
 *
 * Runs the server as run.ts does (server-process.ts, a child process, here with --expose-gc so
 * the heap is measured after a full collection), on PostgreSQL when DATABASE_URL is set, else on
 * an embedded PGlite, whose own memory is in the same process: so the figure to hold against the
 * budget is the growth over the process's RSS before the first tile.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../server/db/database.js';
import { tileAt } from '../../tiles/tile-grid.js';
import { memoryPlan, planFlags, tileMemoryMb } from '../../server/memory-budget.js';
import { createDataset } from './datasets.js';

const HROMADAS = Number(process.env.BENCH_HROMADAS ?? 50);
const BUILDINGS = Number(process.env.BENCH_BUILDINGS ?? 5000);
const MEMORY_MB = process.env.MEMORY_MB === '' ? undefined : Number(process.env.MEMORY_MB ?? 384);
const TILE_MEMORY_MB = process.env.TILE_MEMORY_MB ? Number(process.env.TILE_MEMORY_MB) : undefined;
const plan = memoryPlan(MEMORY_MB, TILE_MEMORY_MB);
const BUDGET_MB = tileMemoryMb({ MEMORY_MB, TILE_MEMORY_MB });
const HERE = new URL('.', import.meta.url).pathname;
const say = (message: string) => process.stderr.write(`${message}\n`);
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The most the server process has held resident since it started (Linux's VmHWM), bytes. */
function peakRss(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** Hromadas h01 … hNN on a grid across Ukraine, each a 0.06° square with footprints and address points. */
async function generate(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO municipality (slug, name_uk, name_en, boundary, view_center, view_zoom, local_srid)
     SELECT 'h' || lpad(i::text, 2, '0'), 'Громада ' || i, 'Hromada ' || i,
            ST_Multi(ST_MakeEnvelope(lon, lat, lon + 0.06, lat + 0.06, 4326)), ST_SetSRID(ST_MakePoint(lon + 0.03, lat + 0.03), 4326), 15, 6387
     FROM generate_series(1, $1) i, LATERAL (SELECT 24 + (i % 10) * 1.2 AS lon, 46 + (i / 10) * 0.8 AS lat) c`,
    [HROMADAS],
  );
  // a building every few metres on a jittered grid (the jitter from a hash: the same every run),
  // one hromada per statement, as an import writes them
  const { rows } = await db.query<{ id: number }>('SELECT id FROM municipality ORDER BY id');
  for (const { id } of rows) {
    await db.query(
      `INSERT INTO building (municipality_id, street_uk, house_number, levels, geom)
       SELECT m.id, 'вулиця ' || (j % 60), (j % 150 + 1)::text, 1 + j % 5,
              ST_Multi(ST_MakeEnvelope(x, y, x + 0.00008, y + 0.00006, 4326))
       FROM municipality m, generate_series(1, $2) j,
            LATERAL (SELECT ST_X(m.view_center) - 0.025 + ((j * 7919) % 1000) * 0.00005 AS x,
                            ST_Y(m.view_center) - 0.025 + ((j * 104729) % 1000) * 0.00005 AS y) p
       WHERE m.id = $1`,
      [id, BUILDINGS],
    );
    await db.query(
      `INSERT INTO address_point (municipality_id, street_uk, street_en, house_number, geom)
       SELECT b.municipality_id, b.street_uk, NULL, b.house_number, ST_Centroid(b.geom) FROM building b WHERE b.municipality_id = $1`,
      [id],
    );
  }
  await db.query('ANALYZE');
}

interface Memory { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; indexBytes: number; tileCacheBytes: number; stats: { builds: number; evicted: number } }

async function main(): Promise<void> {
  say(`== ${HROMADAS} generated hromadas × (${BUILDINGS} buildings + ${BUILDINGS} addresses), MEMORY_MB ${MEMORY_MB ?? 'none'}, tile indexes ${BUDGET_MB} MB`);
  const dataset = await createDataset(1, [], say, generate);
  say(`   generated in ${dataset.seedSeconds.toFixed(1)} s (${dataset.kind})`);
  const child = fork(join(HERE, 'server-process.ts'), [], {
    // the flags main.ts starts node with under the budget (this child does not go through main.ts)
    execArgv: ['--import', 'tsx', '--expose-gc', ...(plan ? planFlags(plan).execArgv : [])],
    env: {
      ...process.env, ...(plan ? planFlags(plan).env : {}), LOG_LEVEL: 'warn', SEED_DEMO: 'never',
      MEMORY_MB: MEMORY_MB === undefined ? '' : String(MEMORY_MB), TILE_MEMORY_MB: String(BUDGET_MB), ...dataset.env,
    },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const next = () => new Promise<any>((resolve) => child.once('message', resolve));
  const { url } = await next();
  const call = async <T>(message: object): Promise<T> => {
    const answer = next();
    child.send(message);
    return (await answer).result as T;
  };
  try {
    const municipalities = (await (await fetch(`${url}/api/municipalities`)).json()) as { slug: string; center: [number, number] }[];
    const hromadas = municipalities.filter((m) => /^h\d+$/.test(m.slug));
    const paths = (m: { slug: string; center: [number, number] }) => [15, 16].flatMap((z) => {
      const c = tileAt(m.center[0], m.center[1], z);
      return [-1, 0, 1].flatMap((dx) => [-1, 0].map((dy) => ['buildings', 'addresses'].map((layer) => `/${m.slug}/tiles/${layer}/${z}/${c.x + dx}/${c.y + dy}.mvt`))).flat();
    }).slice(0, 24);
    const start = await call<Memory>({ cmd: 'memory' });
    say(`   before the first tile: RSS ${MB(start.rss)}, heap ${MB(start.heapUsed)} (reserved ${MB(start.heapTotal)}), outside it ${MB(start.external)}`);
    const first = new Map<string, string>();
    const firstTileMs: number[][] = [];
    const lines: string[] = [];
    let mismatched = 0;
    for (let pass = 1; pass <= 3; pass++) {
      // the cached tiles go, so every tile is cut again: from an index still held, or rebuilt
      await call({ cmd: 'forgetTiles' });
      const times: number[] = [];
      for (const m of hromadas) {
        for (const [i, path] of paths(m).entries()) {
          const started = performance.now();
          const res = await fetch(url + path);
          const body = Buffer.from(await res.arrayBuffer()).toString('base64');
          if (i === 0) times.push(performance.now() - started);
          if (pass === 1) first.set(path, `${res.status}:${body}`);
          else if (first.get(path) !== `${res.status}:${body}`) mismatched++;
        }
      }
      firstTileMs.push(times);
      const mem = await call<Memory>({ cmd: 'memory' });
      lines.push(`pass ${pass}: peak RSS so far ${MB(peakRss(child.pid!))}, RSS ${MB(mem.rss)} (+${MB(mem.rss - start.rss)} over the start), heap ${MB(mem.heapUsed)} (+${MB(mem.heapUsed - start.heapUsed)}), ` +
        `indexes ${MB(mem.indexBytes)} estimated, cached tiles ${MB(mem.tileCacheBytes)}, builds ${mem.stats.builds}, evicted ${mem.stats.evicted}; ` +
        `RSS is V8's heap as reserved ${MB(mem.heapTotal)} + outside it ${MB(mem.external)} (array buffers ${MB(mem.arrayBuffers)}) + the rest ${MB(mem.rss - mem.heapTotal - mem.external)} (code, malloc, stacks${dataset.kind === 'embedded' ? ', PGlite' : ''})`);
      say(`   ${lines[lines.length - 1]}`);
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
    const rebuilds: string[] = [];
    const target = hromadas[0];
    for (let round = 0; round < 10; round++) {
      await call({ cmd: 'forget' });
      for (const path of paths(target)) await (await fetch(url + path)).arrayBuffer();
      const mem = await call<Memory>({ cmd: 'memory' });
      rebuilds.push(`${MB(mem.heapUsed)}/${MB(mem.rss)}`);
    }
    const out = [
      `# Many hromadas — ${new Date().toISOString().slice(0, 10)}, ${dataset.kind}, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      `${hromadas.length} hromadas × ${BUILDINGS} buildings + ${BUILDINGS} addresses, ${paths(hromadas[0]).length} tiles each per pass; ` +
        (plan ? `MEMORY_MB=${plan.budgetMb} (V8 heap ${plan.heapMb} MB), tile indexes ${BUDGET_MB} MB` : `no MEMORY_MB, tile indexes ${BUDGET_MB} MB`),
      `before the first tile: RSS ${MB(start.rss)}, heap ${MB(start.heapUsed)} (reserved ${MB(start.heapTotal)}), outside it ${MB(start.external)} (array buffers ${MB(start.arrayBuffers)}), the rest ${MB(start.rss - start.heapTotal - start.external)}`,
      ...lines,
      `peak RSS of the server process (VmHWM): ${MB(peakRss(child.pid!))}` + (plan ? `, ${peakRss(child.pid!) <= plan.budgetMb * 1024 * 1024 ? 'under' : 'OVER'} MEMORY_MB=${plan.budgetMb}` : ''),
      `tiles differing from the first pass after their indexes were dropped and rebuilt: ${mismatched}`,
      `first tile of a hromada (builds its index): median ${median(firstTileMs[0]).toFixed(0)} ms on pass 1, ${median(firstTileMs[1]).toFixed(0)} ms on pass 2, ${median(firstTileMs[2]).toFixed(0)} ms on pass 3`,
      `one hromada forgotten and rebuilt 10 times, heap/RSS after each (after a GC): ${rebuilds.join(' ')}`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    child.send({ cmd: 'close' });
    await new Promise((resolve) => child.once('exit', resolve));
    await dataset.drop();
  }
}

await main();
