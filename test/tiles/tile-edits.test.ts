/**
 * "When an editor moves a kiosk, then the next tile shows the new place, and a tile far from it
 * keeps its ETag" — in the same server on the embedded database, and across two server processes
 * on one PostgreSQL, where the second learns of the write only through the database's NOTIFY.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { withDatabase } from '../support/template.js';
import type { Database } from '../../server/db/database.js';
import type { CollectionVersions } from '../../server/catalog/versions.js';
import { openPostgres } from '../../server/db/postgres.js';
import { createContext, listen } from '../../server/server.js';
import { tileAt, tileBounds, type TileAddress } from '../../tiles/tile-grid.js';

const CENTRAL: TileAddress = { z: 14, x: 9903, y: 5636 };
const url = (base: string, { z, x, y }: TileAddress) => `${base}/slovyansk/tiles/maf/${z}/${x}/${y}.mvt`;

async function idsIn(base: string, t: TileAddress): Promise<{ ids: number[]; etag: string | null }> {
  const res = await fetch(url(base, t));
  const bytes = new Uint8Array(await res.arrayBuffer());
  const layer = res.status === 200 ? new VectorTile(new PbfReader(bytes)).layers.maf : undefined;
  const ids = layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i).id!) : [];
  return { ids, etag: res.headers.get('etag') };
}

/** Polls until `check` passes: a NOTIFY from another connection arrives a few milliseconds after the commit. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(backends())('Edits reach the tiles on %s', (kind) => {
  let writer: TestServer;
  /** The server the map reads from: a second process on PostgreSQL, the same one on the embedded database. */
  let reader: { url: string; db: Database; versions: CollectionVersions; close(): Promise<void> };

  beforeAll(async () => {
    writer = await startTestServer(kind);
    if (kind === 'embedded') {
      reader = { url: writer.url, db: writer.db, versions: writer.ctx.versions, close: async () => {} };
      return;
    }
    const { rows } = await writer.db.query<{ name: string }>('SELECT current_database() AS name');
    const db = await openPostgres({ connectionString: withDatabase(process.env.DATABASE_URL!, rows[0].name) });
    const ctx = await createContext(writer.ctx.config, db, writer.ctx.logger);
    const running = await listen(ctx, 0, '127.0.0.1');
    reader = {
      url: running.url,
      db,
      versions: ctx.versions,
      close: async () => {
        await running.close(1000);
        await ctx.versions.stop();
        await db.close();
      },
    };
  }, 120_000);
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
  });

  test('when an editor moves a kiosk to another part of town, the next tile from the reading server shows it there, and a tile far from both places still answers 304', async () => {
    const { rows } = await writer.db.query<{ id: number }>(
      `SELECT o.id FROM registry_object o JOIN municipality m ON m.id = o.municipality_id
       WHERE m.slug = 'slovyansk' AND o.type_code IN (SELECT code FROM object_type WHERE category = 'maf')
         AND ST_Intersects(o.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY o.id LIMIT 1`,
      tileBounds(CENTRAL),
    );
    const id = rows[0].id;
    const before = await idsIn(reader.url, CENTRAL);
    expect(before.ids).toContain(id);

    // 1.5 km north-east of the central tile, inside the hromada
    const [west, , , north] = tileBounds(CENTRAL);
    const place: [number, number] = [west + 0.03, north + 0.01];
    const destination = tileAt(...place, 14);
    expect((await idsIn(reader.url, destination)).ids).not.toContain(id);
    // a tile of MAFs far from both places, whose client holds its ETag
    const { rows: [far] } = await writer.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_maf WHERE municipality_id = (SELECT id FROM municipality WHERE slug = 'slovyansk')
         AND ST_Distance(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) > 0.03 AND ST_Distance(geom, ST_SetSRID(ST_MakePoint($3, $4), 4326)) > 0.03
       ORDER BY id LIMIT 1`,
      [...place, (tileBounds(CENTRAL)[0] + tileBounds(CENTRAL)[2]) / 2, (tileBounds(CENTRAL)[1] + tileBounds(CENTRAL)[3]) / 2],
    );
    const elsewhere = tileAt(far.lon, far.lat, 16);
    const held = await idsIn(reader.url, elsewhere);
    expect(held.ids.length).toBeGreaterThan(0);

    await writer.db.query('UPDATE registry_object SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326), updated_at = now() WHERE id = $1', [id, ...place]);

    const moved = await eventually(async () => (await idsIn(reader.url, destination)).ids.includes(id));
    expect(moved).toBe(true);
    const after = await idsIn(reader.url, CENTRAL);
    expect(after.ids).not.toContain(id);
    expect(after.etag).not.toBe(before.etag);
    // …and the far tile, which the move did not touch, is still what its client holds
    expect((await fetch(url(reader.url, elsewhere), { headers: { 'if-none-match': held.etag! } })).status).toBe(304);
  });

  test('after an edit, sixteen clients asking for tiles at once share one rebuild of the index', async () => {
    await idsIn(reader.url, CENTRAL); // the index is built
    const { rows } = await writer.db.query<{ id: number }>(`SELECT id FROM municipality WHERE slug = 'slovyansk'`);
    const slovyansk = rows[0].id;
    const before = await reader.versions.get(slovyansk, 'maf');
    await writer.db.query('UPDATE registry_object SET updated_at = now() WHERE id = (SELECT min(id) FROM pub_maf WHERE municipality_id = $1)', [slovyansk]);
    // the reading server has heard of the edit (NOTIFY), and no tile has been asked for since
    expect(await eventually(async () => (await reader.versions.get(slovyansk, 'maf')) !== before)).toBe(true);

    const loads: string[] = [];
    const query = reader.db.query;
    reader.db.query = ((sql: string, params?: readonly unknown[]) => {
      if (sql.includes('"pub_maf"')) loads.push(sql);
      return query.call(reader.db, sql, params);
    }) as Database['query'];
    try {
      const around = [-2, -1, 0, 1].flatMap((dx) => [-2, -1, 0, 1].map((dy) => ({ z: 15, x: CENTRAL.x * 2 + dx, y: CENTRAL.y * 2 + dy })));
      const answers = await Promise.all(around.map((t) => fetch(url(reader.url, t))));
      expect(answers.map((r) => r.status).every((s) => s === 200 || s === 204)).toBe(true);
    } finally {
      reader.db.query = query;
    }
    expect(loads).toHaveLength(1);
  });
});
