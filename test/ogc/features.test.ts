/**
 * OGC API – Features, Parts 1 and 2, through the real server over each backend: what a client
 * sees, checked against what SQL says is in the public views.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { COLLECTIONS } from '../../server/catalog/collections.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

interface Link { href: string; rel: string; type: string }
interface Feature { id: number; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }
interface FeatureCollection { numberMatched: number; numberReturned: number; timeStamp: string; links: Link[]; features: Feature[] }

/**
 * fetch, once more if a kept-alive connection was reset: the server closes sockets idle for 5 s,
 * and a GET sent just as it does so fails with ECONNRESET through no fault of the API.
 */
async function fetchRetrying(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 3 || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw error;
    }
  }
}

/** A private value as it could show up in a body: an e-mail in lower case, a number by its digits. */
const leakable = (value: string) => (value.includes('@') ? value.toLowerCase() : value.replace(/\D/g, ''));

/** Every e-mail address and every run of digits (phones, tax numbers; separators dropped) in a body. */
function tokensOf(body: string): Set<string> {
  const tokens = new Set<string>();
  for (const [email] of body.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) tokens.add(email.toLowerCase());
  for (const [digits] of body.matchAll(/\+?\d[\d ()-]{4,}\d/g)) tokens.add(digits.replace(/\D/g, ''));
  return tokens;
}

describe.each(backends())('OGC API Features on %s', (kind) => {
  let server: TestServer;
  let slovyansk: { id: number; center: [number, number] };
  let kryvyiRihId: number;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const { rows } = await server.db.query<{ id: number; slug: string; x: number; y: number }>(
      'SELECT id, slug, ST_X(view_center) AS x, ST_Y(view_center) AS y FROM municipality');
    const s = rows.find((r) => r.slug === 'slovyansk')!;
    slovyansk = { id: s.id, center: [s.x, s.y] };
    kryvyiRihId = rows.find((r) => r.slug === 'kryvyi-rih')!.id;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, init?: RequestInit) => fetchRetrying(path.startsWith('http') ? path : `${server.url}${path}`, init);
  async function json<T = any>(path: string): Promise<T> {
    const res = await get(path);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }
  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await server.db.query<{ n: number }>(sql, params);
    return Number(rows[0].n);
  }
  async function ids(sql: string, params: unknown[] = []): Promise<number[]> {
    const { rows } = await server.db.query<{ id: number }>(sql, params);
    return rows.map((r) => Number(r.id));
  }
  /** A box of about 2 × 1.5 km around central Slovyansk, CRS84. */
  const centralBox = () => {
    const [x, y] = slovyansk.center;
    return [x - 0.014, y - 0.007, x + 0.014, y + 0.007];
  };

  test('the landing page links to the API definition, the conformance classes and the collections', async () => {
    const res = await get('/slovyansk/ogc');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { links: Link[] };
    const rels = Object.fromEntries(doc.links.map((l) => [l.rel, l]));
    expect(rels['service-desc']).toMatchObject({ href: `${server.url}/slovyansk/ogc/api`, type: 'application/vnd.oai.openapi+json;version=3.0' });
    expect(rels.conformance.href).toBe(`${server.url}/slovyansk/ogc/conformance`);
    expect(rels.data.href).toBe(`${server.url}/slovyansk/ogc/collections`);
    expect(rels.alternate.type).toBe('text/html');
  });

  test('conformance declares Core, GeoJSON, HTML, OpenAPI 3.0, CRS, queryables, filtering and CQL2 text', async () => {
    const { conformsTo } = await json<{ conformsTo: string[] }>('/slovyansk/ogc/conformance');
    for (const c of ['ogcapi-features-1/1.0/conf/core', 'ogcapi-features-1/1.0/conf/geojson', 'ogcapi-features-1/1.0/conf/html',
      'ogcapi-features-1/1.0/conf/oas30', 'ogcapi-features-2/1.0/conf/crs', 'ogcapi-features-3/1.0/conf/queryables',
      'ogcapi-features-3/1.0/conf/filter', 'ogcapi-features-3/1.0/conf/features-filter', 'cql2/1.0/conf/cql2-text',
      'cql2/1.0/conf/basic-cql2', 'cql2/1.0/conf/basic-spatial-functions']) {
      expect(conformsTo).toContain(`http://www.opengis.net/spec/${c}`);
    }
  });

  test('the OpenAPI document advertises a limit of 1 to 10000, 100 by default, on every collection', async () => {
    const res = await get('/slovyansk/ogc/api');
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json;\s*version=3\.0/);
    const api = (await res.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, any> };
    expect(api.openapi).toMatch(/^3\.0\./);
    expect(api.servers[0].url).toBe(`${server.url}/slovyansk/ogc`);
    for (const c of COLLECTIONS) {
      const parameters = api.paths[`/collections/${c.id}/items`].get.parameters as { name: string; schema: any }[];
      expect(parameters.find((p) => p.name === 'limit')!.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 10000, default: 100 });
      expect(parameters.some((p) => p.name === 'datetime')).toBe(Boolean(c.temporalProperty));
    }
  });

  test('collections lists every catalog collection, stored in CRS84 and offered in the UCS-2000 and SK-42 zones', async () => {
    const doc = await json<{ collections: { id: string; crs: string[]; storageCrs: string; extent: { spatial: { bbox: number[][] } }; links: Link[] }[] }>('/slovyansk/ogc/collections');
    expect(doc.collections.map((c) => c.id)).toEqual(COLLECTIONS.map((c) => c.id));
    for (const c of doc.collections) {
      expect(c.storageCrs).toBe(CRS84);
      expect(c.crs).toEqual(expect.arrayContaining([CRS84, EPSG(4326), EPSG(3857), EPSG(5561), EPSG(6387), EPSG(4284), EPSG(28407)]));
      expect(c.links.find((l) => l.rel === 'items')!.href).toBe(`${server.url}/slovyansk/ogc/collections/${c.id}/items`);
    }
    const maf = doc.collections.find((c) => c.id === 'maf')!;
    const { rows } = await server.db.query<{ xmin: number; ymax: number }>(
      'SELECT ST_XMin(e) AS xmin, ST_YMax(e) AS ymax FROM (SELECT ST_Extent(geom)::box3d AS e FROM pub_maf WHERE municipality_id = $1) s', [slovyansk.id]);
    expect(maf.extent.spatial.bbox[0][0]).toBeCloseTo(rows[0].xmin, 9);
    expect(maf.extent.spatial.bbox[0][3]).toBeCloseTo(rows[0].ymax, 9);
  });

  test('items counts what SQL counts and returns the first 100 features, ordered by id', async () => {
    const page = await json<FeatureCollection>('/slovyansk/ogc/collections/maf/items');
    expect(page.numberMatched).toBe(await count('SELECT count(*) AS n FROM pub_maf WHERE municipality_id = $1', [slovyansk.id]));
    expect(page.numberReturned).toBe(Math.min(100, page.numberMatched));
    expect(page.features.map((f) => f.id)).toEqual(await ids('SELECT id FROM pub_maf WHERE municipality_id = $1 ORDER BY id LIMIT 100', [slovyansk.id]));
    expect(Date.parse(page.timeStamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(Object.keys(page.features[0].properties)).toEqual(COLLECTIONS.find((c) => c.id === 'maf')!.properties.map((p) => p.name));
  });

  test('following next links through a bbox collects exactly the features SQL finds in the box, each once', async () => {
    const box = centralBox();
    const expected = await ids(
      'SELECT id FROM pub_maf WHERE municipality_id = $1 AND ST_Intersects(geom, ST_MakeEnvelope($2, $3, $4, $5, 4326)) ORDER BY id',
      [slovyansk.id, ...box]);
    expect(expected.length).toBeGreaterThan(10);
    const seen: number[] = [];
    let url: string | undefined = `/slovyansk/ogc/collections/maf/items?bbox=${box.join(',')}&limit=7`;
    let pages = 0;
    while (url) {
      const page: FeatureCollection = await json<FeatureCollection>(url);
      expect(page.numberMatched).toBe(expected.length);
      seen.push(...page.features.map((f) => f.id));
      const next = page.links.find((l) => l.rel === 'next');
      if (next) {
        const params = new URL(next.href).searchParams;
        expect(params.get('bbox')).toBe(box.join(','));
        expect(params.get('limit')).toBe('7');
        expect(next.type).toBe('application/geo+json');
      }
      url = next?.href;
      expect(++pages).toBeLessThan(1000);
    }
    expect(seen).toEqual(expected);
  });

  test('a prev link leads back to the page before, keeping the query', async () => {
    const page = await json<FeatureCollection>('/slovyansk/ogc/collections/maf/items?limit=5&offset=10&legality=legal');
    const prev = page.links.find((l) => l.rel === 'prev')!;
    expect(Object.fromEntries(new URL(prev.href).searchParams)).toEqual({ limit: '5', offset: '5', legality: 'legal', f: 'json' });
    const back = await json<FeatureCollection>(prev.href);
    const first = await json<FeatureCollection>('/slovyansk/ogc/collections/maf/items?limit=10&legality=legal');
    expect(back.features.map((f) => f.id)).toEqual(first.features.slice(5).map((f) => f.id));
  });

  test('a bbox in EPSG:4326 (lat,lon) or in UCS-2000 TM zone 13 (northing,easting) selects what SQL selects', async () => {
    const [x1, y1, x2, y2] = centralBox();
    const latLon = await json<FeatureCollection>(`/slovyansk/ogc/collections/maf/items?limit=1&bbox=${[y1, x1, y2, x2].join(',')}&bbox-crs=${EPSG(4326)}`);
    expect(latLon.numberMatched).toBe(await count(
      'SELECT count(*) AS n FROM pub_maf WHERE municipality_id = $1 AND ST_Intersects(geom, ST_MakeEnvelope($2, $3, $4, $5, 4326))', [slovyansk.id, x1, y1, x2, y2]));

    const { rows } = await server.db.query<{ e1: number; n1: number; e2: number; n2: number }>(
      `SELECT ST_X(a) AS e1, ST_Y(a) AS n1, ST_X(b) AS e2, ST_Y(b) AS n2 FROM (SELECT
         ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 6387) AS a, ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 4326), 6387) AS b) s`,
      [x1, y1, x2, y2]);
    const { e1, n1, e2, n2 } = rows[0];
    const ucs = await json<FeatureCollection>(`/slovyansk/ogc/collections/maf/items?limit=1&bbox=${[n1, e1, n2, e2].join(',')}&bbox-crs=${EPSG(6387)}`);
    expect(ucs.numberMatched).toBe(await count(
      `SELECT count(*) AS n FROM pub_maf WHERE municipality_id = $1
       AND ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($2, $3, $4, $5, 6387), 4326))`, [slovyansk.id, e1, n1, e2, n2]));
    expect(ucs.numberMatched).toBeGreaterThan(0);
  });

  test('a property filter returns what SQL counts for it', async () => {
    for (const legality of ['legal', 'expiring', 'expired', 'no_permit', 'dismantled']) {
      const page = await json<FeatureCollection>(`/slovyansk/ogc/collections/advertising/items?legality=${legality}&limit=1`);
      expect(page.numberMatched).toBe(await count('SELECT count(*) AS n FROM pub_advertising WHERE municipality_id = $1 AND legality = $2', [slovyansk.id, legality]));
    }
    const accessible = await json<FeatureCollection>('/slovyansk/ogc/collections/facilities/items?ramp=true&grade_wheelchair=full&limit=1');
    expect(accessible.numberMatched).toBe(await count(
      "SELECT count(*) AS n FROM pub_facilities WHERE municipality_id = $1 AND ramp AND grade_wheelchair = 'full'", [slovyansk.id]));
  });

  test('datetime selects comments by the day or by an interval, open or closed, as SQL does', async () => {
    const { rows } = await server.db.query<{ day: string }>(
      "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM pub_comments WHERE municipality_id = $1 ORDER BY created_at DESC LIMIT 1 OFFSET 5",
      [slovyansk.id]);
    const day = rows[0].day;
    const dayStart = `${day}T00:00:00Z`;
    const sqlCount = (where: string) => count(`SELECT count(*) AS n FROM pub_comments WHERE municipality_id = $1 AND ${where}`, [slovyansk.id, dayStart]);
    const matched = async (datetime: string) => (await json<FeatureCollection>(`/slovyansk/ogc/collections/comments/items?limit=1&datetime=${encodeURIComponent(datetime)}`)).numberMatched;
    expect(await matched(day)).toBe(await sqlCount("created_at >= $2::timestamptz AND created_at < $2::timestamptz + interval '1 day'"));
    expect(await matched(`${day}/..`)).toBe(await sqlCount('created_at >= $2::timestamptz'));
    expect(await matched(`../${dayStart}`)).toBe(await sqlCount('created_at <= $2::timestamptz'));
    expect(await matched('../..')).toBe(await count('SELECT count(*) AS n FROM pub_comments WHERE municipality_id = $1', [slovyansk.id]));
  });

  test('an unknown parameter or a bad value is a 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['limt=10', 'limt'], ['limit=0', 'limit'], ['limit=many', 'limit'], ['offset=-1', 'offset'], ['bbox=1,2,3', 'bbox'],
      ['bbox=37,49,38', 'bbox'], [`crs=${EPSG(2154)}`, 'crs'], ['bbox-crs=EPSG:9999', 'bbox-crs'], ['width_m=wide', 'width_m'],
      ['datetime=2025-13-01', 'datetime'], ['filter-lang=cql3-text&filter=id%3D1', 'filter-lang'], ['f=xml', 'f'], ['limit=1&limit=2', 'limit'],
    ];
    for (const [query, parameter] of cases) {
      const res = await get(`/slovyansk/ogc/collections/maf/items?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { code: string; detail: string; parameter: string };
      expect(body).toMatchObject({ code: 'InvalidParameterValue', parameter });
      expect(body.detail).toContain(parameter);
    }
    expect((await get('/slovyansk/ogc/collections?bogus=5')).status).toBe(400);
    expect((await get('/slovyansk/ogc/collections/nothing/items')).status).toBe(404);
  });

  test('a limit above 10000 is served as 10000, not refused', async () => {
    const page = await json<FeatureCollection>('/slovyansk/ogc/collections/addresses/items?limit=20000');
    expect(page.numberReturned).toBe(Math.min(10_000, page.numberMatched));
  });

  test("Kryvyi Rih's features are not visible from /slovyansk/, and its own API serves them", async () => {
    const [krFeature] = await ids('SELECT id FROM pub_maf WHERE municipality_id = $1 ORDER BY id LIMIT 1', [kryvyiRihId]);
    expect((await get(`/slovyansk/ogc/collections/maf/items/${krFeature}`)).status).toBe(404);
    expect((await get(`/kryvyi-rih/ogc/collections/maf/items/${krFeature}`)).status).toBe(200);
    const all = await json<FeatureCollection>('/slovyansk/ogc/collections/maf/items?limit=10000');
    const theirs = new Set(await ids('SELECT id FROM pub_maf WHERE municipality_id = $1', [kryvyiRihId]));
    expect(all.features.filter((f) => theirs.has(f.id))).toEqual([]);
    const boundary = await json<FeatureCollection>('/slovyansk/ogc/collections/boundary/items');
    expect(boundary.features.map((f) => f.id)).toEqual([slovyansk.id]);
    const filtered = await json<FeatureCollection>(`/slovyansk/ogc/collections/maf/items?filter=${encodeURIComponent(`id = ${krFeature}`)}`);
    expect(filtered.numberMatched).toBe(0);
  });

  test('private columns never appear in any response, by name or by value', async () => {
    const { rows } = await server.db.query<{ v: string }>(`
      SELECT rnokpp AS v FROM owner WHERE rnokpp IS NOT NULL
      UNION SELECT private_phone FROM owner WHERE private_phone IS NOT NULL
      UNION SELECT private_email FROM owner WHERE private_email IS NOT NULL
      UNION SELECT author_email FROM comment WHERE author_email IS NOT NULL
      UNION SELECT private_phone FROM deputy WHERE private_phone IS NOT NULL`);
    const secrets = rows.map((r) => leakable(r.v)).filter((v) => v.length >= 6);
    expect(secrets.length).toBeGreaterThan(0);
    // the detector finds each kind of secret when it is there
    for (const v of rows.slice(0, 20).map((r) => r.v)) expect(tokensOf(`{"x":"${v}"}<td>${v}</td>`).has(leakable(v))).toBe(true);
    const paths = ['/slovyansk/ogc', '/slovyansk/ogc/api', '/slovyansk/ogc/collections', '/slovyansk/ogc/collections?f=html'];
    for (const c of COLLECTIONS) {
      paths.push(`/slovyansk/ogc/collections/${c.id}/items?limit=10000`, `/slovyansk/ogc/collections/${c.id}/items?limit=10000&f=html`,
        `/slovyansk/ogc/collections/${c.id}/queryables`, `/kryvyi-rih/ogc/collections/${c.id}/items?limit=10000`);
    }
    for (const path of paths) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const body = await res.text();
      for (const name of ['rnokpp', 'private_phone', 'private_email', 'author_email', 'author_token']) expect(body).not.toContain(name);
      const found = tokensOf(body);
      expect({ path, leaked: secrets.filter((s) => found.has(s)) }).toEqual({ path, leaked: [] });
    }
  }, 180_000);

  test('crs=EPSG:6387 gives northing,easting that ST_Transform agrees with to 1 cm, and says so in Content-Crs', async () => {
    const res = await get(`/slovyansk/ogc/collections/facilities/items?limit=50&crs=${EPSG(6387)}`);
    expect(res.headers.get('content-crs')).toBe(`<${EPSG(6387)}>`);
    const page = (await res.json()) as FeatureCollection;
    const { rows } = await server.db.query<{ id: number; e: number; n: number }>(
      'SELECT id, ST_X(ST_Transform(geom, 6387)) AS e, ST_Y(ST_Transform(geom, 6387)) AS n FROM pub_facilities WHERE municipality_id = $1 ORDER BY id LIMIT 50',
      [slovyansk.id]);
    expect(page.features.map((f) => f.id)).toEqual(rows.map((r) => r.id));
    page.features.forEach((f, i) => {
      const [northing, easting] = f.geometry.coordinates;
      expect(Math.abs(northing - rows[i].n)).toBeLessThan(0.01);
      expect(Math.abs(easting - rows[i].e)).toBeLessThan(0.01);
    });
    // Slovyansk lies about 5.41 million metres north of the equator, a little east of 39° E's 300 km
    expect(page.features[0].geometry.coordinates[0]).toBeGreaterThan(5_380_000);
    expect(page.features[0].geometry.coordinates[1]).toBeLessThan(300_000);
  });

  test('crs=EPSG:4326 gives lat,lon and the default CRS84 lon,lat', async () => {
    const lonLat = await json<FeatureCollection>('/slovyansk/ogc/collections/facilities/items?limit=1');
    const latLon = await json<FeatureCollection>(`/slovyansk/ogc/collections/facilities/items?limit=1&crs=${EPSG(4326)}`);
    expect(latLon.features[0].geometry.coordinates).toEqual([...lonLat.features[0].geometry.coordinates].reverse());
    expect(lonLat.features[0].geometry.coordinates[0]).toBeCloseTo(slovyansk.center[0], 0);
  });

  test('one feature comes by its id with links and its CRS; an id that is not there is a 404', async () => {
    const [id] = await ids('SELECT id FROM pub_districts WHERE municipality_id = $1 ORDER BY id LIMIT 1', [slovyansk.id]);
    const res = await get(`/slovyansk/ogc/collections/districts/items/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(res.headers.get('content-crs')).toBe(`<${CRS84}>`);
    const feature = (await res.json()) as Feature & { links: Link[] };
    expect(feature).toMatchObject({ type: 'Feature', id, geometry: { type: 'MultiPolygon' } });
    expect(feature.links.map((l) => l.rel)).toEqual(['self', 'alternate', 'collection']);
    for (const bad of ['999999999', 'abc', '1.5', '-1']) expect((await get(`/slovyansk/ogc/collections/districts/items/${bad}`)).status).toBe(404);
  });

  test('items carry an ETag from the collection version: 304 when unchanged, a new tag after an edit', async () => {
    const path = '/slovyansk/ogc/collections/maf/items?limit=5';
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get(path, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const [id] = await ids('SELECT id FROM pub_maf WHERE municipality_id = $1 ORDER BY id LIMIT 1', [slovyansk.id]);
    await server.db.query("UPDATE registry_object SET address = address || ' ' WHERE id = $1", [id]);
    let changed: Response | undefined;
    for (let i = 0; i < 50 && !changed; i++) {
      const res = await get(path, { headers: { 'If-None-Match': etag } });
      if (res.status === 200) changed = res;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(changed?.headers.get('etag')).not.toBe(etag);
  });

  test('a browser gets an accessible Ukrainian page with the data escaped', async () => {
    const { rows } = await server.db.query<{ id: number }>(
      `INSERT INTO registry_object (municipality_id, type_code, geom, address)
       VALUES ($1, 'kiosk', ST_SetSRID(ST_MakePoint($2, $3), 4326), '<script>alert("x")</script> вул. Тестова') RETURNING id`,
      [slovyansk.id, ...slovyansk.center]);
    const res = await get(`/slovyansk/ogc/collections/maf/items/${rows[0].id}`, { headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toMatch(/^<!doctype html><html lang="uk">/);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; вул. Тестова');
    expect(page).not.toContain('<script>');
    const list = await (await get('/slovyansk/ogc/collections/maf/items?f=html&limit=3')).text();
    expect(list).toContain('<caption>Малі архітектурні форми</caption>');
    expect(list).toContain('rel="next">Наступна сторінка</a>');
  });
});
