/**
 * What desktop GIS and web clients send, answered right, through the real server and checked
 * against SQL on the public views: QGIS 3.22's and GDAL 3.6's spellings of `datetime`, booleans as
 * 1/0, an enum value that matches nothing, skipGeometry, sortby with sortables, properties, CQL2
 * JSON, the features' JSON Schema (describedBy), the CRS definitions, one geometry type per
 * collection, and the small things: an HTML 404, the CORS preflight, f=geojson.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { OgcApiEndpoint } from '@camptocamp/ogc-client';
import { COLLECTIONS } from '../../server/catalog/collections.js';
import { SUPPORTED_CRS } from '../../server/ogc/crs.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Link { href: string; rel: string; type: string }
interface Feature { id: number; geometry: { type: string } | null; properties: Record<string, unknown> }
interface FeatureCollection { numberMatched: number; numberReturned: number; features: Feature[] }

describe.each(backends())('OGC API answers what desktop clients send on %s', (kind) => {
  let server: TestServer;
  let m: number;
  const base = '/slovyansk/ogc';

  beforeAll(async () => {
    server = await startTestServer(kind);
    m = (await server.db.query<{ id: number }>("SELECT id FROM municipality WHERE slug = 'slovyansk'")).rows[0].id;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
  async function page(path: string): Promise<FeatureCollection> {
    const res = await get(path);
    const body = await res.json();
    expect({ path, status: res.status, body: res.status === 200 ? 'ok' : body }).toEqual({ path, status: 200, body: 'ok' });
    return body as FeatureCollection;
  }
  const matched = async (collection: string, query: string) => (await page(`${base}/collections/${collection}/items?limit=1&${query}`)).numberMatched;
  async function sqlCount(view: string, where: string): Promise<number> {
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${view} WHERE municipality_id = $1 AND (${where})`, [m]);
    return Number(rows[0].n);
  }

  test('datetime as QGIS 3.22 and GDAL 3.6 write it applies to the collection\'s temporal property', async () => {
    const since = await sqlCount('pub_maf', "installed_on >= '2025-06-01'");
    expect(since).toBeGreaterThan(0);
    expect(await matched('maf', 'datetime=2025-06-01%2F9999-12-31T00:00:00Z')).toBe(since); // QGIS, an open end
    expect(await matched('maf', 'datetime=2025-06-01T%2F..')).toBe(since); // GDAL, a date with a trailing T
    expect(await matched('maf', 'datetime=0000-01-01T00:00:00Z%2F2025-05-31')).toBe(await sqlCount('pub_maf', "installed_on <= '2025-05-31'"));
    expect(await matched('maf', 'datetime=2025-06-01T10Z%2F..')).toBe(await sqlCount('pub_maf', "installed_on >= '2025-06-01'"));
    const createdSince = await sqlCount('pub_comments', "created_at >= '2025-06-01T00:00:00Z'");
    expect(await matched('comments', 'datetime=2025-06-01T%2F..')).toBe(createdSince);
  });

  test('booleans as 1/0, and an enum value that matches nothing gives no features', async () => {
    expect(await matched('facilities', 'ramp=1')).toBe(await sqlCount('pub_facilities', 'ramp'));
    expect(await matched('facilities', 'ramp=0')).toBe(await sqlCount('pub_facilities', 'NOT ramp'));
    expect(await matched('facilities', 'ramp=true')).toBe(await sqlCount('pub_facilities', 'ramp'));
    expect(await matched('maf', 'legality=illegal')).toBe(0);
    expect(await matched('facilities', `filter=${encodeURIComponent('ramp = 1 AND call_button = 0')}&filter-lang=cql-text`))
      .toBe(await sqlCount('pub_facilities', 'ramp AND NOT call_button'));
    expect((await get(`${base}/collections/facilities/items?ramp=maybe`)).status).toBe(400);
  });

  test('skipGeometry, properties and sortby shape the page; sortables lists what sortby takes', async () => {
    const slim = await page(`${base}/collections/maf/items?limit=5&skipGeometry=true&properties=legality,address`);
    expect(slim.features.every((f) => f.geometry === null && Object.keys(f.properties).join() === 'legality,address')).toBe(true);

    const sorted = await page(`${base}/collections/maf/items?limit=20&sortby=-installed_on,id&properties=installed_on`);
    const { rows } = await server.db.query<{ id: number }>(
      'SELECT id FROM pub_maf WHERE municipality_id = $1 ORDER BY installed_on DESC NULLS LAST, id LIMIT 20', [m]);
    expect(sorted.features.map((f) => f.id)).toEqual(rows.map((r) => r.id));
    // the next page continues the order
    const second = await page(`${base}/collections/maf/items?limit=20&offset=20&sortby=-installed_on,id`);
    const { rows: rows2 } = await server.db.query<{ id: number }>(
      'SELECT id FROM pub_maf WHERE municipality_id = $1 ORDER BY installed_on DESC NULLS LAST, id LIMIT 20 OFFSET 20', [m]);
    expect(second.features.map((f) => f.id)).toEqual(rows2.map((r) => r.id));

    const sortables = (await (await get(`${base}/collections/maf/sortables`)).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(sortables.properties)).toContain('installed_on');
    expect(Object.keys(sortables.properties)).not.toContain('owner_contact');
    for (const bad of ['sortby=owner_contact', 'sortby=nothing', 'properties=nothing', 'skipGeometry=perhaps']) {
      const res = await get(`${base}/collections/maf/items?${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  test('@camptocamp/ogc-client reads sortables and pages with skipGeometry, sortby, properties and datetime', async () => {
    const endpoint = new OgcApiEndpoint(`${server.url}${base}`);
    const info = await endpoint.getCollectionInfo('maf');
    expect(info.sortables.map((s) => s.name)).toContain('installed_on');
    const items = await endpoint.getCollectionItems('maf', 10, 0, true, ['-installed_on'], undefined, ['installed_on', 'legality'],
      { start: new Date('2025-06-01T00:00:00Z') });
    const { rows } = await server.db.query<{ id: number }>(
      "SELECT id FROM pub_maf WHERE municipality_id = $1 AND installed_on >= '2025-06-01' ORDER BY installed_on DESC NULLS LAST, id LIMIT 10", [m]);
    expect(items.map((f) => f.id)).toEqual(rows.map((r) => r.id));
    expect(items.every((f) => f.geometry === null && Object.keys(f.properties).sort().join() === 'installed_on,legality')).toBe(true);
  });

  test('a CQL2 JSON filter gives what the same CQL2 text filter gives', async () => {
    const text = "legality = 'expired' AND width_m > 2";
    const json = { op: 'and', args: [{ op: '=', args: [{ property: 'legality' }, 'expired'] }, { op: '>', args: [{ property: 'width_m' }, 2] }] };
    const expected = await sqlCount('pub_maf', "legality = 'expired' AND width_m > 2");
    expect(expected).toBeGreaterThan(0);
    expect(await matched('maf', `filter=${encodeURIComponent(text)}`)).toBe(expected);
    expect(await matched('maf', `filter-lang=cql2-json&filter=${encodeURIComponent(JSON.stringify(json))}`)).toBe(expected);
    const bad = await get(`${base}/collections/maf/items?filter-lang=cql2-json&filter=${encodeURIComponent('{"op":"=","args":[{"property":"colour"},"red"]}')}`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: 'filter' });
  });

  test('every collection links its features\' JSON Schema as describedBy, typing every property as the catalog does', async () => {
    for (const c of COLLECTIONS) {
      const doc = (await (await get(`${base}/collections/${c.id}`)).json()) as { links: Link[] };
      const link = doc.links.find((l) => l.rel === 'describedBy');
      expect([c.id, link?.type]).toEqual([c.id, 'application/schema+json']);
      const schema = (await (await get(new URL(link!.href).pathname, { headers: { accept: 'application/schema+json' } })).json()) as {
        properties: { geometry: { properties: { type: { enum: string[] } } }; properties: { properties: Record<string, { type: string; format?: string }> } };
      };
      expect([c.id, schema.properties.geometry.properties.type.enum]).toEqual([c.id, [c.geometryType]]);
      for (const p of c.properties) {
        const s = schema.properties.properties.properties[p.name];
        const want = { string: ['string'], integer: ['integer'], number: ['number'], boolean: ['boolean'], date: ['string', 'date'], datetime: ['string', 'date-time'] }[p.type];
        expect([c.id, p.name, s.type, s.format].slice(0, 2 + want.length)).toEqual([c.id, p.name, ...want]);
      }
    }
    // asked for as GDAL asks (JSON or GeoJSON), the queryables come as JSON
    const q = await get(`${base}/collections/maf/queryables`, { headers: { accept: 'application/geo+json, application/json' } });
    expect(q.headers.get('content-type')).toMatch(/^application\/json/);
  });

  test('every collection has one geometry type, and a MAF drawn as a footprint is a point in maf and its footprint in maf_footprints', async () => {
    for (const c of COLLECTIONS) {
      const { rows } = await server.db.query<{ t: string }>(`SELECT DISTINCT GeometryType(geom) AS t FROM ${c.view}`);
      expect([c.id, rows.map((r) => r.t)]).toEqual([c.id, [c.geometryType.toUpperCase()]]);
    }
    const fp = await page(`${base}/collections/maf_footprints/items?limit=1`);
    const id = fp.features[0].id;
    expect(fp.features[0].geometry!.type).toBe('MultiPolygon');
    const point = (await (await get(`${base}/collections/maf/items/${id}`)).json()) as Feature;
    expect(point.geometry!.type).toBe('Point');
    expect(point.properties).toEqual(fp.features[0].properties);
    const { rows: [inside] } = await server.db.query<{ yes: boolean }>(
      'SELECT ST_Within(p.geom, f.geom) AS yes FROM pub_maf p JOIN pub_maf_footprints f ON f.id = p.id WHERE p.id = $1', [id]);
    expect(inside.yes).toBe(true);
  });

  test('the CRS definitions the server uses are published, and the collections\' crs lists link them', async () => {
    const list = (await (await get(`${base}/crs`)).json()) as { crs: { uri: string; proj4: string; projjson: string }[] };
    expect(list.crs.map((c) => c.uri)).toEqual(SUPPORTED_CRS.map((c) => c.uri));
    const ucs = SUPPORTED_CRS.find((c) => c.srid === 6387)!;
    const proj4 = await get(`${base}/crs/EPSG/6387/proj4`);
    expect(proj4.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await proj4.text()).trim()).toBe(ucs.proj4);
    const projjson = (await (await get(`${base}/crs/EPSG/6387/projjson`)).json()) as { type: string; transformation: { parameters: { value: number }[] } };
    expect(projjson.type).toBe('BoundCRS');
    expect(projjson.transformation.parameters.slice(0, 3).map((p) => p.value)).toEqual([24, -121, -76]);
    const collection = (await (await get(`${base}/collections/maf`)).json()) as { crs: string[]; crsDefinitions: Record<string, { proj4: string }> };
    for (const uri of collection.crs) expect(collection.crsDefinitions[uri].proj4).toMatch(/\/crs\/(EPSG\/\d+|OGC\/CRS84)\/proj4$/);
    expect((await get(`${base}/crs/EPSG/2154`)).status).toBe(404);
  });

  test('small things: a 404 asked for as HTML is a page, the CORS preflight names the headers, f=geojson is GeoJSON, filter on the collection URL', async () => {
    const missing = await get(`${base}/collections/nothing?f=html`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await missing.text()).toContain('nothing');
    expect((await get(`${base}/no/such/path`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await get(`${base}/collections/nothing`)).headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const preflight = await get(`${base}/collections/maf/items`, {
      method: 'OPTIONS', headers: { origin: 'https://rada.example.ua', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/i);

    const geojson = await get(`${base}/collections/maf/items?limit=1&f=geojson`);
    expect(geojson.status).toBe(200);
    expect(geojson.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect((await get(`${base}/collections/maf?filter=${encodeURIComponent("legality = 'expired'")}&filter-lang=cql-text`)).status).toBe(200);
  });
});
