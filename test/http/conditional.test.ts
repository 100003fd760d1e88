/**
 * Conditional GET, one behaviour on every face: If-None-Match by RFC 9110's weak comparison, a
 * list, or "*", and a 304 even when the revalidation says Cache-Control: no-cache (as browsers
 * and Node's fetch do) — the OGC API, tiles through the fast path and through Express, TileJSON,
 * the map's catalog, the registry's JSON and a photo.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request, type IncomingHttpHeaders } from 'node:http';
import { ifNoneMatchHolds } from '../../server/http/conditional.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('If-None-Match', () => {
  test('matches by weak comparison: W/"x" and "x" are the same tag', () => {
    expect(ifNoneMatchHolds('W/"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchHolds('"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchHolds('W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHolds('"b"', '"a"')).toBe(false);
  });

  test('reads a list tag by tag, commas inside a tag included, and skips what is not a tag', () => {
    expect(ifNoneMatchHolds('W/"x", "y" ,W/"a"', 'W/"a"')).toBe(true);
    expect(ifNoneMatchHolds('"a,b"', '"a,b"')).toBe(true);
    expect(ifNoneMatchHolds('"a,b"', '"a"')).toBe(false);
    expect(ifNoneMatchHolds('a, , "a"', '"a"')).toBe(true);
    expect(ifNoneMatchHolds('a', '"a"')).toBe(false);
    expect(ifNoneMatchHolds(['"x"', '"a"'], '"a"')).toBe(true);
  });

  test('"*" matches any current representation; nothing sent matches nothing', () => {
    expect(ifNoneMatchHolds('*', 'W/"anything"')).toBe(true);
    expect(ifNoneMatchHolds(' * ', '"a"')).toBe(true);
    expect(ifNoneMatchHolds(undefined, '"a"')).toBe(false);
    expect(ifNoneMatchHolds('', '"a"')).toBe(false);
  });
});

/** A GET with exactly these headers. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; length: number }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let length = 0;
      res.on('data', (c: Buffer) => (length += c.length));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, length }));
    }).on('error', reject).end();
  });
}

describe.each(backends())('Revalidation on every face on %s', (kind) => {
  let server: TestServer;
  let photoPath: string;
  let mafId: number;

  beforeAll(async () => {
    server = await startTestServer(kind);
    const m = server.ctx.municipalities.get('slovyansk')!.id;
    // a photo of one object: the 1×1 PNG is enough for its URL and tag
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const { rows: [photo] } = await server.db.query<{ id: number }>(
      `INSERT INTO registry_photo (municipality_id, object_id, content_type, byte_size, sha256, bytes)
       SELECT $1, min(id), 'image/png', $2, $3, $4 FROM registry_object WHERE municipality_id = $1 RETURNING id`,
      [m, png.length, 'ab'.repeat(32), png],
    );
    photoPath = `/slovyansk/api/registry/photos/${photo.id}`;
    mafId = (await server.db.query<{ id: number }>('SELECT min(id) AS id FROM pub_maf WHERE municipality_id = $1', [m])).rows[0].id;
  }, 120_000);
  afterAll(() => server?.close());

  const faces = () => [
    '/slovyansk/ogc/collections/maf/items?limit=5',
    `/slovyansk/ogc/collections/maf/items/${mafId}`,
    '/slovyansk/ogc/collections',
    '/slovyansk/ogc/?f=html',
    '/slovyansk/tiles/maf/14/9903/5636.mvt', // through the fast path
    '/slovyansk/tiles/ma%66/14/9903/5636.mvt', // an encoded name, which the fast path leaves to Express
    '/slovyansk/tiles/maf.json',
    '/slovyansk/api/catalog',
    '/slovyansk/api/registry/objects?limit=5',
    photoPath,
  ];

  test('each answers 304 to its own tag, weak or strong, alone or in a list, and despite Cache-Control: no-cache', async () => {
    for (const path of faces()) {
      const first = await get(`${server.url}${path}`);
      const etag = first.headers.etag!;
      expect([path, first.status, etag]).toEqual([path, 200, expect.stringMatching(/^(W\/)?"[^"]+"$/)]);
      const bare = etag.replace(/^W\//, '');
      for (const sent of [etag, bare, `W/${bare}`, `W/"other", ${etag}`, '*']) {
        const again = await get(`${server.url}${path}`, { 'if-none-match': sent, 'cache-control': 'no-cache' });
        expect([path, sent, again.status, again.length, again.headers.etag]).toEqual([path, sent, 304, 0, etag]);
      }
      const other = await get(`${server.url}${path}`, { 'if-none-match': 'W/"someone-elses"' });
      expect([path, other.status]).toEqual([path, 200]);
    }
  });

  test('tiles may be kept by any cache but are asked for again each time', async () => {
    for (const path of ['/slovyansk/tiles/maf/14/9903/5636.mvt', '/slovyansk/tiles/ma%66/14/9903/5636.mvt']) {
      const res = await get(`${server.url}${path}`);
      expect([path, res.headers['cache-control']]).toEqual([path, 'public, no-cache']);
      const revalidated = await get(`${server.url}${path}`, { 'if-none-match': res.headers.etag! });
      expect([path, revalidated.headers['cache-control']]).toEqual([path, 'public, no-cache']);
    }
  });
});
