/**
 * The one importer reads every dataset the same way: CSV or GeoJSON, in any supported CRS and
 * axis order, every bad row named, all or nothing. Shown with the registry read from GeoJSON and
 * with the second dataset, the hromada's address points.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDRESS_DATASET, ADDRESS_FIELDS } from '../../data-import/addresses/dataset.js';
import { normalizeHeader } from '../../data-import/kit/columns.js';
import { FIELDS } from '../../data-import/registry/columns.js';
import type { ImportOptions } from '../../data-import/kit/dataset.js';
import { REASON_HEADER, rejectedRowsFile } from '../../data-import/kit/rejected.js';
import { formatProblem } from '../../data-import/kit/report.js';
import { importDataset } from '../../data-import/kit/run.js';
import { importRegistry } from '../../data-import/registry/import.js';
import type { Database } from '../../server/db/database.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';
import { comma, csv, pointsInside, projected, utf8 } from './support.js';

const SLUG = 'slovyansk';

describe('the datasets\' headers', () => {
  it('never name two fields the same once normalised (a later spelling would silently take the column)', () => {
    for (const fields of [FIELDS, ADDRESS_FIELDS] as Record<string, readonly string[]>[]) {
      const owner = new Map<string, string>();
      const clashes = Object.entries(fields).flatMap(([field, names]) => names.flatMap((n) => {
        const key = normalizeHeader(n);
        const other = owner.get(key);
        owner.set(key, field);
        return other && other !== field ? [`«${n}»: ${other} / ${field}`] : [];
      }));
      expect(clashes).toEqual([]);
    }
  });
});

describe.each(backends())('every dataset through the one importer on %s', (kind) => {
  let db: Database;
  let points: [number, number][];
  const addresses = (options: Partial<ImportOptions> & Pick<ImportOptions, 'input'>) =>
    importDataset(db, ADDRESS_DATASET, { municipalitySlug: SLUG, fileName: 'addresses.csv', ...options });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    points = await pointsInside(db, SLUG, 12);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const feature = (properties: Record<string, unknown>, coordinates: number[]) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates } });
  const collection = (features: unknown[], crs?: string) =>
    utf8(JSON.stringify({ type: 'FeatureCollection', ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}), features }));
  const located = async (externalId: string) => (await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM registry_object WHERE external_id = $1', [externalId])).rows[0];

  it('reads the registry from GeoJSON (RFC 7946 longitude/latitude), its properties as the columns', async () => {
    const report = await importRegistry(db, {
      municipalitySlug: SLUG, fileName: 'objects.geojson',
      input: collection([
        feature({ external_id: 'ГЕОДЖ-1', type: 'Кіоск', address: 'вулиця Джейсонова, 1', width_m: 2.5, lighting: true }, points[0]),
        feature({ external_id: 'ГЕОДЖ-2', type: 'billboard', address: 'вулиця Джейсонова, 2', sides: 2 }, points[1]),
      ]),
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ format: 'geojson', written: true, crs: 'EPSG:4326', rows: { total: 2, created: 2 } });
    const { rows } = await db.query('SELECT type_code, width_m, lighting, sides FROM registry_object WHERE external_id LIKE $1 ORDER BY external_id', ['ГЕОДЖ-%']);
    expect(rows).toEqual([
      { type_code: 'kiosk', width_m: 2.5, lighting: true, sides: null },
      { type_code: 'billboard', width_m: null, lighting: null, sides: 2 },
    ]);
    expect(await located('ГЕОДЖ-1')).toEqual({ lon: points[0][0], lat: points[0][1] });
  });

  it('honours a GeoJSON file\'s own CRS, by URN or code, its positions easting first as GeoJSON writes them', async () => {
    const [easting, northing] = await projected(db, points[2], 6387);
    const [e2, n2] = await projected(db, points[3], 6387);
    // GeoJSON positions are x, y even under a URN whose authority puts the northing first (GDAL writes them so)
    const byUrn = await importRegistry(db, { municipalitySlug: SLUG, fileName: 'urn.geojson', input: collection([feature({ external_id: 'URN-1', type: 'Кіоск' }, [easting, northing])], 'urn:ogc:def:crs:EPSG::6387') });
    const byCode = await importRegistry(db, { municipalitySlug: SLUG, fileName: 'code.geojson', input: collection([feature({ external_id: 'CODE-1', type: 'Кіоск' }, [e2, n2])], 'EPSG:6387') });
    expect([byUrn.problems, byCode.problems]).toEqual([[], []]);
    expect([byUrn.crs, byCode.crs]).toEqual(['EPSG:6387', 'EPSG:6387']);
    const [a, b] = [await located('URN-1'), await located('CODE-1')];
    expect(a.lon).toBeCloseTo(points[2][0], 6);
    expect(a.lat).toBeCloseTo(points[2][1], 6);
    expect(b.lon).toBeCloseTo(points[3][0], 6);
    expect(b.lat).toBeCloseTo(points[3][1], 6);
    // a file that says one CRS while the user says another is refused before anything is read
    await expect(importRegistry(db, { municipalitySlug: SLUG, fileName: 'clash.geojson', crs: 'EPSG:6386', input: collection([feature({ external_id: 'X-1', type: 'Кіоск' }, [e2, n2])], 'EPSG:6387') }))
      .rejects.toThrow(/EPSG:6387.*EPSG:6386/);
  });

  // GDAL is the judge of what a GeoJSON in UCS-2000 looks like in the wild (skipped only where it is not installed and not required)
  const gdal = existsSync('/usr/bin/ogr2ogr') || process.env.REQUIRE_E2E === '1' ? it : it.skip;
  gdal('reads the GeoJSON ogr2ogr writes of UCS-2000 data (the legacy crs member, positions easting first)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-ogr-'));
    try {
      const rows: (string | number)[][] = [];
      for (const [i, p] of points.slice(8, 10).entries()) {
        const [x, y] = await projected(db, p, 6387);
        rows.push([`вулиця Гдалівська`, `${i + 1}`, x.toFixed(2), y.toFixed(2)]);
      }
      writeFileSync(join(dir, 'houses.csv'), csv([['street', 'house_number', 'x', 'y'], ...rows]));
      execFileSync('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-a_srs', 'EPSG:6387', '-oo', 'X_POSSIBLE_NAMES=x', '-oo', 'Y_POSSIBLE_NAMES=y',
        join(dir, 'houses.geojson'), join(dir, 'houses.csv')]);
      const input = readFileSync(join(dir, 'houses.geojson'));
      expect(JSON.parse(input.toString('utf8')).crs.properties.name).toMatch(/EPSG.*6387/);
      const report = await addresses({ input, fileName: 'houses.geojson' });
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ crs: 'EPSG:6387', written: true, rows: { created: 2 } });
      const { rows: stored } = await db.query<{ lon: number; lat: number }>(
        "SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point WHERE street_uk = 'вулиця Гдалівська' ORDER BY house_number");
      stored.forEach((r, i) => {
        expect(r.lon).toBeCloseTo(points[8 + i][0], 5);
        expect(r.lat).toBeCloseTo(points[8 + i][1], 5);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports address points from a department\'s CSV in UCS-2000; the same file again changes nothing; a changed postcode updates in place', async () => {
    const rows: (string | number)[][] = [];
    for (const [i, p] of points.slice(4, 8).entries()) {
      const [x, y] = await projected(db, p, 6387);
      rows.push([`вулиця Імпортна`, `${i + 1}${i === 3 ? '-А' : ''}`, '84100', comma(x), comma(y)]);
    }
    const file = (postcode: string) => utf8(csv([['Вулиця', 'Номер будинку', 'Індекс', 'X', 'Y'], ...rows.map((r, i) => (i === 0 ? [r[0], r[1], postcode, r[3], r[4]] : r))], ';'));
    const first = await addresses({ input: file('84100'), crs: 'EPSG:6387' });
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ written: true, rows: { total: 4, created: 4, updated: 0, unchanged: 0 } });
    const again = await addresses({ input: file('84100'), crs: 'EPSG:6387' });
    expect(again.rows).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    const changed = await addresses({ input: file('84122'), crs: 'EPSG:6387' });
    expect(changed.rows).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const { rows: stored } = await db.query<{ house_number: string; postcode: string }>(
      "SELECT house_number, postcode FROM pub_addresses WHERE street_uk = 'вулиця Імпортна' ORDER BY house_number");
    expect(stored).toEqual([{ house_number: '1', postcode: '84122' }, { house_number: '2', postcode: '84100' }, { house_number: '3', postcode: '84100' }, { house_number: '4-А', postcode: '84100' }]);
  });

  it('names every bad address row and writes none of the file; skipping them writes the rest, and a GeoJSON\'s rejected features come back as GeoJSON', async () => {
    const input = collection([
      feature({ street: 'вулиця Перевірна', house_number: '1' }, points[8]),
      feature({ street: 'вулиця Перевірна', house_number: 'без номера' }, points[9]),
      feature({ street: 'вулиця Перевірна', house_number: '3', postcode: '841' }, points[10]),
      feature({ street: 'вулиця Перевірна', house_number: '4' }, [30.52, 50.45]), // Kyiv
      feature({ street: 'вулиця Перевірна', house_number: '1' }, points[11]),
    ]);
    const strict = await addresses({ input, fileName: 'check.geojson' });
    expect(strict.written).toBe(false);
    expect(strict.problems.map((p) => [p.line, p.code])).toEqual([[2, 'bad_house_number'], [3, 'bad_postcode'], [4, 'outside'], [5, 'duplicate']]);
    expect(formatProblem(strict.problems[0], strict.format)).toMatch(/^об’єкт 2, поле «house_number», значення "без номера"/);
    expect((await db.query("SELECT count(*)::int AS n FROM address_point WHERE street_uk = 'вулиця Перевірна'")).rows[0].n).toBe(0);

    const lenient = await addresses({ input, fileName: 'check.geojson', skipInvalid: true });
    expect(lenient).toMatchObject({ written: true, rows: { created: 1, rejected: 4 } });
    const rejected = JSON.parse((await rejectedRowsFile(input, lenient))!.toString('utf8'));
    expect(rejected.type).toBe('FeatureCollection');
    expect(rejected.features.map((f: any) => f.properties.house_number)).toEqual(['без номера', '3', '4', '1']);
    expect(rejected.features[0].properties[REASON_HEADER]).toMatch(/номер будинку/);
  });
});
