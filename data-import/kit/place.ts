/**
 * Where a row's thing stands, read the same way for every dataset: WKT if the row has one, else
 * X/Y, else longitude/latitude — in the CRS the import was given and the axis order the user
 * confirmed, transformed to WGS 84 here (crs.ts says why in Node).
 */
import type { ColumnMap, PlaceField } from './columns.js';
import type { SourceCrs } from './crs.js';
import { parseWkt, swapAxes, toWgs84Wkt, type SourceGeometry } from './geometry.js';
import { parseDecimal, type Reason } from './values.js';

/**
 * The order of a file's X and Y: 'east-north' (X is the easting: GIS, PostGIS and proj4 order,
 * the default) or 'north-east' (X is the northing, as Ukrainian geodesy writes it).
 */
export type AxisOrder = 'east-north' | 'north-east';

export interface Place {
  /** As read, in the file's CRS and in east-north order (the swapped-axes check reads it). */
  source: SourceGeometry;
  /** In WGS 84, for the database. */
  wkt: string;
  /** The coordinate columns as the file heads them, one by one and joined ("X, Y"), and their cells ("197362,48; 5413990,97"), for messages. */
  labels: string[];
  fields: string;
  text: string;
}

export type PlaceReading = { ok: true; place: Place } | { ok: false; reason: Reason; labels: string[]; fields: string; text: string };

/**
 * The place of one row, given its cells (the trimmed text of a field, '' when absent). Lines
 * (LINESTRING, MULTILINESTRING) are read only for a dataset that asks for them (the streets);
 * to every other one a line is WKT it does not take, as before lines were read at all.
 */
export function readPlace(columns: ColumnMap<string>, cell: (field: PlaceField) => string, crs: SourceCrs, axisOrder: AxisOrder, lines = false): PlaceReading {
  const has = (f: PlaceField) => columns.index[f] !== undefined;
  const wktGiven = cell('wkt') !== '';
  const useXY = has('x') && (cell('x') !== '' || cell('y') !== '' || !has('lon'));
  const fields: PlaceField[] = wktGiven ? ['wkt'] : useXY ? ['x', 'y'] : has('lon') ? ['lon', 'lat'] : ['wkt'];
  const labels = fields.map((f) => columns.label[f] ?? f);
  const where = { labels, fields: labels.join(', '), text: fields.map((f) => cell(f)).join('; ') };
  const fail = (reason: Reason): PlaceReading => ({ ok: false, reason, ...where });
  let source: SourceGeometry;
  if (wktGiven) {
    const parsed = parseWkt(cell('wkt'));
    if (!parsed.ok) return fail(parsed.reason);
    if (!lines && (parsed.value.type === 'LineString' || parsed.value.type === 'MultiLineString')) {
      return fail({ code: 'bad_wkt', uk: 'очікується WKT: POINT(x y), POLYGON((…)) або MULTIPOLYGON(((…)))', en: 'expected WKT: POINT(x y), POLYGON((…)) or MULTIPOLYGON(((…)))' });
    }
    source = parsed.value;
  } else {
    if (fields.some((f) => cell(f) === '')) return fail({ code: 'required', uk: 'порожньо: немає координат', en: 'empty: no coordinates' });
    const x = parseDecimal(cell(fields[0]));
    if (!x.ok) return fail(x.reason);
    const y = parseDecimal(cell(fields[1]));
    if (!y.ok) return fail(y.reason);
    source = { type: 'Point', x: x.value, y: y.value };
  }
  if (axisOrder === 'north-east') source = swapAxes(source);
  const wkt = toWgs84Wkt(source, crs);
  if (!wkt.ok) return fail(wkt.reason);
  return { ok: true, place: { source, wkt: wkt.value, ...where } };
}
