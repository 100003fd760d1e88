#!/usr/bin/env node
/**
 * Builds the map client when its build is missing or older than its sources, so `npm start` never
 * serves a stale map (and a fresh checkout needs no separate build step). Silent when the build is
 * current; one line while building; Vite's own errors and a non-zero exit when the build fails.
 *
 *   node scripts/ensure-client.mjs          (npm start runs it first)
 *
 * Stale means: client/dist/index.html is missing, or any file under client/src, client/index.html,
 * client/embed.html, client/embed-budget.mjs or client/vite.config.ts is newer than it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = join(ROOT, 'client');
const BUILT_INDEX = join(CLIENT, 'dist', 'index.html');

function newestMtime(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why the client needs a build, or null when client/dist is current. */
export function staleReason() {
  if (!existsSync(BUILT_INDEX)) return 'client/dist is missing';
  const built = statSync(BUILT_INDEX).mtimeMs;
  const sources = [join(CLIENT, 'src'), join(CLIENT, 'index.html'), join(CLIENT, 'embed.html'), join(CLIENT, 'embed-budget.mjs'), join(CLIENT, 'vite.config.ts')].filter(existsSync);
  const newest = Math.max(...sources.map(newestMtime));
  return newest > built ? 'the client sources changed' : null;
}

/** Builds when stale; throws when Vite fails. Returns true when it built. */
export function ensureClient({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const reason = staleReason();
  if (!reason) return false;
  log(`[prozore-misto] Building the map client (${reason}) …`);
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(CLIENT, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal}); see above.`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureClient();
  } catch (error) {
    process.stderr.write(`[prozore-misto] ${error.message}\n`);
    process.exit(1);
  }
}
