/**
 * Every public parameter meets hostile values: no answer is a 5xx, and every refusal is an
 * RFC 9457 problem document. The values are the ones that broke something before (NUL, numbers a
 * double or numeric cannot hold, bidirectional overrides, broken UTF-8 and %-encoding, a
 * parameter given twice …); the parameters are read from the catalog, so a new queryable is
 * fuzzed without touching this file.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COLLECTIONS, isQueryable } from '../../server/catalog/collections.js';
import { ITEMS_PARAMETERS } from '../../server/ogc/params.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Already %-encoded query values (so broken encodings can be sent as they are). */
const e = encodeURIComponent;
const HOSTILE: string[] = [
  '%00', e('a\0b'), e('\u202Eabc'), e('\u2066x\u2069'), '%ED%A0%80' /* a UTF-16 surrogate in UTF-8 */, '%FF%FE', '%', '%E0%A4%A', '%25',
  '2147483648', '-2147483649', '9'.repeat(400), '1e400', '-1e400', '1e-20000', '-0', 'NaN', 'Infinity', '-Infinity',
  e('😀'), '', '%20', e("'"), e('"'), e('\\'), e("'\\'"), '(', ',', ',,,', '..', '/', e('0000-01-01'), e('2024-01-01T00:00:00+99:99'),
  e('x'.repeat(6000)), e('ж'.repeat(1000)), 'true', '0', '-1', '0.001', e('[]'), e('{}'), e('a[b]'),
];
/** Query strings of one parameter: each hostile value, and the parameter given twice. */
const queriesOf = (name: string) => [...HOSTILE.map((v) => `${e(name)}=${v}`), `${e(name)}=1&${e(name)}=2`, `${e(name)}`];

/** Runs requests a few at a time, collecting every answer that breaks the rule. */
async function sweep(server: TestServer, requests: { path: string; init?: RequestInit }[], concurrency = 4): Promise<string[]> {
  const broken: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const { path, init } = requests[next++];
      const res = await fetch(`${server.url}${path}`, init);
      const type = res.headers.get('content-type') ?? '';
      const text = await res.text();
      const shown = `${init?.method ?? 'GET'} ${path.slice(0, 160)}${init?.body ? ` ${String(init.body).slice(0, 80)}` : ''}`;
      if (res.status >= 500 && res.status !== 503) broken.push(`${res.status} ${shown}`);
      else if (res.status === 503 && !res.headers.get('retry-after')) broken.push(`503 without Retry-After ${shown}`);
      else if (res.status >= 400 && !/^application\/problem\+json/.test(type)) broken.push(`${res.status} ${type || 'no type'} ${shown}: ${text.slice(0, 80)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return broken;
}

describe.each(backends())('hostile parameters on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('OGC items: every parameter of every collection, and every queryable as a parameter', async () => {
    const requests = COLLECTIONS.flatMap((c) => {
      const names = [...ITEMS_PARAMETERS, 'sortby', 'properties', 'skipGeometry', 'id', ...c.properties.filter(isQueryable).map((p) => p.name)];
      return names.flatMap((name) => queriesOf(name).map((query) => ({ path: `/slovyansk/ogc/collections/${c.id}/items?${query}` })));
    });
    expect(requests.length).toBeGreaterThan(1000);
    expect(await sweep(server, requests)).toEqual([]);
  }, 600_000);

  it('OGC: collection and feature ids in the path', async () => {
    const ids = HOSTILE.filter((v) => v !== '' && v !== '/' && v !== '..');
    const requests = ids.flatMap((v) => [
      { path: `/slovyansk/ogc/collections/${v}` },
      { path: `/slovyansk/ogc/collections/maf/items/${v}` },
      { path: `/slovyansk/ogc/collections/${v}/queryables` },
      { path: `/${v}/ogc/collections` },
    ]);
    expect(await sweep(server, requests)).toEqual([]);
  }, 300_000);

  it('tiles: z, x, y and the collection list in the path, and TileJSON', async () => {
    const parts = HOSTILE.filter((v) => v !== '' && v !== '/' && v !== '..');
    const requests = parts.flatMap((v) => [
      { path: `/slovyansk/tiles/maf/${v}/9903/5636.mvt` },
      { path: `/slovyansk/tiles/maf/14/${v}/5636.mvt` },
      { path: `/slovyansk/tiles/maf/14/9903/${v}.mvt` },
      { path: `/slovyansk/tiles/${v}/14/9903/5636.mvt` },
      { path: `/slovyansk/tiles/maf,${v}/14/9903/5636.mvt` },
      { path: `/slovyansk/tiles/${v}.json` },
      { path: `/slovyansk/tiles/maf/14/9903/5636.mvt?${v}=${v}` },
    ]);
    expect(await sweep(server, requests)).toEqual([]);
  }, 300_000);

  it('the registry: /objects, /owners and /stats query parameters, and ids in the path', async () => {
    const names = ['category', 'type', 'legality', 'owner', 'district', 'q', 'limit', 'offset', 'sort', 'unknown'];
    const requests = [
      ...names.flatMap((name) => queriesOf(name).flatMap((query) => [
        { path: `/slovyansk/api/registry/objects?${query}` },
        { path: `/slovyansk/api/registry/stats?${query}` },
      ])),
      ...['q', 'limit', 'offset'].flatMap((name) => queriesOf(name).map((query) => ({ path: `/slovyansk/api/registry/owners?${query}` }))),
      ...HOSTILE.filter((v) => v !== '' && v !== '/' && v !== '..').flatMap((v) => [
        { path: `/slovyansk/api/registry/objects/${v}` },
        { path: `/slovyansk/api/registry/owners/${v}` },
      ]),
    ];
    expect(await sweep(server, requests)).toEqual([]);
  }, 300_000);

  it('the sign-in body: hostile logins, passwords and bodies', async () => {
    const strings = ['\0', 'a\0b', '\u202E', '\uD800', '%', 'x'.repeat(100_000), '😀', '', ' ', "'", '2147483648', 'NaN'];
    const values: unknown[] = [...strings, 2 ** 31, -0, 1e308, null, true, [], ['a', 'b'], {}, { $ne: 1 }];
    const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const path = '/slovyansk/api/auth/login';
    const requests = [
      ...values.map((v) => ({ path, init: json({ login: v, password: 'not-the-password' }) })),
      ...values.map((v) => ({ path, init: json({ login: 'editor', password: v }) })),
      ...['[]', 'null', '"x"', '1e400', '{"login":"a","login":"b"}', '{"__proto__":{"x":1},"login":"a","password":"bbbbbbbbbb"}', '{'.repeat(5000), '\uD800'].map((body) =>
        ({ path, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body } })),
      { path, init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'login=a' } },
      { path, init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' }, body: 'not deflate' } },
      { path, init: { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown' }, body: '{}' } },
      { path, init: { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-7' }, body: '{}' } },
    ];
    expect(await sweep(server, requests)).toEqual([]);
  }, 300_000);
});
