/**
 * Every dataset's file can be uploaded from the map with a preview, by the role that keeps it:
 * the registry by registry editors, the address register by admins; GeoJSON as well as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pointsInside } from './support.js';

const SLUG = 'slovyansk';

describe.each(backends())('uploading a dataset on %s', (kind) => {
  let server: TestServer;
  let admin: Session;
  let editor: Session;
  let points: [number, number][];

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = await signIn(server, SLUG, 'admin');
    editor = await signIn(server, SLUG, 'editor');
    points = await pointsInside(server.db, SLUG, 2);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const geojson = () => JSON.stringify({
    type: 'FeatureCollection',
    features: points.map((p, i) => ({ type: 'Feature', properties: { street: 'вулиця Завантажена', house_number: String(i + 1), postcode: '84100' }, geometry: { type: 'Point', coordinates: p } })),
  });
  const upload = (s: Session, query: string) => s.fetch(`/${SLUG}/api/places/addresses/import?fileName=houses.geojson&${query}`, {
    method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: geojson(),
  });

  it('an admin previews an address register in GeoJSON, then imports it; the addresses layer shows it', async () => {
    const m = (await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG])).rows[0].id;
    const before = await server.ctx.versions.get(m, 'addresses');
    const preview = await (await upload(admin, 'dryRun=true')).json();
    expect(preview).toMatchObject({ format: 'geojson', written: false, dryRun: true, rows: { total: 2, created: 2 } });
    const done = await (await upload(admin, 'dryRun=false')).json();
    expect(done).toMatchObject({ written: true, rows: { created: 2 } });
    expect(await server.ctx.versions.get(m, 'addresses')).toBeGreaterThan(before);
    const items = await (await fetch(`${server.url}/${SLUG}/ogc/collections/addresses/items?street_uk=${encodeURIComponent('вулиця Завантажена')}`)).json();
    expect(items.features.map((f: any) => f.properties.house_number).sort()).toEqual(['1', '2']);
  });

  it('a workbook (.xlsx, .ods, .xls) uploaded where a CSV belongs is refused with how to save it as CSV, and nothing is written', async () => {
    // real workbooks, written by GDAL from a department's CSV
    const dir = mkdtempSync(join(tmpdir(), 'pm-workbook-'));
    try {
      writeFileSync(join(dir, 'objects.csv'), `Обліковий номер,Тип,Довгота,Широта\nКНИГА-1,Кіоск,${points[0][0]},${points[0][1]}\n`);
      execFileSync('ogr2ogr', ['-f', 'XLSX', join(dir, 'objects.xlsx'), join(dir, 'objects.csv')]);
      execFileSync('ogr2ogr', ['-f', 'ODS', join(dir, 'objects.ods'), join(dir, 'objects.csv')]);
      const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
      const cases: [string, Buffer, string, RegExp, RegExp][] = [
        ['objects.xlsx', readFileSync(join(dir, 'objects.xlsx')), 'text/csv', /книга Excel \(\.xlsx\).*CSV UTF-8/, /Excel workbook \(\.xlsx\)/],
        ['objects.xlsx', readFileSync(join(dir, 'objects.xlsx')), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', /книга Excel \(\.xlsx\)/, /Save As/],
        ['objects.ods', readFileSync(join(dir, 'objects.ods')), 'application/vnd.oasis.opendocument.spreadsheet', /таблиця LibreOffice \(\.ods\).*Текст CSV/, /LibreOffice spreadsheet/],
        ['objects.xls', xls, 'application/vnd.ms-excel', /книга Excel \(\.xls\)/, /Excel workbook \(\.xls\)/],
      ];
      for (const [name, body, type, uk, en] of cases) {
        const res = await editor.fetch(`/${SLUG}/api/registry/import?fileName=${name}&dryRun=false`, { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) });
        expect(res.status).toBe(200);
        const report = await res.json();
        expect(report.written).toBe(false);
        expect(report.problems).toHaveLength(1);
        expect(report.problems[0]).toMatchObject({ line: null, code: 'workbook' });
        expect(report.problems[0].uk).toMatch(uk);
        expect(report.problems[0].en).toMatch(en);
      }
      const { rows } = await server.db.query('SELECT 1 FROM registry_object WHERE external_id = $1', ['КНИГА-1']);
      expect(rows).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a registry editor may not replace the address register', async () => {
    expect((await upload(editor, 'dryRun=true')).status).toBe(403);
  });
});
