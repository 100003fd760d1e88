/**
 * Odd input is the client's mistake, not the server's: each case below was a 500 with an
 * error-level log line, and is now a 400 (415 for a body encoding we do not speak)
 * problem+json that names the parameter or field.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { importRegistry } from '../../data-import/registry/import.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';

const ITEMS = '/slovyansk/ogc/collections/maf/items';
const COMMENTS = '/slovyansk/ogc/collections/comments/items';
const q = encodeURIComponent;

async function expectProblem(res: Response, status: number, naming: Record<string, unknown>): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect({ status: res.status, text }).toMatchObject({ status });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status, ...naming });
  expect(body.detail).toMatch(/ \/ |\. [A-Z]/); // Ukrainian, then English
  return body;
}

describe.each(backends())('odd input on %s', (kind) => {
  let server: TestServer;
  let editor: Session;
  beforeAll(async () => {
    server = await startTestServer(kind);
    editor = await signIn(server, 'slovyansk', 'editor');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });
  const get = (path: string) => fetch(`${server.url}${path}`);
  const kiosk = (extra: Record<string, unknown>) =>
    editor.fetch('/slovyansk/api/registry/objects', {
      method: 'POST', body: JSON.stringify({ type_code: 'kiosk', geometry: { type: 'Point', coordinates: [37.6, 48.85] }, ...extra }),
    });

  describe('in a CQL2 filter', () => {
    it.each([
      ['a number too small to tell from 0', 'width_m > 1e-20000'],
      ['a number beyond a double', 'width_m > 1e400'],
      ['an exponent past numeric', 'width_m > 0e-2000'],
      ['a coordinate too small', 'S_INTERSECTS(geom, POINT(1e-20000 48))'],
      ['a LIKE pattern ending in the escape character', "address LIKE '\\'"],
      ['a LIKE pattern ending in an escaped backslash and a lone one', "address LIKE CASEI('a\\\\\\')"],
      ['a timestamp with a zone offset +99:99', "updated_at > TIMESTAMP('2024-01-01T00:00:00+99:99')"],
      ['the date 0000-01-01', "installed_on > DATE('0000-01-01')"],
    ])('%s is a 400 naming the filter', async (_what, filter) => {
      await expectProblem(await get(`${ITEMS}?filter=${q(filter)}`), 400, { parameter: 'filter' });
    });

    it('a LIKE pattern whose backslash is escaped still works', async () => {
      expect((await get(`${ITEMS}?filter=${q("address LIKE '%\\\\'")}`)).status).toBe(200);
    });

    it('a NUL byte is a 400 naming the filter', async () => {
      await expectProblem(await get(`${ITEMS}?filter=${q("address = 'a\0'")}`), 400, { parameter: 'filter' });
    });
  });

  describe('in datetime', () => {
    it.each(['2024-01-01T00:00:00+99:99', '2024-01-01T00:00:00-16:00', '0000-01-01', '0000-01-02T00:00:00Z/..'])('%s is a 400 naming datetime', async (value) => {
      await expectProblem(await get(`${COMMENTS}?datetime=${q(value)}`), 400, { parameter: 'datetime' });
    });

    it('0000-01-01T00:00:00Z as an interval start is an open start (QGIS 3.22 writes one so), not a 500', async () => {
      const open = await get(`${COMMENTS}?datetime=${q('0000-01-01T00:00:00Z/..')}`);
      expect(open.status).toBe(200);
      const all = await get(`${COMMENTS}?datetime=${q('../..')}`);
      expect(((await open.json()) as { numberMatched: number }).numberMatched).toBe(((await all.json()) as { numberMatched: number }).numberMatched);
    });

    it('offsets within the world’s zones still work', async () => {
      expect((await get(`${COMMENTS}?datetime=${q('2024-01-01T00:00:00+14:00/..')}`)).status).toBe(200);
    });
  });

  describe('in query parameters', () => {
    it('a NUL byte in the registry search q is a 400 naming q', async () => {
      await expectProblem(await get('/slovyansk/api/registry/objects?q=a%00b'), 400, { parameter: 'q' });
    });

    it('a bidirectional override in any query parameter is a 400 naming it', async () => {
      await expectProblem(await get(`${ITEMS}?legality=${q('legal\u202E')}`), 400, { parameter: 'legality' });
    });

    it('ids of 2^31 and more in paths and queries are 400s naming them (or a plain 404 for a feature)', async () => {
      await expectProblem(await get('/slovyansk/api/registry/objects/2147483648'), 400, { field: 'id' });
      await expectProblem(await get('/slovyansk/api/registry/owners/99999999999'), 400, { field: 'id' });
      await expectProblem(await get('/slovyansk/api/registry/objects?owner=2147483648'), 400, { field: 'owner' });
      expect((await get(`${ITEMS}/2147483648`)).status).toBe(404);
    });
  });

  describe('in the path and the body', () => {
    it('a bad percent-encoding in the path is a 400 naming the path', async () => {
      await expectProblem(await get('/slovyansk/ogc/collections/%E0%A4%A'), 400, { parameter: 'path' });
      await expectProblem(await get('/slovyansk/tiles/%E0%A4%A/14/9903/5636.mvt'), 400, { parameter: 'path' });
    });

    const login = (headers: Record<string, string>, body: BodyInit) =>
      fetch(`${server.url}/slovyansk/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('an unknown Content-Encoding or charset of a JSON body is a 415 naming the header', async () => {
      await expectProblem(await login({ 'content-encoding': 'br2' }, '{}'), 415, { parameter: 'Content-Encoding' });
      await expectProblem(await login({ 'content-type': 'application/json; charset=koi8-r' }, '{}'), 415, { parameter: 'Content-Type' });
    });

    it('a body that is not the gzip it claims is a 400 naming Content-Encoding; real gzip works', async () => {
      await expectProblem(await login({ 'content-encoding': 'gzip' }, '{"login":"x"}'), 400, { parameter: 'Content-Encoding' });
      const real = await login({ 'content-encoding': 'gzip' }, new Uint8Array(gzipSync('{"login":"nobody","password":"not-the-password"}')));
      expect(real.status).toBe(401);
    });

    it('a NUL byte in a login name is a 400 naming login', async () => {
      await expectProblem(await login({}, JSON.stringify({ login: 'edi\0tor', password: 'whatever-it-is' })), 400, { field: 'login' });
    });

    it('a NUL byte, a lone surrogate or a bidirectional override in an editor text field is a 400 naming it', async () => {
      await expectProblem(await kiosk({ description: 'a\0b' }), 400, { field: 'description' });
      await expectProblem(await kiosk({ address: 'вул. Шевченка, 1\uD800' }), 400, { field: 'address' });
      const owner = await editor.fetch('/slovyansk/api/registry/owners', { method: 'POST', body: JSON.stringify({ kind: 'legal_entity', name: 'ТОВ \u202Eмуц\u202C' }) });
      await expectProblem(owner, 400, { field: 'name' });
    });

    it('width_m 0.001 (0 in numeric(6,2)) and more decimals than the column keeps are 400s naming the field', async () => {
      await expectProblem(await kiosk({ width_m: 0.001 }), 400, { field: 'width_m' });
      await expectProblem(await kiosk({ height_m: 2.345 }), 400, { field: 'height_m' });
      await expectProblem(await kiosk({ area_m2: 0.004 }), 400, { field: 'area_m2' });
      expect((await kiosk({ width_m: 0.01, height_m: 2.35 })).status).toBe(201);
    });

    it('the date 0000-01-01 is a 400 naming the field', async () => {
      await expectProblem(await kiosk({ installed_on: '0000-01-01' }), 400, { field: 'installed_on' });
    });

    it('ids of 2^31 and more in a body are 400s naming the field', async () => {
      await expectProblem(await kiosk({ owner_id: 2147483648 }), 400, { field: 'owner_id' });
      const { rows } = await server.db.query<{ id: number }>("SELECT min(o.id) AS id FROM registry_object o JOIN municipality m ON m.id = o.municipality_id WHERE m.slug = 'slovyansk'");
      const patch = await editor.fetch(`/slovyansk/api/registry/objects/${rows[0].id}`, { method: 'PATCH', body: JSON.stringify({ row_version: 2 ** 31, address: 'вул. Миру, 1' }) });
      await expectProblem(patch, 400, { field: 'row_version' });
    });
  });

  describe('in a spreadsheet', () => {
    const HEADER = 'Обліковий номер;Тип;Адреса;Довгота;Широта';
    const upload = (body: string) =>
      editor.fetch('/slovyansk/api/registry/import?dryRun=true', { method: 'POST', body: new TextEncoder().encode(body), headers: { 'content-type': 'text/csv' } });

    it('a NUL byte in a cell is a problem of its row and column, not a 500', async () => {
      const res = await upload(`${HEADER}\nA-1;Кіоск;вул. Миру, 1;37.61;48.85\nA-2;Кіоск;вул. Ми\0ру, 2;37.61;48.85\n`);
      expect(res.status).toBe(200);
      const report = await res.json();
      expect(report.written).toBeFalsy();
      expect(report.problems).toEqual([expect.objectContaining({ line: 3, uk: expect.stringContaining('«Адреса»'), en: expect.stringContaining('NUL') })]);
    });

    it('a bidirectional override in a cell is refused with its line and column', async () => {
      const report = await importRegistry(server.db, {
        municipalitySlug: 'slovyansk', fileName: 'bidi.csv', dryRun: true,
        input: new TextEncoder().encode(`${HEADER}\nA-1;Кіоск;вул. \u202EМиру, 1;37.61;48.85\n`),
      });
      expect(report.problems).toEqual([expect.objectContaining({ line: 2, en: expect.stringMatching(/"Адреса".*U\+202E/) })]);
    });
  });
});
