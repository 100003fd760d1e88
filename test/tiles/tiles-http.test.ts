/**
 * Vector tiles through the real server on the demo hromadas, checked against the SQL source,
 * and read by a client nobody here wrote (GDAL's MVT driver).
 */
import { execFile } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { COLLECTIONS, collectionById } from '../../server/catalog/collections.js';
import { createApp } from '../../server/app.js';
import { tileFastPath } from '../../server/tiles/fast-path.js';
import { tileAt, tilesCovering, type TileAddress } from '../../tiles/tile-grid.js';

const run = promisify(execFile);
const EXTENT = 4096;
const BUFFER = 64;
/** Lies in central Slovyansk. */
const CENTRAL: TileAddress = { z: 14, x: 9903, y: 5636 };
const path = (collections: string, { z, x, y }: TileAddress, slug = 'slovyansk') => `/${slug}/tiles/${collections}/${z}/${x}/${y}.mvt`;

/** A GET with exactly these headers (fetch would add and undo its own Accept-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

/** [west, south, east, north] of a tile grown by its buffer: what a tile's features must touch. */
function bufferedBounds({ z, x, y }: TileAddress): [number, number, number, number] {
  const n = 2 ** z;
  const b = BUFFER / EXTENT;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x - b), lat(y + 1 + b), lon(x + 1 + b), lat(y - b)];
}

describe.each(backends())('Vector tiles on %s', (kind) => {
  let server: TestServer;
  const hromada: Record<string, { id: number; bbox: [number, number, number, number] }> = {};

  beforeAll(async () => {
    server = await startTestServer(kind);
    for (const m of server.ctx.municipalities.list()) hromada[m.slug] = { id: m.id, bbox: m.bbox };
  }, 120_000);
  afterAll(() => server?.close());

  async function tile(url: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${url}`, { headers });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, layers: res.status === 200 ? new VectorTile(new PbfReader(bytes)).layers : {} };
  }

  function featuresOf(layers: VectorTile['layers'], name: string) {
    const layer = layers[name];
    return layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i)) : [];
  }

  test('a tile of central Slovyansk holds exactly the MAFs its SQL source puts there, with their ids and tile properties', async () => {
    const { res, layers } = await tile(path('maf', CENTRAL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const names = collectionById('maf')!.properties.filter((p) => p.inTiles).map((p) => p.name);
    const { rows } = await server.db.query<Record<string, unknown> & { id: number }>(
      `SELECT id, ${names.join(', ')} FROM pub_maf
       WHERE municipality_id = $1 AND ST_Intersects(geom, ST_MakeEnvelope($2, $3, $4, $5, 4326)) ORDER BY id`,
      [hromada.slovyansk.id, ...bufferedBounds(CENTRAL)],
    );
    expect(rows.length).toBeGreaterThan(0);
    const features = featuresOf(layers, 'maf');
    expect(features.map((f) => f.id).sort((a, b) => a! - b!)).toEqual(rows.map((r) => r.id));
    const byId = new Map(features.map((f) => [f.id, f.properties]));
    for (const { id, ...properties } of rows) {
      expect(byId.get(id)).toEqual(Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)));
    }
  });

  test('at low zoom MAFs cluster, and the counts over the hromada’s tiles add up to every MAF it has', async () => {
    const { rows } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pub_maf WHERE municipality_id = $1', [hromada.slovyansk.id]);
    let total = 0;
    let clusters = 0;
    for (const t of tilesCovering(hromada.slovyansk.bbox, 11)) {
      const { layers } = await tile(path('maf', t));
      for (const f of featuresOf(layers, 'maf')) {
        const [p] = f.loadGeometry()[0];
        if (p.x < 0 || p.y < 0 || p.x >= EXTENT || p.y >= EXTENT) continue; // the neighbour's, in the buffer
        if (f.properties.cluster === true) clusters++;
        total += f.properties.cluster === true ? (f.properties.point_count as number) : 1;
      }
    }
    expect(clusters).toBeGreaterThan(0);
    expect(total).toBe(rows[0].n);
  });

  test('a combined tile holds every layer it names, in that order', async () => {
    const { res, layers } = await tile(path('maf,advertising,districts', CENTRAL));
    expect(res.status).toBe(200);
    expect(Object.keys(layers)).toEqual(['maf', 'advertising', 'districts']);
    const alone = await tile(path('maf', CENTRAL));
    expect(layers.maf.length).toBe(alone.layers.maf.length);
  });

  test('no tile carries a property the catalog keeps out of tiles', async () => {
    const center = tileAt(...server.ctx.municipalities.get('slovyansk')!.center, 15);
    for (const c of COLLECTIONS) {
      const allowed = new Set([...c.properties.filter((p) => p.inTiles).map((p) => p.name), 'cluster', 'cluster_id', 'point_count']);
      for (const t of [CENTRAL, center, { z: 12, x: CENTRAL.x >> 2, y: CENTRAL.y >> 2 }]) {
        const { layers } = await tile(path(c.id, t));
        for (const f of featuresOf(layers, c.id)) for (const key of Object.keys(f.properties)) expect(allowed).toContain(key);
      }
    }
  });

  test('a Kryvyi Rih object never appears in a Slovyansk tile', async () => {
    const { rows } = await server.db.query<{ id: number }>('SELECT id FROM pub_maf WHERE municipality_id = $1', [hromada['kryvyi-rih'].id]);
    const theirs = new Set(rows.map((r) => r.id));
    const seen: number[] = [];
    for (const t of tilesCovering(hromada.slovyansk.bbox, 13)) {
      const { layers } = await tile(path('maf', t));
      for (const f of featuresOf(layers, 'maf')) if (f.id !== undefined) seen.push(f.id);
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((id) => theirs.has(id))).toEqual([]);
    // and Kryvyi Rih's own centre, asked through Slovyansk's URL, is empty
    const { res } = await tile(path('maf', tileAt(...server.ctx.municipalities.get('kryvyi-rih')!.center, 14)));
    expect(res.status).toBe(204);
  });

  test('a tile the client holds answers 304 Not Modified to If-None-Match', async () => {
    const first = await tile(path('maf', CENTRAL));
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.res.headers.get('cache-control')).toBe('public, no-cache');
    const again = await tile(path('maf', CENTRAL), { 'if-none-match': etag });
    expect(again.res.status).toBe(304);
    expect(again.res.headers.get('etag')).toBe(etag);
    const other = await tile(path('advertising', CENTRAL), { 'if-none-match': etag });
    expect(other.res.status).toBe(200);
  });

  test('an empty tile, or one outside the collection’s zooms, answers 204 No Content', async () => {
    expect((await tile(path('maf', { z: 14, x: 0, y: 0 }))).res.status).toBe(204);
    expect((await tile(path('maf', { z: 9, x: CENTRAL.x >> 5, y: CENTRAL.y >> 5 }))).res.status).toBe(204);
    expect((await tile(path('addresses', { z: 14, x: CENTRAL.x, y: CENTRAL.y }))).res.status).toBe(204);
  });

  test('a tile address off the grid is a 400 that says why; an unknown collection or hromada a 404', async () => {
    for (const bad of ['25/0/0', '14/16384/0', '14/0/16384', '14/-1/0', '14/1.5/0', '14/abc/0', '1e1/0/0', '14/0/0x1']) {
      const res = await fetch(`${server.url}/slovyansk/tiles/maf/${bad}.mvt`);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { detail: string }).detail).toContain('not on the grid');
    }
    expect((await fetch(`${server.url}${path('kiosks', CENTRAL)}`)).status).toBe(404);
    expect((await fetch(`${server.url}${path('maf', CENTRAL, 'atlantis')}`)).status).toBe(404);
    expect((await fetch(`${server.url}${path('maf,maf', CENTRAL)}`)).status).toBe(400);
  });

  test('TileJSON 3.0.0 describes a collection from the catalog, with an absolute tile URL', async () => {
    const res = await fetch(`${server.url}/slovyansk/tiles/maf.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, any>;
    expect(doc.tilejson).toBe('3.0.0');
    expect(doc.tiles).toEqual([`${server.url}/slovyansk/tiles/maf/{z}/{x}/{y}.mvt`]);
    expect([doc.minzoom, doc.maxzoom]).toEqual([10, 20]);
    expect(doc.bounds).toEqual(hromada.slovyansk.bbox);
    expect(doc.center).toHaveLength(3);
    expect(doc.vector_layers[0].id).toBe('maf');
    expect(Object.keys(doc.vector_layers[0].fields)).toEqual(expect.arrayContaining(['legality', 'owner_name', 'point_count']));
    expect(Object.keys(doc.vector_layers[0].fields)).not.toContain('owner_edrpou');

    server.ctx.config.PUBLIC_URL = 'https://maps.example.gov.ua/geo/';
    try {
      const behind = (await (await fetch(`${server.url}/slovyansk/tiles/maf.json`)).json()) as { tiles: string[] };
      expect(behind.tiles).toEqual(['https://maps.example.gov.ua/geo/slovyansk/tiles/maf/{z}/{x}/{y}.mvt']);
    } finally {
      server.ctx.config.PUBLIC_URL = undefined;
    }
    expect((await fetch(`${server.url}/slovyansk/tiles/nope.json`)).status).toBe(404);
  });

  test('a client that accepts gzip gets the tile gzipped, the same bytes inside', async () => {
    const plain = await get(`${server.url}${path('maf', CENTRAL)}`);
    const zipped = await get(`${server.url}${path('maf', CENTRAL)}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect((await get(`${server.url}${path('maf', CENTRAL)}`, { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined();
  });

  describe('the fast path in front of Express', () => {
    let fast: Server;
    let fastUrl: string;
    beforeAll(async () => {
      fast = createServer(tileFastPath(server.ctx, createApp(server.ctx)));
      await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
      fastUrl = `http://127.0.0.1:${(fast.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => { fast.closeAllConnections(); fast.close(() => resolve()); }));

    test('answers every tile URL exactly as the Express route does, and leaves the rest to Express', async () => {
      const urls = [
        path('maf', CENTRAL), path('maf,advertising,districts', CENTRAL), path('maf', { z: 12, x: CENTRAL.x >> 2, y: CENTRAL.y >> 2 }),
        path('maf', { z: 14, x: 0, y: 0 }), path('maf', { z: 9, x: 0, y: 0 }), `${path('maf', CENTRAL)}?v=2`,
        '/slovyansk/tiles/maf/25/0/0.mvt', '/slovyansk/tiles/maf/14/014/0.mvt', path('kiosks', CENTRAL), path('maf,maf', CENTRAL),
        path('maf', CENTRAL, 'atlantis'), '/slovyansk/tiles/maf%2Cadvertising/14/9903/5636.mvt', '/slovyansk/tiles/maf.json', '/api/municipalities',
      ];
      for (const url of urls) {
        const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'gzip' }];
        for (const headers of variants) {
          const [a, b] = await Promise.all([get(`${server.url}${url}`, headers), get(`${fastUrl}${url}`, headers)]);
          // (TileJSON names its own origin, so its ETag differs between the two ports)
          const etag = (r: typeof a) => (url.endsWith('.json') ? 'its own' : r.headers.etag);
          expect([url, b.status, b.headers['content-type'], etag(b), b.headers['content-encoding']])
            .toEqual([url, a.status, a.headers['content-type'], etag(a), a.headers['content-encoding']]);
          if (a.headers['content-type'] === 'application/vnd.mapbox-vector-tile') expect(b.body.equals(a.body)).toBe(true);
        }
      }
    });

    test('answers 304 to a client holding the tile, and HEAD without a body', async () => {
      const first = await get(`${fastUrl}${path('maf', CENTRAL)}`);
      expect((await get(`${fastUrl}${path('maf', CENTRAL)}`, { 'if-none-match': first.headers.etag! })).status).toBe(304);
      const head = await new Promise<{ status: number; length: string | undefined; bytes: number }>((resolve, reject) => {
        request(`${fastUrl}${path('maf', CENTRAL)}`, { method: 'HEAD' }, (res) => {
          let bytes = 0;
          res.on('data', (c: Buffer) => (bytes += c.length));
          res.on('end', () => resolve({ status: res.statusCode!, length: res.headers['content-length'], bytes }));
        }).on('error', reject).end();
      });
      expect(head).toEqual({ status: 200, length: String(first.body.length), bytes: 0 });
    });
  });

  test('GDAL’s MVT driver reads a tile: the same layer, fields and feature count', async () => {
    const url = `${server.url}${path('maf', CENTRAL)}`;
    let stdout: string;
    try {
      ({ stdout } = await run('ogrinfo', ['-ro', '-so', '-al', `MVT:/vsicurl/${url}`], { timeout: 30_000 }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const why = 'ogrinfo is not installed (apt-get install gdal-bin)';
      if (process.env.REQUIRE_E2E === '1') throw new Error(`REQUIRE_E2E=1 but ${why}`);
      process.stderr.write(`SKIPPED: GDAL reads a tile — ${why}\n`);
      return;
    }
    const { layers } = await tile(path('maf', CENTRAL));
    expect(stdout).toContain('Layer name: maf');
    expect(stdout).toContain(`Feature Count: ${layers.maf.length}`);
    expect(stdout).toMatch(/legality: String/);
    expect(stdout).toMatch(/mvt_id: Integer64/);
  });
});
