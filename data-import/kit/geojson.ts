/**
 * A GeoJSON file read as a table, so every dataset's importer takes it as it takes a CSV: one
 * record per feature, a column per property (in the order the properties first appear) and one
 * more, «geometry», holding the feature's geometry as WKT in the file's own coordinates. Records
 * are numbered by feature (1 = the first feature): that is the number a report names.
 *
 * The CRS: RFC 7946 says WGS 84 longitude/latitude, and that is the default. Files written before
 * it (QGIS, GDAL, older portals) may carry the 2008 `crs` member, whose name is honoured:
 * urn:ogc:def:crs:OGC:1.3:CRS84 (longitude/latitude), urn:ogc:def:crs:EPSG::6387,
 * …/def/crs/EPSG/0/6387 or EPSG:6387. Whatever the CRS, GeoJSON's positions are x, y: easting (or
 * longitude) first — the 2008 spec says so, and GDAL and QGIS write them so even under a URN
 * whose authority puts the northing first.
 */
import type { SpreadsheetRecord } from './read.js';

export const GEOMETRY_COLUMN = 'geometry';

export interface GeoJsonTable {
  header: string[];
  records: SpreadsheetRecord[];
  /** The CRS the file declares ("EPSG:6387"), or null: RFC 7946's longitude/latitude. */
  crs: string | null;
}

export class GeoJsonError extends Error {
  constructor(readonly uk: string, readonly en: string) {
    super(`${uk} / ${en}`);
  }
}

/** A file is GeoJSON when it starts with '{' (after a BOM and white space): CSV never does. */
export const looksLikeGeoJson = (text: string): boolean => /^\s*\{/.test(text);

/** The CRS a file's `crs` member names, as "EPSG:n"; null for none or CRS84. */
function declaredCrs(doc: Record<string, unknown>): string | null {
  const member = doc.crs as { type?: string; properties?: { name?: unknown } } | undefined;
  const name = member?.type === 'name' && typeof member.properties?.name === 'string' ? member.properties.name : null;
  if (!name) return null;
  if (/CRS:?84$/i.test(name)) return null;
  const urn = /^urn:ogc:def:crs:EPSG:[^:]*:(\d+)$/i.exec(name) ?? /\/def\/crs\/EPSG\/[^/]+\/(\d+)$/i.exec(name);
  if (urn) return `EPSG:${urn[1]}`;
  const plain = /^EPSG:(\d+)$/i.exec(name);
  if (plain) return `EPSG:${plain[1]}`;
  throw new GeoJsonError(`незнайома система координат у файлі: «${name}»`, `unknown CRS in the file: "${name}"`);
}

type Position = number[];
type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };

const pos = (p: Position) => `${p[0]} ${p[1]}`;
const ring = (r: Position[]) => `(${r.map(pos).join(', ')})`;
const polygon = (rings: Position[][]) => `(${rings.map(ring).join(', ')})`;

/** A GeoJSON geometry as WKT, its coordinates untouched (the dataset's CRS step transforms them). */
export function geometryToWkt(g: Geometry): string {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point': return `POINT(${pos(c)})`;
    case 'MultiPoint': return `MULTIPOINT(${(c as Position[]).map((p) => `(${pos(p)})`).join(', ')})`;
    case 'LineString': return `LINESTRING${ring(c)}`;
    case 'MultiLineString': return `MULTILINESTRING(${(c as Position[][]).map(ring).join(', ')})`;
    case 'Polygon': return `POLYGON${polygon(c)}`;
    case 'MultiPolygon': return `MULTIPOLYGON(${(c as Position[][][]).map(polygon).join(', ')})`;
    default: throw new GeoJsonError(`геометрія ${g.type} не підтримується`, `geometry ${g.type} is not supported`);
  }
}

/** A property value as a cell: numbers with a decimal point, booleans as true/false (the value readers know both). */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function readGeoJson(text: string): GeoJsonTable {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new GeoJsonError(`файл не є коректним JSON: ${(error as Error).message}`, `the file is not valid JSON: ${(error as Error).message}`);
  }
  const features = doc?.type === 'FeatureCollection' ? doc.features : doc?.type === 'Feature' ? [doc] : undefined;
  if (!Array.isArray(features)) {
    throw new GeoJsonError('очікується GeoJSON FeatureCollection або Feature', 'a GeoJSON FeatureCollection or Feature is expected');
  }
  const crs = declaredCrs(doc);
  const header: string[] = [];
  const index = new Map<string, number>();
  for (const f of features as { properties?: Record<string, unknown> | null }[]) {
    for (const key of Object.keys(f?.properties ?? {})) {
      if (!index.has(key) && key !== GEOMETRY_COLUMN) {
        index.set(key, header.length);
        header.push(key);
      }
    }
  }
  header.push(GEOMETRY_COLUMN);
  const records = (features as { geometry?: Geometry | null; properties?: Record<string, unknown> | null }[]).map((f, i): SpreadsheetRecord => {
    const values = Array<string>(header.length).fill('');
    for (const [key, value] of Object.entries(f?.properties ?? {})) if (index.has(key)) values[index.get(key)!] = cell(value);
    if (f?.geometry) {
      try {
        values[header.length - 1] = geometryToWkt(f.geometry);
      } catch {
        values[header.length - 1] = f.geometry.type; // the geometry check names it
      }
    }
    return { line: i + 1, values, position: 0 };
  });
  return { header, records, crs };
}
