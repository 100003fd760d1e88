/**
 * The base map's datasets through the one importer: a council's topographic base — street centre
 * lines with names, building footprints with address and storeys — from GeoJSON or CSV with WKT,
 * in WGS 84 or UCS-2000 metres; bad rows named by line and column; the same file again changes
 * nothing; every import audited; the tiles of the collection change.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BUILDING_DATASET, BUILDING_FIELDS } from '../../data-import/basemap/buildings.js';
import { STREET_DATASET, STREET_FIELDS } from '../../data-import/basemap/streets.js';
import { normalizeHeader } from '../../data-import/kit/columns.js';
import type { ImportOptions } from '../../data-import/kit/dataset.js';
import { importDataset } from '../../data-import/kit/run.js';
import { createFacility } from '../../server/accessibility/core/facilities.js';
import { accessibilityWrite } from '../../server/accessibility/core/write.js';
import type { NewFacility } from '../../server/accessibility/schemas.js';
import type { Database } from '../../server/db/database.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';
import { csv, pointAwayFromBuildings, pointsInside, projected, utf8 } from '../import/support.js';

const SLUG = 'slovyansk';

describe('the base map datasets\' headers', () => {
  it('never name two fields the same once normalised', () => {
    for (const fields of [STREET_FIELDS, BUILDING_FIELDS] as Record<string, readonly string[]>[]) {
      const owner = new Map<string, string>();
      const clashes = Object.entries(fields).flatMap(([field, names]) => names.flatMap((n) => {
        const other = owner.get(normalizeHeader(n));
        owner.set(normalizeHeader(n), field);
        return other && other !== field ? [`«${n}»: ${other} / ${field}`] : [];
      }));
      expect(clashes).toEqual([]);
    }
  });
});

describe.each(backends())('the base map through the one importer on %s', (kind) => {
  let db: Database;
  let points: [number, number][];
  const streets = (options: Partial<ImportOptions> & Pick<ImportOptions, 'input'>) =>
    importDataset(db, STREET_DATASET, { municipalitySlug: SLUG, fileName: 'streets.geojson', ...options });
  const buildings = (options: Partial<ImportOptions> & Pick<ImportOptions, 'input'>) =>
    importDataset(db, BUILDING_DATASET, { municipalitySlug: SLUG, fileName: 'buildings.csv', ...options });
  const version = async (collection: string) => Number((await db.query<{ version: string }>(
    `SELECT v.version FROM collection_version v JOIN municipality m ON m.id = v.municipality_id WHERE m.slug = $1 AND v.collection = $2`, [SLUG, collection])).rows[0]?.version ?? 1);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    points = await pointsInside(db, SLUG, 12);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** A small square footprint (≈ 8 × 8 m) around a point, counter-clockwise. */
  const square = ([lon, lat]: [number, number], d = 0.00005): number[][][] =>
    [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]];

  it('reads streets from GeoJSON: rows of one name are one street, its pieces joined; again, nothing changes', async () => {
    const before = await version('streets');
    const input = utf8(JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'вулиця Тестова', name_en: 'vulytsia Testova' }, geometry: { type: 'LineString', coordinates: [points[0], points[1]] } },
        { type: 'Feature', properties: { name: 'вулиця  Тестова' }, geometry: { type: 'LineString', coordinates: [points[2], points[3]] } },
        { type: 'Feature', properties: { name: 'провулок Кутовий' }, geometry: { type: 'MultiLineString', coordinates: [[points[4], points[5]], [points[5], points[6]]] } },
      ],
    }));
    const report = await streets({ input });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ written: true, crs: 'EPSG:4326', format: 'geojson', rows: { total: 3, created: 2 } });
    const { rows } = await db.query<{ name_uk: string; name_en: string | null; parts: number; type: string }>(
      `SELECT s.name_uk, s.name_en, ST_NumGeometries(s.geom) AS parts, GeometryType(s.geom) AS type FROM pub_streets s JOIN municipality m ON m.id = s.municipality_id
       WHERE m.slug = $1 AND s.name_uk IN ('вулиця Тестова', 'провулок Кутовий') ORDER BY s.name_uk`, [SLUG]);
    expect(rows).toEqual([
      { name_uk: 'вулиця Тестова', name_en: 'vulytsia Testova', parts: 2, type: 'MULTILINESTRING' },
      { name_uk: 'провулок Кутовий', name_en: null, parts: 2, type: 'MULTILINESTRING' },
    ]);
    expect(await version('streets')).toBeGreaterThan(before);
    const again = await streets({ input });
    expect(again.rows).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const { rows: audit } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'street' AND action = 'import' AND entity_id = 'import:streets.geojson'`);
    expect(audit[0].n).toBe(2);
  });

  it('reads buildings from CSV with WKT in UCS-2000 metres (EPSG:6387), landing where the points are', async () => {
    const inMetres = async (at: [number, number]) => {
      const metres = await Promise.all(square(at)[0].map((p) => projected(db, p as [number, number], 6387)));
      return `POLYGON((${metres.map(([x, y]) => `${x.toFixed(3)} ${y.toFixed(3)}`).join(', ')}))`;
    };
    const wkt = await inMetres(points[7]);
    const shed = await inMetres(points[8]);
    const report = await buildings({
      crs: 'EPSG:6387',
      input: utf8(csv([
        ['Вулиця', 'Номер будинку', 'Поверхів', 'WKT'],
        ['вулиця Тестова', '7-А', 5, wkt],
        ['', '', 1, shed],
      ])),
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ written: true, crs: 'EPSG:6387', rows: { total: 2, created: 2 } });
    const { rows } = await db.query<{ address: string | null; levels: number; lon: number; lat: number; type: string }>(
      `SELECT address, levels, ST_X(ST_Centroid(b.geom)) AS lon, ST_Y(ST_Centroid(b.geom)) AS lat, GeometryType(b.geom) AS type
       FROM pub_buildings b JOIN municipality m ON m.id = b.municipality_id WHERE m.slug = $1 AND b.id IN (SELECT max(id) - 1 FROM building UNION SELECT max(id) FROM building) ORDER BY b.id`, [SLUG]);
    expect(rows.map((r) => [r.address, r.levels, r.type])).toEqual([['вулиця Тестова, 7-А', 5, 'MULTIPOLYGON'], [null, 1, 'MULTIPOLYGON']]);
    // within a centimetre of where the footprint was drawn
    expect(Math.abs(rows[0].lon - points[7][0])).toBeLessThan(1e-7);
    expect(Math.abs(rows[0].lat - points[7][1])).toBeLessThan(1e-7);
    // the same file again: the addressed building by its address, the shed by its footprint
    const again = await buildings({
      crs: 'EPSG:6387',
      input: utf8(csv([
        ['Вулиця', 'Номер будинку', 'Поверхів', 'WKT'],
        ['вулиця  ТЕСТОВА', '7-А', 9, wkt],
        ['', '', 1, shed],
      ])),
    });
    expect(again.rows).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const { rows: [updated] } = await db.query<{ street_uk: string; levels: number; row_version: number }>(`SELECT street_uk, levels, row_version FROM building WHERE house_number = '7-А' AND levels > 1 ORDER BY id DESC LIMIT 1`);
    expect(updated).toEqual({ street_uk: 'вулиця ТЕСТОВА', levels: 9, row_version: 2 });
  });

  it('ties a facility surveyed before its footprint arrived to the building imported around it', async () => {
    const { rows: [m] } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG]);
    const open = await pointAwayFromBuildings(db, m.id);
    const actor = { municipalityId: m.id, userId: null };
    const facility = await accessibilityWrite({ db }, actor, (tx, written) =>
      createFacility(tx, written, actor, { name: 'Аптека в новобудові', category: 'pharmacy', geometry: { type: 'Point', coordinates: [open.lon, open.lat] } } as NewFacility));
    const buildingOf = async () => (await db.query<{ building_id: number | null }>('SELECT building_id FROM facility WHERE id = $1', [facility.id])).rows[0].building_id;
    expect(await buildingOf()).toBeNull();
    const versionBefore = await version('facilities');
    const polygon = `POLYGON((${square([open.lon, open.lat], 0.00003)[0].map(([x, y]) => `${x} ${y}`).join(', ')}))`;
    const dry = await buildings({ crs: 'EPSG:4326', dryRun: true, input: utf8(csv([['Вулиця', 'Номер будинку', 'WKT'], ['вулиця Тестова', '21', polygon]])) });
    expect(dry.problems).toEqual([]);
    expect(await buildingOf()).toBeNull(); // a dry run links nothing
    const report = await buildings({ crs: 'EPSG:4326', input: utf8(csv([['Вулиця', 'Номер будинку', 'WKT'], ['вулиця Тестова', '21', polygon]])) });
    expect(report).toMatchObject({ written: true, rows: { created: 1 } });
    const { rows: [b] } = await db.query<{ id: number }>(`SELECT id FROM building WHERE municipality_id = $1 AND house_number = '21' AND street_uk = 'вулиця Тестова'`, [m.id]);
    expect(await buildingOf()).toBe(b.id);
    expect(await version('facilities')).toBeGreaterThan(versionBefore); // its tiles and card follow

    // the footprint corrected to 80 m away (the same address: the same building, updated) leaves
    // the facility in no building: it is one the written footprint concerns though far from it now
    const moved = `POLYGON((${square([open.lon + 0.0011, open.lat], 0.00003)[0].map(([x, y]) => `${x} ${y}`).join(', ')}))`;
    const correction = await buildings({ crs: 'EPSG:4326', input: utf8(csv([['Вулиця', 'Номер будинку', 'WKT'], ['вулиця Тестова', '21', moved]])) });
    expect(correction).toMatchObject({ written: true, rows: { updated: 1 } });
    expect(await buildingOf()).toBeNull();
  });

  it('refuses bad rows by line and column, and writes nothing', async () => {
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM building')).rows[0].n;
    const before = await count();
    const polygon = (p: [number, number]) => `POLYGON((${square(p)[0].map(([x, y]) => `${x} ${y}`).join(', ')}))`;
    const report = await buildings({
      crs: 'EPSG:4326',
      input: utf8(csv([
        ['Вулиця', 'Номер будинку', 'Поверхів', 'WKT'],
        ['вулиця Тестова', '9', 3, polygon(points[9])],
        ['вулиця Тестова', '', 2, polygon(points[10])],
        ['вулиця Тестова', '11', 'два', polygon(points[11])],
        ['вулиця Тестова', '13', 1, `POINT(${points[11][0]} ${points[11][1]})`],
        ['вулиця Тестова', '15', 1, polygon([points[0][0] + 3, points[0][1]])],
      ])),
    });
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => [p.line, p.field, p.code])).toEqual([
      [3, 'Номер будинку', 'required'],
      [4, 'Поверхів', 'bad_levels'],
      [5, 'WKT', 'not_an_outline'],
      [6, null, 'outside'],
    ]);
    expect(await count()).toBe(before);
    // a street is a line: a point is named, with its column
    const bad = await streets({ input: utf8(csv([['Назва', 'WKT'], ['вулиця Точкова', `POINT(${points[0][0]} ${points[0][1]})`]])), crs: 'EPSG:4326', fileName: 'streets.csv' });
    expect(bad.problems.map((p) => [p.line, p.field, p.code])).toEqual([[2, 'WKT', 'not_a_line']]);
  });

  it('keeps lines out of datasets that do not take them (the registry reads WKT as before)', async () => {
    const { importRegistry } = await import('../../data-import/registry/import.js');
    const report = await importRegistry(db, {
      municipalitySlug: SLUG, fileName: 'objects.csv', crs: 'EPSG:4326', dryRun: true,
      input: utf8(csv([['Обліковий номер', 'Тип', 'Адреса', 'WKT'], ['ЛІН-1', 'Кіоск', 'вулиця Тестова, 1', `LINESTRING(${points[0].join(' ')}, ${points[1].join(' ')})`]])),
    });
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([[2, 'bad_wkt']]);
  });
});
