/**
 * The real server, as `npm start` runs it, in a child process of the benchmark (so the load
 * generator does not share its event loop), plus a few commands over IPC that a benchmark needs
 * and an HTTP client cannot do:
 *   { cmd: 'edit', slug }     an editor's write to one MAF; answers once this process has seen the
 *                             NOTIFY, so the next tile request is the first after an edit
 *   { cmd: 'move', slug, step } an editor moves one kiosk ~60 m (east on odd steps, back on even ones);
 *                             answers its id and new place once this process has seen the NOTIFY
 *   { cmd: 'builds', slug }   time loading and indexing every collection of a hromada
 *   { cmd: 'cpu' }            CPU time this process has used, µs (to count CPU per request)
 *   { cmd: 'forget' }         drop every tile index and cached tile: the next requests are cold
 *   { cmd: 'forgetTiles' }    drop the cached tiles only: the next ones are cut from the indexes
 *   { cmd: 'memory' }         RSS and heap (after a GC, with --expose-gc), the indexes' estimated bytes, the tile service's counts
 * It also listens on a second port with the tile fast path in front of the same app and context
 * (fast-path.ts), which `npm start` does not wire in yet, to show what it would change.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.js';
import { tileFastPath } from '../../server/tiles/fast-path.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/open.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import { COLLECTIONS } from '../../server/catalog/collections.js';
import { loadLayer, preferredStrategy, readFeatures, type LoadStrategy } from '../../server/tiles/layer-source.js';
import { tileServiceFor } from '../../server/tiles/tile-service.js';

type Command = { cmd: 'edit'; slug: string; layer?: string } | { cmd: 'move'; slug: string; step: number } | { cmd: 'builds'; slug: string } | { cmd: 'cpu' } | { cmd: 'forget' } | { cmd: 'forgetTiles' } | { cmd: 'memory' } | { cmd: 'close' };

const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, HOST: '127.0.0.1', PORT: '0' });
const db = await openDatabase(config);
const ctx = await createContext(config, db, createLogger(config));
const running = await listen(ctx, 0, '127.0.0.1');
const fast = createServer(tileFastPath(ctx, createApp(ctx)));
fast.keepAliveTimeout = 5_000;
await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
const reply = (message: unknown) => process.send!(message);

async function edit(slug: string, layer = 'maf'): Promise<void> {
  const m = ctx.municipalities.get(slug)!;
  const seen = new Promise<void>((resolve) => {
    const stop = ctx.versions.onChange((municipalityId, collection) => {
      if (municipalityId === m.id && collection === layer) {
        stop();
        resolve();
      }
    });
  });
  // the comments' layer changes with a comment, the registry's with an object
  await db.query(layer === 'comments'
    ? `UPDATE comment SET updated_at = now() WHERE id = (SELECT min(id) FROM pub_comments WHERE municipality_id = $1)`
    : `UPDATE registry_object SET updated_at = now()
     WHERE id = (SELECT min(id) FROM pub_maf WHERE municipality_id = $1)`,
    [m.id],
  );
  await seen;
}

async function move(slug: string, step: number): Promise<{ id: number; lon: number; lat: number }> {
  const m = ctx.municipalities.get(slug)!;
  const seen = new Promise<void>((resolve) => {
    const stop = ctx.versions.onChange((municipalityId, collection) => {
      if (municipalityId === m.id && collection === 'maf') {
        stop();
        resolve();
      }
    });
  });
  const { rows } = await db.query<{ id: number; lon: number; lat: number }>(
    `UPDATE registry_object SET geom = ST_Translate(geom, $2, 0), updated_at = now()
     WHERE id = (SELECT min(id) FROM pub_maf WHERE municipality_id = $1 AND GeometryType(geom) = 'POINT')
     RETURNING id, ST_X(geom) AS lon, ST_Y(geom) AS lat`,
    [m.id, step % 2 === 1 ? 0.0008 : -0.0008],
  );
  await seen;
  return rows[0];
}

/** Each collection loaded and indexed as the server does it, and loaded the other way for comparison. */
async function builds(slug: string) {
  const m = ctx.municipalities.get(slug)!;
  const chosen = preferredStrategy(db.kind);
  const other: LoadStrategy = chosen === 'rows' ? 'aggregate' : 'rows';
  const rows = [];
  for (const collection of COLLECTIONS) {
    const { index, loadMs, indexMs } = await loadLayer(db, collection, m.id);
    const started = performance.now();
    await readFeatures(db, collection, m.id, other);
    rows.push({ collection: collection.id, features: index.size, loadMs, indexMs, otherLoadMs: performance.now() - started });
  }
  return { chosen, other, rows };
}

process.on('message', (message: Command) => {
  const done = (result: unknown) => reply({ ok: true, result });
  const fail = (error: Error) => reply({ ok: false, error: error.message });
  if (message.cmd === 'edit') edit(message.slug, message.layer).then(done, fail);
  else if (message.cmd === 'move') move(message.slug, message.step).then(done, fail);
  else if (message.cmd === 'builds') builds(message.slug).then(done, fail);
  else if (message.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    done(user + system);
  }
  else if (message.cmd === 'forget') {
    tileServiceFor(ctx).forget();
    done(null);
  }
  else if (message.cmd === 'forgetTiles') {
    tileServiceFor(ctx).forgetTiles();
    done(null);
  }
  else if (message.cmd === 'memory') {
    // after a full collection when the process runs with --expose-gc: what is still held
    (globalThis as { gc?: () => void }).gc?.();
    const tiles = tileServiceFor(ctx);
    done({ ...process.memoryUsage(), indexBytes: tiles.indexBytes, tileCacheBytes: tiles.tileCacheBytes, stats: tiles.stats });
  }
  else if (message.cmd === 'close') {
    fast.closeAllConnections();
    fast.close();
    running
      .close(1000)
      .then(() => ctx.versions.stop())
      .then(() => db.close())
      .then(() => process.exit(0));
  }
});

reply({ ready: true, url: running.url, fastUrl: `http://127.0.0.1:${(fast.address() as AddressInfo).port}` });
// If the benchmark dies, do not outlive it.
process.on('disconnect', () => process.exit(0));
