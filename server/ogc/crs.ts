/**
 * The coordinate reference systems the OGC API serves (Part 2, "CRS by reference"): what a
 * `crs`, `bbox-crs` or `filter-crs` value may name, how its axes are ordered, and its proj4
 * definition.
 *
 * Storage is EPSG:4326 in x=longitude, y=latitude order (PostGIS's order, which is CRS84's).
 * The transformation itself runs in SQL (ST_Transform, PROJ inside PostGIS on both engines); the
 * proj4 definitions below are the same transformation written down, so a client or an importer
 * can reproduce our numbers. test/ogc/crs.test.ts holds them to ST_Transform within 1 cm: if a
 * PROJ upgrade ever picks another datum transformation, that test says so.
 *
 * Datum shifts, as PROJ 9 picks them for points in Ukraine (projinfo -s EPSG:4326 -t EPSG:6387):
 *   UCS-2000 → WGS 84: EPSG "UCS-2000 to WGS 84 (2)", a translation 24, -121, -76 m (1 m accuracy);
 *   Pulkovo 1942 (SK-42) → WGS 84: EPSG:5044 "Pulkovo 1942 to WGS 84 (20)" (GOST 51794-2008, 3 m).
 *   (spatial_ref_sys's proj4text carries other, older parameters; PostGIS does not use them.)
 *
 * Axis order (OGC API Part 2, /req/crs/ogc-crs-header-content): coordinates come out in the
 * order the CRS defines, except CRS84, which is longitude, latitude:
 *   CRS84 lon,lat · EPSG:4326/5561/4284 lat,lon · EPSG:3857 easting,northing ·
 *   EPSG:6381-6387 (UCS-2000 TM) and 28404-28410 (SK-42 Gauss-Krüger) northing (X), easting (Y).
 */

export interface Crs {
  /** The URI the API names it by. */
  uri: string;
  /** EPSG code (CRS84 is 4326 with other axes). */
  srid: number;
  title: string;
  /** true when the CRS's first axis is latitude or northing: swap x/y against PostGIS's order. */
  swapAxes: boolean;
  /** Degrees (7 decimals ≈ 1 cm) or metres (3 decimals = 1 mm). */
  unit: 'degree' | 'metre';
  proj4: string;
}

export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_PREFIX = 'http://www.opengis.net/def/crs/EPSG/0/';

const UCS2000_DATUM = '+ellps=krass +towgs84=24,-121,-76,0,0,0,0';
const SK42_DATUM = '+ellps=krass +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22';

const epsg = (srid: number, title: string, swapAxes: boolean, unit: Crs['unit'], proj4: string): Crs =>
  ({ uri: `${EPSG_PREFIX}${srid}`, srid, title, swapAxes, unit, proj4 });

/** UCS-2000 / Ukraine TM zone 7…13: central meridians 21° … 39° E, false easting 300 km. */
const ucsZones = [7, 8, 9, 10, 11, 12, 13].map((zone, i) =>
  epsg(6381 + i, `УСК-2000 / UCS-2000, Ukraine TM zone ${zone}`, true, 'metre',
    `+proj=tmerc +lat_0=0 +lon_0=${21 + 3 * i} +k=1 +x_0=300000 +y_0=0 ${UCS2000_DATUM} +units=m +no_defs`));

/** Pulkovo 1942 / Gauss-Krüger zone 4…10: central meridian 6n−3°, false easting n·10⁶ + 500 km. */
const sk42Zones = [4, 5, 6, 7, 8, 9, 10].map((zone) =>
  epsg(28400 + zone, `СК-42 / Pulkovo 1942, Gauss-Krüger zone ${zone}`, true, 'metre',
    `+proj=tmerc +lat_0=0 +lon_0=${6 * zone - 3} +k=1 +x_0=${zone * 1_000_000 + 500_000} +y_0=0 ${SK42_DATUM} +units=m +no_defs`));

export const CRS84: Crs = {
  uri: CRS84_URI, srid: 4326, title: 'WGS 84 (CRS84, довгота/широта)', swapAxes: false, unit: 'degree',
  proj4: '+proj=longlat +datum=WGS84 +no_defs',
};

export const SUPPORTED_CRS: readonly Crs[] = [
  CRS84,
  epsg(4326, 'WGS 84 (широта/довгота)', true, 'degree', '+proj=longlat +datum=WGS84 +no_defs'),
  epsg(3857, 'WGS 84 / Pseudo-Mercator', false, 'metre',
    '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs'),
  epsg(5561, 'УСК-2000 / UCS-2000 (географічна)', true, 'degree', `+proj=longlat ${UCS2000_DATUM} +no_defs`),
  ...ucsZones,
  epsg(4284, 'СК-42 / Pulkovo 1942 (географічна)', true, 'degree', `+proj=longlat ${SK42_DATUM} +no_defs`),
  ...sk42Zones,
];

const byUri = new Map(SUPPORTED_CRS.map((c) => [c.uri, c]));

/**
 * The CRS a parameter value names, or undefined. Takes the URI Part 2 prescribes, and, because
 * people type them, its https form, a safe CURIE "[EPSG:6387]" and a bare "EPSG:6387"/"OGC:CRS84".
 */
export function crsByName(value: string): Crs | undefined {
  const v = value.trim();
  const exact = byUri.get(v) ?? byUri.get(v.replace(/^https:/, 'http:'));
  if (exact) return exact;
  const curie = /^\[?(EPSG|OGC):(\w+)\]?$/i.exec(v);
  if (!curie) return undefined;
  const [, authority, code] = curie;
  if (authority.toUpperCase() === 'OGC') return code.toUpperCase() === 'CRS84' ? CRS84 : undefined;
  return byUri.get(`${EPSG_PREFIX}${code}`);
}

/** Decimals that keep about a centimetre (degrees) or a millimetre (metres). */
export const decimalsOf = (crs: Crs): number => (crs.unit === 'degree' ? 7 : 3);

/** The value of the Content-Crs response header (Part 2: the URI in angle brackets). */
export const contentCrsHeader = (crs: Crs): string => `<${crs.uri}>`;

/**
 * Reorders a position given in the CRS's own axis order into PostGIS's x,y order (or back: the
 * swap is its own inverse).
 */
export function toXY(crs: Crs, position: readonly number[]): number[] {
  if (!crs.swapAxes) return [...position];
  const [a, b, ...rest] = position;
  return [b, a, ...rest];
}

/**
 * A geometry expression in storage CRS (EPSG:4326, x=lon) as the given CRS wants it on output:
 * transformed when it is another CRS, and x/y swapped when its first axis is latitude/northing.
 * `column` is an SQL expression built from the catalog, never from the request.
 */
export function geometryInCrs(column: string, crs: Crs): string {
  let sql = crs.srid === 4326 ? column : `ST_Transform(${column}, ${crs.srid})`;
  if (crs.swapAxes) sql = `ST_FlipCoordinates(${sql})`;
  return sql;
}

/**
 * SQL turning a geometry built in the CRS (x,y already in PostGIS order, SRID set) into storage
 * CRS. `geometrySql` is our own SQL around $n parameters.
 */
export function geometryToStorage(geometrySql: string, crs: Crs): string {
  return crs.srid === 4326 ? geometrySql : `ST_Transform(${geometrySql}, 4326)`;
}
