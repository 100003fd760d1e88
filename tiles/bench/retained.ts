/**
 * `DATABASE_URL=… node --expose-gc --import tsx tiles/bench/retained.ts`: what the tile server
 * retains over repeated edits. Seeds the demo (Slovyansk, scale 1), serves it in this process,
 * then ten times: an editor's write to one MAF, and the 500-tile browsing list of three layers
 * (gzip); prints the heap and RSS after a full GC each round (tiles/README.md, "Measured").
 */
import { createDataset } from './datasets.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/open.js';
import { createContext, createLogger, listen } from '../../server/server.js';
import { browsingTiles } from './tile-list.js';
const gc = (globalThis as { gc?: () => void }).gc!;
const dataset = await createDataset(1, ['slovyansk'], () => {});
const config = loadConfig({ ...process.env, ...dataset.env, LOG_LEVEL: 'warn', SEED_DEMO: 'never', HOST: '127.0.0.1', PORT: '0' });
const db = await openDatabase(config);
const ctx = await createContext(config, db, createLogger(config));
const running = await listen(ctx, 0, '127.0.0.1');
const m = ctx.municipalities.get('slovyansk')!;
const list = browsingTiles(m.center, m.bbox, 500).map((t) => `${running.url}/slovyansk/tiles/maf,advertising,facilities/${t.z}/${t.x}/${t.y}.mvt`);
const out: string[] = [];
for (let round = 0; round <= 10; round++) {
  if (round > 0) {
    const seen = new Promise<void>((resolve) => { const stop = ctx.versions.onChange((mm, c) => { if (mm === m.id && c === 'maf') { stop(); resolve(); } }); });
    await db.query(`UPDATE registry_object SET updated_at = now() WHERE id = (SELECT min(id) FROM pub_maf WHERE municipality_id = $1)`, [m.id]);
    await seen;
  }
  for (const url of list) await (await fetch(url, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
  gc();
  const u = process.memoryUsage();
  out.push(`${(u.heapUsed / 1048576).toFixed(0)}/${(u.rss / 1048576).toFixed(0)}`);
}
console.log(`heap/RSS MB after the list, then after each of 10 edits + the list: ${out.join(' ')}`);
await running.close(1000); await ctx.versions.stop(); await db.close(); await dataset.drop();
