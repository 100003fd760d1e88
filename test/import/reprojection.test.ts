import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resolveCrs } from '../../data-import/kit/crs.js';
import type { Database } from '../../server/db/database.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

/**
 * The import reprojects in Node with proj4 (an SK-63 zone given as a proj4 string is not in
 * spatial_ref_sys); the rest of the service reprojects in SQL with PostGIS. Both must put a point
 * in the same place: within 1 cm, over Ukraine, in each UCS-2000 CRS the departments use.
 */

/** WGS 84 points over Ukraine, west to east: Uzhhorod … Kharkiv, and the two demo cities. */
const PLACES: [string, number, number][] = [
  ['Ужгород', 22.29, 48.62], ['Львів', 24.03, 49.84], ['Київ', 30.52, 50.45], ['Одеса', 30.73, 46.48],
  ['Кривий Ріг', 33.39, 47.91], ['Харків', 36.23, 49.99], ['Слов’янськ', 37.617, 48.853],
];

/** Distance in metres between two WGS 84 positions a few centimetres apart. */
function metresBetween([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const k = 6_371_000 * (Math.PI / 180);
  return Math.hypot((lon1 - lon2) * k * Math.cos((lat1 * Math.PI) / 180), (lat1 - lat2) * k);
}

describe.each(backends())('proj4 in the import and PostGIS ST_Transform on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** Each place in the CRS by PostGIS, then back to WGS 84 by PostGIS and by the import's proj4. */
  async function largestGap(srid: number, places = PLACES): Promise<number> {
    let worst = 0;
    for (const [, lon, lat] of places) {
      const { rows } = await db.query<{ x: number; y: number; lon: number; lat: number }>(
        `SELECT ST_X(p) AS x, ST_Y(p) AS y, ST_X(ST_Transform(p, 4326)) AS lon, ST_Y(ST_Transform(p, 4326)) AS lat
         FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), $3::integer) p`,
        [lon, lat, srid],
      );
      const { x, y } = rows[0];
      const byPostgis: [number, number] = [rows[0].lon, rows[0].lat];
      const byProj4 = resolveCrs(`EPSG:${srid}`).toWgs84(x, y);
      worst = Math.max(worst, metresBetween(byPostgis, byProj4));
      // and the point itself: from the CRS back to where it was
      worst = Math.max(worst, metresBetween([lon, lat], byProj4));
    }
    return worst;
  }

  it('agree within 1 cm in UCS-2000 / Ukraine TM zone 13 (EPSG:6387, Slovyansk)', async () => {
    expect(await largestGap(6387, PLACES.filter(([, lon]) => lon > 34.5))).toBeLessThan(0.01);
  });

  it('agree within 1 cm in UCS-2000 / Ukraine TM zone 11 (EPSG:6385, Kryvyi Rih)', async () => {
    expect(await largestGap(6385, PLACES.filter(([, lon]) => lon > 28.5 && lon < 37.5))).toBeLessThan(0.01);
  });

  it('agree within 1 cm in geographic UCS-2000 (EPSG:5561) all over Ukraine', async () => {
    expect(await largestGap(5561)).toBeLessThan(0.01);
  });

  it('agree within 1 cm in the other UCS-2000 zones and in SK-42 (EPSG:6381-6386, 4284, 28405-28407)', async () => {
    const zones: [number, number][] = [[6381, 21], [6382, 24], [6383, 27], [6384, 30], [6386, 36], [28405, 27], [28406, 33], [28407, 39]];
    const gaps: Record<number, number> = {};
    for (const [srid, central] of zones) gaps[srid] = await largestGap(srid, PLACES.filter(([, lon]) => Math.abs(lon - central) <= 3));
    gaps[4284] = await largestGap(4284);
    expect(Object.entries(gaps).filter(([, metres]) => !(metres < 0.01))).toEqual([]);
  });
});
