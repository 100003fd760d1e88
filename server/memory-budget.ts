/**
 * A memory budget for the whole server process (MEMORY_MB; issue 8, "memory with many hromadas"):
 * what one process may hold resident, shared out so that its RSS stays under it.
 *
 * Bounding the tile indexes alone (TILE_MEMORY_MB) does not bound the process. Measured with
 * `npm run bench:many` (50 hromadas, a 64 MB index budget, PostgreSQL): the live heap held at
 * +67 MB, yet RSS grew +357 MB, because on a machine with memory to spare V8 lets its heap grow to
 * several times the live data between full collections, and glibc keeps a malloc arena per thread.
 * So under a budget the process runs with
 *   --max-old-space-size = budget / 2   V8 collects before its heap outgrows its share
 *   MALLOC_ARENA_MAX = 2                  no arena per thread of libuv's pool
 * and gives the tile indexes budget / 6 unless TILE_MEMORY_MB says otherwise. With a budget of
 * 384 MB (heap 192 MB, indexes 64 MB) the peak RSS over three passes of the 50 hromadas was 333 MB,
 * and a hromada's index was rebuilt as fast as without a budget (the README has the run).
 *
 * A registry upload is parsed in the server: its heap grows by ~14× the file (a 15 MB file of
 * 100,000 rows held 220 MB), so under a budget an upload may be at most heap / 16.
 *
 * These flags must be given when node starts, so main.ts starts the server again as a child
 * process with them (relaunchUnder) when it was not started with them.
 */
import { spawn } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

const MB = 1024 * 1024;

/** What the embedded database holds in the process after the demo's start (RSS 0.94-1.0 GB measured). */
export const EMBEDDED_MEMORY_MB = 1024;

/** Without a budget, the tile indexes of all hromadas may take this much (estimated). */
export const DEFAULT_TILE_MEMORY_MB = 512;

/** The largest registry file an editor may upload (100,000 rows of a department's spreadsheet are ~20 MB). */
export const MAX_IMPORT_BYTES = 50 * MB;

export interface MemoryPlan {
  budgetMb: number;
  /** V8's old space (--max-old-space-size). */
  heapMb: number;
  /** The tile indexes' share (TILE_MEMORY_MB when given). */
  tileMb: number;
  /** The largest upload to import. */
  importBytes: number;
}

/** How a process budget is shared out; null budget: no plan (V8's and glibc's defaults). */
export function memoryPlan(budgetMb: number | undefined, tileMb?: number): MemoryPlan | null {
  if (budgetMb === undefined) return null;
  const heapMb = Math.floor(budgetMb / 2);
  return { budgetMb, heapMb, tileMb: tileMb ?? Math.floor(budgetMb / 6), importBytes: Math.min(MAX_IMPORT_BYTES, Math.floor((heapMb * MB) / 16)) };
}

/** The tile indexes' budget in MB: TILE_MEMORY_MB, else the plan's share, else the default. */
export function tileMemoryMb(config: { MEMORY_MB?: number; TILE_MEMORY_MB?: number }): number {
  return config.TILE_MEMORY_MB ?? memoryPlan(config.MEMORY_MB)?.tileMb ?? DEFAULT_TILE_MEMORY_MB;
}

/** The largest upload to import under the configuration. */
export function importLimitBytes(config: { MEMORY_MB?: number }): number {
  return memoryPlan(config.MEMORY_MB)?.importBytes ?? MAX_IMPORT_BYTES;
}

/** V8's heap limit in this process, MB (the old space plus the young generation). */
export const heapLimitMb = (): number => getHeapStatistics().heap_size_limit / MB;

/**
 * Whether this process already runs under the plan: its heap limit is the plan's old space plus
 * what V8 adds for the young generation (~50 MB), not the default of a quarter of the machine.
 */
export function runsUnder(plan: MemoryPlan): boolean {
  return heapLimitMb() <= plan.heapMb + 64 && process.env.MALLOC_ARENA_MAX !== undefined;
}

/** The node flags and environment that put a process under the plan (main.ts, the benchmark). */
export function planFlags(plan: MemoryPlan): { execArgv: string[]; env: Record<string, string> } {
  return { execArgv: [`--max-old-space-size=${plan.heapMb}`], env: { MALLOC_ARENA_MAX: '2' } };
}

/**
 * Runs this same program again under the plan, as a child with the same arguments, passing
 * SIGTERM and SIGINT on (so a graceful stop stays graceful), and exits with its exit code.
 */
export function relaunchUnder(plan: MemoryPlan): Promise<never> {
  const { execArgv, env } = planFlags(plan);
  const child = spawn(process.execPath, [...process.execArgv, ...execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...env, PM_UNDER_MEMORY_PLAN: '1' },
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  return new Promise<never>(() => {
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  });
}
