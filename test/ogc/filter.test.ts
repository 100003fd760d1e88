/**
 * OGC API – Features Part 3: queryables and CQL2 text filters through the real server, each
 * answer checked against the same question asked of the public views in SQL.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { collectionById, isQueryable } from '../../server/catalog/collections.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

interface Link { href: string; rel: string }
interface FeatureCollection { numberMatched: number; numberReturned: number; links: Link[]; features: { id: number }[] }

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

describe.each(backends())('CQL2 filters and queryables on %s', (kind) => {
  let server: TestServer;
  let m: number;
  let center: [number, number];

  beforeAll(async () => {
    server = await startTestServer(kind);
    const { rows } = await server.db.query<{ id: number; x: number; y: number }>(
      "SELECT id, ST_X(view_center) AS x, ST_Y(view_center) AS y FROM municipality WHERE slug = 'slovyansk'");
    m = rows[0].id;
    center = [rows[0].x, rows[0].y];
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string) => fetchRetrying(path.startsWith('http') ? path : `${server.url}${path}`);
  const items = (collection: string, filter: string, extra = '') =>
    `/slovyansk/ogc/collections/${collection}/items?filter=${encodeURIComponent(filter)}${extra}`;

  /** numberMatched of a filter, which must be answered with a 200. */
  async function matched(collection: string, filter: string, extra = ''): Promise<number> {
    const res = await get(items(collection, filter, `&limit=1${extra}`));
    const body = await res.json();
    expect({ filter, status: res.status, body: res.status === 200 ? 'ok' : body }).toEqual({ filter, status: 200, body: 'ok' });
    return (body as FeatureCollection).numberMatched;
  }
  /** Rows of a public view of Slovyansk that satisfy an SQL condition. */
  async function sqlCount(view: string, where: string, params: unknown[] = []): Promise<number> {
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${view} WHERE municipality_id = $1 AND (${where})`, [m, ...params]);
    return Number(rows[0].n);
  }

  test('queryables is a JSON Schema of the filterable properties, the id and the geometry, and nothing private', async () => {
    const res = await get('/slovyansk/ogc/collections/maf/queryables');
    expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    const doc = (await res.json()) as { $schema: string; type: string; properties: Record<string, { type?: string; format?: string; enum?: string[] }> };
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const maf = collectionById('maf')!;
    expect(Object.keys(doc.properties).sort()).toEqual(['id', 'geom', ...maf.properties.filter(isQueryable).map((p) => p.name)].sort());
    expect(doc.properties.legality.enum).toEqual(['legal', 'expiring', 'expired', 'no_permit', 'dismantled']);
    expect(doc.properties.permit_valid_until).toMatchObject({ type: 'string', format: 'date' });
    expect(doc.properties.geom.format).toBe('geometry-point');
    expect(doc.properties).not.toHaveProperty('owner_contact');
  });

  test('comparisons joined by AND, OR and NOT match SQL', async () => {
    expect(await matched('maf', "legality = 'expired' OR legality = 'no_permit'"))
      .toBe(await sqlCount('pub_maf', "legality = 'expired' OR legality = 'no_permit'"));
    expect(await matched('maf', "NOT (legality = 'legal') AND monthly_fee_uah > 500"))
      .toBe(await sqlCount('pub_maf', "NOT (legality = 'legal') AND monthly_fee_uah > 500"));
    expect(await matched('advertising', 'sides >= 2 AND lighting = TRUE AND revenue_total_uah <> 0'))
      .toBe(await sqlCount('pub_advertising', 'sides >= 2 AND lighting AND revenue_total_uah <> 0'));
    expect(await matched('districts', 'deputy_count > 1 OR number = 1')).toBe(await sqlCount('pub_districts', 'deputy_count > 1 OR number = 1'));
  });

  test('LIKE, CASEI, IN, BETWEEN and IS NULL match SQL, Cyrillic included', async () => {
    const { rows } = await server.db.query<{ word: string }>(
      "SELECT split_part(address, ' ', 2) AS word FROM pub_maf WHERE municipality_id = $1 AND address LIKE '% %' ORDER BY id LIMIT 1", [m]);
    const word = rows[0].word;
    expect(await matched('maf', `address LIKE '%${word}%'`)).toBe(await sqlCount('pub_maf', 'address LIKE $2', [`%${word}%`]));
    expect(await matched('maf', `CASEI(address) LIKE CASEI('%${word.toUpperCase()}%')`)).toBe(await sqlCount('pub_maf', 'lower(address) LIKE lower($2)', [`%${word}%`]));
    expect(await matched('maf', "owner_kind IN ('sole_proprietor', 'municipal_enterprise')"))
      .toBe(await sqlCount('pub_maf', "owner_kind IN ('sole_proprietor', 'municipal_enterprise')"));
    expect(await matched('facilities', 'door_width_cm BETWEEN 80 AND 90')).toBe(await sqlCount('pub_facilities', 'door_width_cm BETWEEN 80 AND 90'));
    expect(await matched('maf', 'permit_number IS NULL')).toBe(await sqlCount('pub_maf', 'permit_number IS NULL'));
    expect(await matched('maf', 'permit_number IS NOT NULL')).toBe(await sqlCount('pub_maf', 'permit_number IS NOT NULL'));
  });

  test('DATE and TIMESTAMP literals compare with date and timestamp properties as SQL does', async () => {
    const { rows } = await server.db.query<{ today: string }>("SELECT current_date::text AS today");
    const today = rows[0].today;
    expect(await matched('maf', `permit_valid_until < DATE('${today}')`)).toBe(await sqlCount('pub_maf', 'permit_valid_until < $2::date', [today]));
    expect(await matched('comments', "created_at >= TIMESTAMP('2025-06-01T00:00:00Z')"))
      .toBe(await sqlCount('pub_comments', "created_at >= '2025-06-01T00:00:00Z'::timestamptz"));
  });

  test('S_INTERSECTS with a BBOX or a POINT finds what PostGIS finds', async () => {
    const [x, y] = center;
    const box = [x - 0.01, y - 0.01, x + 0.01, y + 0.01];
    expect(await matched('facilities', `S_INTERSECTS(geom, BBOX(${box.join(', ')}))`))
      .toBe(await sqlCount('pub_facilities', 'ST_Intersects(geom, ST_MakeEnvelope($2, $3, $4, $5, 4326))', box));
    // "which district am I in": a point inside district one is in that district and no other
    const { rows } = await server.db.query<{ id: number; px: number; py: number }>(
      'SELECT id, ST_X(p) AS px, ST_Y(p) AS py FROM (SELECT id, ST_PointOnSurface(geom) AS p FROM pub_districts WHERE municipality_id = $1 ORDER BY id LIMIT 1) s', [m]);
    const res = await get(items('districts', `S_INTERSECTS(geom, POINT(${rows[0].px} ${rows[0].py}))`));
    expect(((await res.json()) as FeatureCollection).features.map((f) => f.id)).toEqual([rows[0].id]);
  });

  test('a POLYGON in filter-crs UCS-2000 zone 13 is read as northing,easting and transformed', async () => {
    const [x, y] = center;
    const { rows } = await server.db.query<{ wkt: string; n1: number; e1: number; n2: number; e2: number }>(
      `SELECT ST_Y(a) AS n1, ST_X(a) AS e1, ST_Y(b) AS n2, ST_X(b) AS e2 FROM (SELECT
         ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 6387) AS a, ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 4326), 6387) AS b) s`,
      [x - 0.01, y - 0.01, x + 0.01, y + 0.01]);
    const { n1, e1, n2, e2 } = rows[0];
    const ring = [[n1, e1], [n1, e2], [n2, e2], [n2, e1], [n1, e1]].map((p) => p.join(' ')).join(', ');
    const crs = `&filter-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/6387')}`;
    expect(await matched('facilities', `S_INTERSECTS(geom, POLYGON((${ring})))`, crs))
      .toBe(await sqlCount('pub_facilities', 'ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($2, $3, $4, $5, 6387), 4326))', [e1, n1, e2, n2]));
  });

  test('an injection attempt is a string like any other: nothing matches, nothing breaks', async () => {
    const before = await sqlCount('pub_maf', 'TRUE');
    expect(await matched('maf', "owner_name = 'x'' OR 1=1 --'")).toBe(0);
    expect(await matched('maf', "owner_name = 'x''); DROP TABLE owner; --'")).toBe(0);
    const quotedName = await get(items('maf', '"legality\\" = 1 OR 1=1; --" = 1'));
    expect(quotedName.status).toBe(400);
    const semicolon = await get(items('maf', "legality = 'legal'; DELETE FROM registry_object"));
    expect(semicolon.status).toBe(400);
    expect(await sqlCount('pub_maf', 'TRUE')).toBe(before);
  });

  test('mistakes are 400s that name the position, never 500s', async () => {
    const cases: [string, string, RegExp][] = [
      ['maf', "legality = 'legal' AND (", /position 25/],
      ['maf', 'rnokpp = 1234567890', /position 1.*'rnokpp' is not a queryable/],
      ['maf', 'legality > 5', /position 12.*cannot compare/],
      ['maf', "permit_valid_until < 'next week'", /neither a date/],
      ['maf', 'S_INTERSECTS(geom, POINT(37.6 148.85))', /outside the range/],
      ['maf', 'S_INTERSECTS(address, POINT(37.6 48.85))', /not a geometry/],
      ['maf', 'SLEEP(5) = 0', /unknown function SLEEP/],
    ];
    for (const [collection, filter, reason] of cases) {
      const res = await get(items(collection, filter));
      const body = (await res.json()) as { detail: string; parameter: string };
      expect({ filter, status: res.status }).toEqual({ filter, status: 400 });
      expect(body.parameter).toBe('filter');
      expect(body.detail).toMatch(reason);
    }
    // a point PROJ cannot carry into the storage CRS is the client's error too
    const far = await get(items('maf', 'S_INTERSECTS(geom, POINT(1e30 1e30))', `&filter-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/6387')}`));
    expect(far.status).toBe(400);
  });

  test('next links keep the filter, so paging stays inside it', async () => {
    const filter = "legality IN ('legal', 'expiring')";
    const expected = await sqlCount('pub_maf', filter);
    let url: string | undefined = items('maf', filter, '&limit=50');
    let seen = 0;
    while (url) {
      const page: FeatureCollection = (await (await get(url)).json()) as FeatureCollection;
      expect(page.numberMatched).toBe(expected);
      seen += page.numberReturned;
      url = page.links.find((l) => l.rel === 'next')?.href;
      if (url) expect(new URL(url).searchParams.get('filter')).toBe(filter);
    }
    expect(seen).toBe(expected);
  });
});
