/**
 * Importing an election's district boundaries: a sound map goes in (GeoJSON, or CSV with WKT in
 * Web Mercator), an invalid polygon is repaired with PostGIS's reason as a warning, and a map with
 * districts overlapping, a gap inside the hromada or a district outside it is refused whole, each
 * problem naming the line, the district and where it is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DISTRICT_DATASET } from '../../data-import/districts/dataset.js';
import { importDataset } from '../../data-import/kit/run.js';
import type { Database } from '../../server/db/database.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';
import { csv, utf8 } from '../import/support.js';

const SLUG = 'slovyansk';

interface District { number: number; name_uk: string; geometry: string }

describe.each(backends())('district boundary import on %s', (kind) => {
  let db: Database;
  let districts: District[];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ({ rows: districts } = await db.query<District>(
      `SELECT d.number, d.name_uk, ST_AsGeoJSON(d.geom, 9) AS geometry FROM electoral_district d
       JOIN election e ON e.id = d.election_id AND e.is_current JOIN municipality m ON m.id = d.municipality_id
       WHERE m.slug = $1 ORDER BY d.number`, [SLUG]));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const geojson = (features: District[]) => utf8(JSON.stringify({
    type: 'FeatureCollection',
    features: features.map((d) => ({ type: 'Feature', properties: { number: d.number, name: d.name_uk }, geometry: JSON.parse(d.geometry) })),
  }));
  const run = (input: Buffer, extra: { crs?: string; dryRun?: boolean } = {}) =>
    importDataset(db, DISTRICT_DATASET, { municipalitySlug: SLUG, input, fileName: 'districts.geojson', dryRun: true, ...extra });
  /** A district's geometry changed by SQL over its own (g) and another's (h) geometry, as GeoJSON. */
  async function changed(sql: string, number: number, other = number): Promise<District[]> {
    const g = districts.find((d) => d.number === number)!.geometry;
    const h = districts.find((d) => d.number === other)!.geometry;
    const { rows } = await db.query<{ geometry: string }>(
      `SELECT ST_AsGeoJSON(${sql}, 9) AS geometry FROM (SELECT ST_GeomFromGeoJSON($1) AS g, ST_GeomFromGeoJSON($2) AS h) x`, [g, h]);
    return districts.map((d) => (d.number === number ? { ...d, geometry: rows[0].geometry } : d));
  }
  /** Two districts that share an edge. */
  async function neighbours(): Promise<[number, number]> {
    const { rows } = await db.query<{ a: number; b: number }>(
      `SELECT a.number AS a, b.number AS b FROM electoral_district a JOIN electoral_district b
         ON a.election_id = b.election_id AND a.number < b.number AND ST_Length(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)) > 0.005
       JOIN election e ON e.id = a.election_id AND e.is_current JOIN municipality m ON m.id = a.municipality_id AND m.slug = $1
       ORDER BY a.number, b.number LIMIT 1`, [SLUG]);
    return [rows[0].a, rows[0].b];
  }

  it('accepts the map as it stands, from GeoJSON and from CSV with WKT in EPSG:3857', async () => {
    const report = await run(geojson(districts));
    expect(report.problems).toEqual([]);
    expect(report.rows).toMatchObject({ total: districts.length, rejected: 0 });

    const { rows } = await db.query<{ number: number; wkt: string }>(
      `SELECT number, ST_AsText(ST_Transform(ST_GeomFromGeoJSON(g), 3857)) AS wkt FROM unnest($1::integer[], $2::text[]) AS u(number, g)`,
      [districts.map((d) => d.number), districts.map((d) => d.geometry)]);
    const file = csv([['Номер округу', 'Назва', 'WKT'], ...rows.map((r) => [r.number, `Округ ${r.number}`, r.wkt])], ';');
    const mercator = await run(utf8(file), { crs: 'EPSG:3857' });
    expect(mercator.problems).toEqual([]);
  }, 120_000);

  it('refuses overlapping districts, naming both, the line and where', async () => {
    const [a, b] = await neighbours();
    // district a grows 150 m into b along their shared edge
    const features = await changed(
      `ST_Union(g, ST_Intersection(h, ST_Transform(ST_Buffer(ST_Transform(ST_PointOnSurface(ST_Intersection(g, h)), 6387), 150), 4326)))`, a, b);
    const report = await run(geojson(features));
    expect(report.written).toBe(false);
    const overlap = report.problems.filter((p) => p.code === 'overlap');
    expect(overlap).toHaveLength(1);
    expect(overlap[0].line).toBe(districts.findIndex((d) => d.number === b) + 1);
    expect(overlap[0].uk).toMatch(new RegExp(`округ № ${b} накладається на округ № ${a} \\(рядок ${districts.findIndex((d) => d.number === a) + 1}\\) на \\d+ м² біля \\d+\\.\\d{5}, \\d+\\.\\d{5}`));
    expect(overlap[0].en).toMatch(new RegExp(`district ${b} overlaps district ${a}`));
  }, 120_000);

  it('refuses a gap inside the hromada with where it is, and nothing is written', async () => {
    const target = districts[5].number;
    const features = await changed(`ST_Difference(g, ST_Transform(ST_Buffer(ST_Transform(ST_PointOnSurface(g), 6387), 60), 4326))`, target);
    const { rows } = await db.query<{ lon: number; lat: number }>('SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM ST_PointOnSurface(ST_GeomFromGeoJSON($1)) p', [districts[5].geometry]);
    const report = await run(geojson(features), { dryRun: false });
    expect(report.written).toBe(false);
    const gap = report.problems.filter((p) => p.code === 'gap');
    expect(gap).toHaveLength(1);
    expect(gap[0].uk).toMatch(/^\d+ м² громади біля .* не входять до жодного округу$/);
    const [lon, lat] = gap[0].value!.split(', ').map(Number);
    // named within the 60 m hole
    expect(Math.abs(lon - rows[0].lon)).toBeLessThan(0.001);
    expect(Math.abs(lat - rows[0].lat)).toBeLessThan(0.001);
    const { rows: still } = await db.query<{ same: boolean }>(
      `SELECT abs(ST_Area(d.geom) / ST_Area(ST_GeomFromGeoJSON($1)) - 1) < 1e-6 AS same FROM pub_districts d JOIN municipality m ON m.id = d.municipality_id
       WHERE m.slug = $2 AND d.number = $3`, [districts[5].geometry, SLUG, target]);
    expect(still[0].same).toBe(true);
  }, 120_000);

  it('refuses a district moved outside the hromada', async () => {
    const target = districts[0].number;
    const features = await changed(`ST_Translate(g, 0.5, 0)`, target);
    const report = await run(geojson(features));
    expect(report.problems.find((p) => p.code === 'outside')).toMatchObject({ line: 1, uk: `округ № ${target} повністю поза межами громади` });
  }, 120_000);

  it('repairs an invalid polygon with PostGIS\'s reason as a warning, and writes a sound map through the core', async () => {
    const target = districts[2].number;
    // a piece of the district added to it again as a part of its multipolygon: nested shells,
    // repaired to the district itself (not to a district with a hole: see geometry-checks.ts)
    const features = await changed(`ST_SetSRID(ST_Collect(array_append(ARRAY(SELECT (ST_Dump(g)).geom),
      ST_GeometryN(ST_Multi(ST_Intersection(ST_GeometryN(g, 1), ST_Buffer(ST_PointOnSurface(ST_GeometryN(g, 1)), 0.0003))), 1))), 4326)`, target);
    features[2] = { ...features[2], name_uk: 'Округ Центральний' };
    const report = await run(geojson(features), { dryRun: false });
    expect(report.problems).toEqual([]);
    expect(report.notices).toContainEqual(expect.objectContaining({ line: 3, uk: expect.stringMatching(/^геометрію виправлено \(ST_MakeValid\): Nested shells/) }));
    expect(report.written).toBe(true);
    expect(report.rows.updated).toBeGreaterThanOrEqual(1);
    const { rows } = await db.query<{ name_uk: string; valid: boolean }>(
      `SELECT p.name_uk, ST_IsValid(p.geom) AS valid FROM pub_districts p JOIN municipality m ON m.id = p.municipality_id
       WHERE m.slug = $1 AND p.number = $2`, [SLUG, target]);
    expect(rows[0]).toEqual({ name_uk: 'Округ Центральний', valid: true });
    const { rows: audit } = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM audit_log WHERE entity = 'electoral_district' AND action = 'import'`);
    expect(audit[0].n).toBe(1);
  }, 120_000);
});
