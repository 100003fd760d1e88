/**
 * The real server, as `npm start` runs it, in a child process of the benchmark (so the load
 * generator does not share its event loop), plus a few commands over IPC that a benchmark needs
 * and an HTTP client cannot do:
 *   { cmd: 'edit', slug }     an editor's write to one MAF; answers once this process has seen the
 *                             NOTIFY, so the next tile request is the first after an edit
 *   { cmd: 'builds', slug }   time loading and indexing every collection of a hromada
 *   { cmd: 'cpu' }            CPU time this process has used, µs (to count CPU per request)
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

type Command = { cmd: 'edit'; slug: string; layer?: string } | { cmd: 'builds'; slug: string } | { cmd: 'cpu' } | { cmd: 'close' };

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
  else if (message.cmd === 'builds') builds(message.slug).then(done, fail);
  else if (message.cmd === 'cpu') {
    const { user, system } = process.cpuUsage();
    done(user + system);
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
