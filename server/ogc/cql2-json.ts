/**
 * A reader for CQL2 JSON (OGC 21-065r2, the JSON encoding; `filter-lang=cql2-json`), GeoServer's
 * and pygeoapi's other filter language. It builds the same syntax tree as the CQL2 text parser
 * (cql2.ts), so one translator (cql2-sql.ts) checks names and types and writes the SQL:
 *
 *   {"op": "and", "args": [
 *     {"op": "=", "args": [{"property": "legality"}, "expired"]},
 *     {"op": "s_intersects", "args": [{"property": "geom"}, {"bbox": [37.5, 48.8, 37.7, 48.9]}]}]}
 *
 * JSON has no character positions, so an error names the place by its path in the document
 * (`args[1].args[0]`) and carries position 1.
 */
import {
  Cql2Error, isIsoDate, isIsoTimestamp, MAX_FILTER_LENGTH, SPATIAL_FUNCTIONS,
  type ComparisonOp, type Expression, type GeometryLiteral, type GeometryOperand, type Scalar, type SpatialFunction,
} from './cql2.js';

const MAX_DEPTH = 50;
const COMPARISONS: Record<string, ComparisonOp> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

type Json = unknown;

const fail = (path: string, reason: string): Cql2Error => new Cql2Error(`${reason} (at ${path || 'the top'})`, 1);
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses a CQL2 JSON filter into the syntax tree of cql2.ts, or throws Cql2Error naming where. */
export function parseCql2Json(text: string): Expression {
  if (text.length > MAX_FILTER_LENGTH) throw new Cql2Error(`the filter is longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Cql2Error(`the filter is not JSON: ${(error as Error).message}`, 1);
  }
  return boolean(doc, '', 0);
}

function operation(node: Json, path: string): { op: string; args: Json[] } | undefined {
  if (!isObject(node) || typeof node.op !== 'string') return undefined;
  if (!Array.isArray(node.args)) throw fail(path, `"${node.op}" needs an "args" array`);
  return { op: node.op.toLowerCase(), args: node.args };
}

function arity(args: Json[], n: number, op: string, path: string): void {
  if (args.length !== n) throw fail(path, `"${op}" takes ${n} argument${n === 1 ? '' : 's'}, not ${args.length}`);
}

function boolean(node: Json, path: string, depth: number): Expression {
  if (depth > MAX_DEPTH) throw fail(path, `the filter nests deeper than ${MAX_DEPTH} levels`);
  if (typeof node === 'boolean') return { kind: 'literal', value: node, pos: 1 };
  const o = operation(node, path);
  if (!o) throw fail(path, 'expected an operation {"op": …, "args": […]} or true/false');
  const { op, args } = o;
  const at = (i: number) => `${path ? `${path}.` : ''}args[${i}]`;
  if (op === 'and' || op === 'or') {
    if (args.length < 2) throw fail(path, `"${op}" takes at least 2 arguments`);
    return { kind: op, args: args.map((a, i) => boolean(a, at(i), depth + 1)), pos: 1 };
  }
  if (op === 'not') {
    arity(args, 1, op, path);
    return { kind: 'not', arg: boolean(args[0], at(0), depth + 1), pos: 1 };
  }
  if (op in COMPARISONS) {
    arity(args, 2, op, path);
    return { kind: 'compare', op: COMPARISONS[op], left: scalar(args[0], at(0), depth), right: scalar(args[1], at(1), depth), pos: 1 };
  }
  if (op === 'like') {
    arity(args, 2, op, path);
    return { kind: 'like', negated: false, value: scalar(args[0], at(0), depth), pattern: scalar(args[1], at(1), depth), pos: 1 };
  }
  if (op === 'between') {
    arity(args, 3, op, path);
    return { kind: 'between', negated: false, value: scalar(args[0], at(0), depth), low: scalar(args[1], at(1), depth), high: scalar(args[2], at(2), depth), pos: 1 };
  }
  if (op === 'in') {
    arity(args, 2, op, path);
    if (!Array.isArray(args[1]) || args[1].length === 0) throw fail(at(1), '"in" takes a value and a non-empty array of values');
    return { kind: 'in', negated: false, value: scalar(args[0], at(0), depth), list: args[1].map((v, i) => scalar(v, `${at(1)}[${i}]`, depth)), pos: 1 };
  }
  if (op === 'isnull') {
    arity(args, 1, op, path);
    return { kind: 'isNull', negated: false, value: scalar(args[0], at(0), depth), pos: 1 };
  }
  const fn = op.toUpperCase();
  if ((SPATIAL_FUNCTIONS as readonly string[]).includes(fn)) {
    arity(args, 2, op, path);
    return { kind: 'spatial', fn: fn as SpatialFunction, left: geometry(args[0], at(0)), right: geometry(args[1], at(1)), pos: 1 };
  }
  throw fail(path, `unknown or unsupported operation "${o.op}"`);
}

function scalar(node: Json, path: string, depth: number): Scalar {
  if (depth > MAX_DEPTH) throw fail(path, `the filter nests deeper than ${MAX_DEPTH} levels`);
  if (typeof node === 'string') return { kind: 'string', value: node, pos: 1 };
  if (typeof node === 'boolean') return { kind: 'boolean', value: node, pos: 1 };
  if (typeof node === 'number') {
    if (!Number.isFinite(node)) throw fail(path, 'the number is out of range');
    return { kind: 'number', value: node, text: String(node), pos: 1 };
  }
  if (isObject(node)) {
    if (typeof node.property === 'string') return { kind: 'property', name: node.property, pos: 1 };
    if (typeof node.date === 'string') {
      if (!isIsoDate(node.date)) throw fail(path, `"${node.date}" is not a date like 2024-05-31`);
      return { kind: 'date', value: node.date, pos: 1 };
    }
    if (typeof node.timestamp === 'string') {
      if (!isIsoTimestamp(node.timestamp)) throw fail(path, `"${node.timestamp}" is not a timestamp like 2024-05-31T10:00:00Z`);
      return { kind: 'timestamp', value: node.timestamp, pos: 1 };
    }
    const o = operation(node, path);
    if (o?.op === 'casei') {
      arity(o.args, 1, 'casei', path);
      return { kind: 'casei', arg: scalar(o.args[0], `${path}.args[0]`, depth + 1), pos: 1 };
    }
  }
  throw fail(path, 'expected a value, {"property": …}, {"date": …}, {"timestamp": …} or {"op": "casei", …}');
}

const GEOMETRY_TYPES = ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'] as const;

/** A property, a GeoJSON geometry or {"bbox": [4 or 6 numbers]}, its coordinates checked to be numbers. */
function geometry(node: Json, path: string): GeometryOperand {
  if (!isObject(node)) throw fail(path, 'expected {"property": …}, a GeoJSON geometry or {"bbox": […]}');
  if (typeof node.property === 'string') return { kind: 'property', name: node.property, pos: 1 };
  if (Array.isArray(node.bbox)) {
    const box = node.bbox;
    if ((box.length !== 4 && box.length !== 6) || !box.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw fail(path, 'a bbox is 4 or 6 numbers');
    }
    return { kind: 'geometry', geometry: { type: 'BBox', coordinates: box as number[] }, pos: 1 };
  }
  const type = GEOMETRY_TYPES.find((t) => t === node.type);
  if (!type) throw fail(path, `unsupported geometry type ${JSON.stringify(node.type)} (use ${GEOMETRY_TYPES.join(', ')} or a bbox)`);
  const depthOf: Record<(typeof GEOMETRY_TYPES)[number], number> = { Point: 1, LineString: 2, MultiPoint: 2, Polygon: 3, MultiLineString: 3, MultiPolygon: 4 };
  checkCoordinates(node.coordinates, depthOf[type], path);
  const g = { type, coordinates: node.coordinates } as GeometryLiteral;
  checkShape(g, path);
  return { kind: 'geometry', geometry: g, pos: 1 };
}

function checkCoordinates(value: Json, depth: number, path: string): void {
  if (depth === 1) {
    if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw fail(path, 'a position is 2 or 3 numbers');
    }
    return;
  }
  if (!Array.isArray(value) || value.length === 0) throw fail(path, 'coordinates are nested arrays of positions');
  for (const item of value) checkCoordinates(item, depth - 1, path);
}

/** The rules the text parser applies to literals: lines of 2+ positions, closed rings of 4+. */
function checkShape(g: GeometryLiteral, path: string): void {
  const line = (l: number[][]) => { if (l.length < 2) throw fail(path, 'a line needs at least 2 positions'); };
  const ring = (r: number[][]) => {
    if (r.length < 4) throw fail(path, 'a polygon ring needs at least 4 positions');
    const [a, b] = [r[0], r[r.length - 1]];
    if (a[0] !== b[0] || a[1] !== b[1]) throw fail(path, 'a polygon ring must end where it starts');
  };
  switch (g.type) {
    case 'LineString': line(g.coordinates); break;
    case 'MultiLineString': g.coordinates.forEach(line); break;
    case 'Polygon': g.coordinates.forEach(ring); break;
    case 'MultiPolygon': g.coordinates.forEach((p) => p.forEach(ring)); break;
    default: break;
  }
}
