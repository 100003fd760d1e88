import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import proj4 from 'proj4';
import type { Database } from '../../server/db/database.js';
import { CRS84, crsByName, SUPPORTED_CRS, toXY } from '../../server/ogc/crs.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

describe('The CRS list', () => {
  test('serves CRS84, WGS 84, Web Mercator, UCS-2000 and SK-42 by URI', () => {
    const codes = SUPPORTED_CRS.map((c) => (c === CRS84 ? 'CRS84' : c.srid));
    expect(codes).toEqual(['CRS84', 4326, 3857, 5561, 6381, 6382, 6383, 6384, 6385, 6386, 6387, 4284, 28404, 28405, 28406, 28407, 28408, 28409, 28410]);
  });

  test('knows a CRS by its URI, its https form, a safe CURIE and a bare EPSG code', () => {
    for (const name of [EPSG(6387), EPSG(6387).replace('http:', 'https:'), '[EPSG:6387]', 'EPSG:6387', 'epsg:6387']) {
      expect(crsByName(name)?.srid).toBe(6387);
    }
    expect(crsByName('OGC:CRS84')).toBe(CRS84);
    expect(crsByName(EPSG(2154))).toBeUndefined();
    expect(crsByName('EPSG:4326; DROP')).toBeUndefined();
  });

  test('orders axes as EPSG defines them: lat,lon for geographic, northing,easting for the TM zones, CRS84 and Mercator x,y', () => {
    const swapped = SUPPORTED_CRS.filter((c) => c.swapAxes).map((c) => c.srid);
    expect(swapped).toEqual([4326, 5561, 6381, 6382, 6383, 6384, 6385, 6386, 6387, 4284, 28404, 28405, 28406, 28407, 28408, 28409, 28410]);
    expect(toXY(crsByName('EPSG:4326')!, [48.85, 37.6])).toEqual([37.6, 48.85]);
    expect(toXY(CRS84, [37.6, 48.85])).toEqual([37.6, 48.85]);
  });

  test('puts each Ukrainian TM zone on its central meridian: UCS-2000 21°…39°, SK-42 zone n on 6n−3°', () => {
    expect(crsByName('EPSG:6385')!.proj4).toContain('+lon_0=33 ');
    expect(crsByName('EPSG:6387')!.proj4).toContain('+lon_0=39 +k=1 +x_0=300000 ');
    expect(crsByName('EPSG:28407')!.proj4).toContain('+lon_0=39 +k=1 +x_0=7500000 ');
    expect(crsByName('EPSG:28404')!.proj4).toContain('+lon_0=21 +k=1 +x_0=4500000 ');
  });
});

/** Central Slovyansk and central Kryvyi Rih, lon/lat. */
const PLACES: [string, number, number][] = [['Slovyansk', 37.6052, 48.8533], ['Kryvyi Rih', 33.3918, 47.9105]];

describe.each(backends())('proj4 and PostGIS on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  test.each(SUPPORTED_CRS.filter((c) => c !== CRS84).map((c) => [c.srid, c] as const))('agree within 1 cm in EPSG:%i', async (_srid, crs) => {
    for (const [, lon, lat] of PLACES) {
      const { rows } = await db.query<{ x: number; y: number }>(
        'SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326), $3::int) AS g) s',
        [lon, lat, crs.srid],
      );
      const [x, y] = proj4(CRS84.proj4, crs.proj4, [lon, lat]);
      // a centimetre, in metres or in degrees (1 cm ≈ 1e-7° of latitude)
      const tolerance = crs.unit === 'metre' ? 0.01 : 1e-7;
      expect(Math.abs(x - rows[0].x)).toBeLessThan(tolerance);
      expect(Math.abs(y - rows[0].y)).toBeLessThan(tolerance);
    }
  });
});
