/**
 * "A new layer is a catalog entry plus a view": a throw-away table and pub_* view in this file's
 * own database, one more collection in the server's catalog, and nothing else — then every public
 * face serves it: the OGC API (collections, items), tiles, TileJSON and the map's catalog
 * document. Its date and timestamp read the same in an item and in a tile.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { CATALOG } from '../../server/catalog/catalog.js';
import { markChanged } from '../../server/catalog/changes.js';
import type { Collection } from '../../server/catalog/collections.js';
import { loadConfig } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import type { Database } from '../../server/db/database.js';
import type { CatalogDocument } from '../../server/rules/catalog.js';
import { createContext, createLogger, listen, type RunningServer } from '../../server/server.js';
import { tileAt } from '../../tiles/tile-grid.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

const BENCHES: Collection = {
  id: 'benches',
  title: { uk: 'Лавки', en: 'Benches' },
  description: { uk: 'Лавки у скверах.', en: 'Benches in the squares.' },
  group: 'base',
  view: 'pub_benches',
  sources: ['bench_seat'],
  geometryType: 'Point',
  properties: [
    { name: 'name', type: 'string', label: { uk: 'Назва', en: 'Name' }, inTiles: true },
    { name: 'seats', type: 'integer', label: { uk: 'Місць', en: 'Seats' }, inTiles: true },
    { name: 'installed_on', type: 'date', label: { uk: 'Встановлено', en: 'Installed' }, inTiles: true },
    { name: 'inspected_at', type: 'datetime', label: { uk: 'Оглянуто', en: 'Inspected' }, inTiles: true },
  ],
  titleProperty: 'name',
  minZoom: 10,
  maxZoom: 20,
  style: { color: '#5d4037', radius: 4 },
  visibleByDefault: false,
};

describe.each(backends())('A new layer on %s', (kind) => {
  let db: Database;
  let ctx: AppContext;
  let running: RunningServer;
  let benchId: number;
  let tilePath: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.exec(`
      CREATE TABLE bench_seat (
        id serial PRIMARY KEY,
        municipality_id integer NOT NULL REFERENCES municipality(id),
        name text NOT NULL, seats integer, installed_on date, inspected_at timestamptz,
        secret_note text,
        geom geometry(Point, 4326) NOT NULL);
      SELECT track_collections('bench_seat', ARRAY['benches']);
      CREATE VIEW pub_benches AS
        SELECT municipality_id, id, name, seats, installed_on, inspected_at, geom FROM bench_seat;`);
    const config = loadConfig({ LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', BASEMAP_URL: '' });
    ctx = await createContext(config, db, createLogger(config), { catalog: CATALOG.with(BENCHES) });
    const m = ctx.municipalities.get('slovyansk')!;
    const { rows: [row] } = await db.query<{ id: number }>(
      `INSERT INTO bench_seat (municipality_id, name, seats, installed_on, inspected_at, secret_note, geom)
       VALUES ($1, 'Лавка біля фонтану', 4, '2024-05-01', '2025-03-04T07:08:09Z', 'не для публіки', ST_SetSRID(ST_MakePoint($2, $3), 4326))
       RETURNING id`,
      [m.id, ...m.center],
    );
    benchId = row.id;
    const { z, x, y } = tileAt(...m.center, 16);
    tilePath = `/slovyansk/tiles/benches/${z}/${x}/${y}.mvt`;
    running = await listen(ctx, 0, '127.0.0.1');
  }, 120_000);
  afterAll(async () => {
    await running?.close(1000);
    await ctx?.versions.stop();
    await db?.close();
  });

  const get = (path: string) => fetch(`${running.url}${path}`);

  async function tileFeatures() {
    const res = await get(tilePath);
    expect(res.status).toBe(200);
    const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.benches;
    return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i));
  }

  test('the OGC API lists it and serves its items, with the catalog’s properties only, dates and timestamps in one form', async () => {
    const collections = (await (await get('/slovyansk/ogc/collections')).json()) as { collections: { id: string; title: string }[] };
    expect(collections.collections.map((c) => c.id)).toContain('benches');
    const items = (await (await get('/slovyansk/ogc/collections/benches/items')).json()) as { features: { id: number; properties: Record<string, unknown> }[] };
    expect(items.features).toHaveLength(1);
    expect(items.features[0].id).toBe(benchId);
    expect(items.features[0].properties).toEqual({
      name: 'Лавка біля фонтану', seats: 4, installed_on: '2024-05-01', inspected_at: '2025-03-04T07:08:09Z',
    });
    const queryables = (await (await get('/slovyansk/ogc/collections/benches/queryables')).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(queryables.properties)).toEqual(expect.arrayContaining(['name', 'seats', 'installed_on', 'inspected_at']));
    // Kryvyi Rih has no benches: the hromada scope holds for a new layer too
    const theirs = (await (await get('/kryvyi-rih/ogc/collections/benches/items')).json()) as { features: unknown[] };
    expect(theirs.features).toEqual([]);
  });

  test('its tile holds the bench with the same values as the OGC item', async () => {
    const features = await tileFeatures();
    expect(features.map((f) => f.id)).toEqual([benchId]);
    expect(features[0].properties).toEqual({ name: 'Лавка біля фонтану', seats: 4, installed_on: '2024-05-01', inspected_at: '2025-03-04T07:08:09Z' });
  });

  test('TileJSON and the map’s catalog document describe it', async () => {
    const tilejson = (await (await get('/slovyansk/tiles/benches.json')).json()) as { tiles: string[]; vector_layers: { id: string; fields: Record<string, string> }[] };
    expect(tilejson.tiles).toEqual([`${running.url}/slovyansk/tiles/benches/{z}/{x}/{y}.mvt`]);
    expect(tilejson.vector_layers).toEqual([expect.objectContaining({
      id: 'benches', fields: { name: 'String', seats: 'Number', installed_on: 'String', inspected_at: 'String' },
    })]);
    const catalog = (await (await get('/slovyansk/api/catalog')).json()) as CatalogDocument;
    const entry = catalog.collections.find((c) => c.id === 'benches');
    expect(entry).toMatchObject({
      group: 'base', tiles: '/slovyansk/tiles/benches/{z}/{x}/{y}.mvt', items: '/slovyansk/ogc/collections/benches/items',
      properties: [{ name: 'name' }, { name: 'seats' }, { name: 'installed_on' }, { name: 'inspected_at' }],
    });
  });

  test('a write to its table, marked by its table name, shows in the next tile at once', async () => {
    const before = await get(tilePath);
    const etag = before.headers.get('etag')!;
    await db.query(`UPDATE bench_seat SET name = 'Лавка відновлена' WHERE id = $1`, [benchId]);
    const m = ctx.municipalities.get('slovyansk')!.id;
    expect(markChanged(ctx, m, ['bench_seat'])).toEqual(['benches']);
    const after = await get(tilePath);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await tileFeatures())[0].properties.name).toBe('Лавка відновлена');
  });
});
