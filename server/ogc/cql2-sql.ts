/**
 * CQL2 syntax tree → a parameterised SQL condition over a collection's public view.
 *
 * Two rules make it safe whatever the filter says:
 *  - every value travels as a $n parameter, cast to its type ($3::text, $4::numeric …);
 *  - a property name reaches SQL only after it is found among the collection's queryables in
 *    the catalog, and then as the catalog's own column name.
 * Types are checked here too, so `legality > 5` is a 400 naming the position, not a database error.
 */
import type { Collection, CollectionProperty, PropertyType } from '../catalog/collections.js';
import { isQueryable } from '../catalog/collections.js';
import type { Crs } from './crs.js';
import { desktopTime } from './time.js';
import { geometryToStorage, toXY } from './crs.js';
import {
  Cql2Error, isIsoDate, isIsoTimestamp,
  type Expression, type GeometryLiteral, type GeometryOperand, type Scalar, type SpatialFunction,
} from './cql2.js';

/** Collects parameter values and hands out their $n placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];
  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The geometry column of every public view; CQL2 examples call it `geometry`, so that works too. */
export const GEOMETRY_QUERYABLE = 'geom';
const GEOMETRY_NAMES = new Set([GEOMETRY_QUERYABLE, 'geometry']);

/** `id` is queryable in every collection: the row id, which is also the feature id. */
const ID_PROPERTY: CollectionProperty = { name: 'id', type: 'integer', label: { uk: 'Ідентифікатор', en: 'Identifier' } };

/** A queryable property of the collection by its name, or undefined. */
export function queryableProperty(collection: Collection, name: string): CollectionProperty | undefined {
  if (name === 'id') return ID_PROPERTY;
  return collection.properties.find((p) => p.name === name && isQueryable(p));
}

/** A column name from the catalog, quoted. Names are checked once more so a typo cannot become SQL. */
export function column(name: string, table = 't'): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`catalog column name is not a plain identifier: ${name}`);
  return `${table}."${name}"`;
}

/** The families whose members compare with one another. */
type Family = 'text' | 'numeric' | 'boolean' | 'temporal';
const FAMILY: Record<PropertyType | 'timestamp', Family> = {
  string: 'text', integer: 'numeric', number: 'numeric', boolean: 'boolean', date: 'temporal', datetime: 'temporal', timestamp: 'temporal',
};

interface Typed {
  sql: string;
  /** 'datetime' for timestamps (columns or literals), 'date' for calendar days. */
  type: PropertyType;
  /** A string literal, which may still become a date or timestamp when compared with one. */
  literal?: { text: string; placeholder: string };
  /** A number literal 0 or 1, which may still become a boolean when compared with one. */
  bit?: { value: 0 | 1; placeholder: string };
  pos: number;
}

const SPATIAL_SQL: Record<SpatialFunction, string> = {
  S_INTERSECTS: 'ST_Intersects', S_EQUALS: 'ST_Equals', S_DISJOINT: 'ST_Disjoint', S_TOUCHES: 'ST_Touches',
  S_WITHIN: 'ST_Within', S_OVERLAPS: 'ST_Overlaps', S_CROSSES: 'ST_Crosses', S_CONTAINS: 'ST_Contains',
};

export interface FilterContext {
  collection: Collection;
  params: SqlParams;
  /** CRS of the geometry literals (`filter-crs`), in whose axis order they are written. */
  filterCrs: Crs;
}

/** The SQL condition for a parsed filter; throws Cql2Error for unknown names or mismatched types. */
export function filterToSql(expression: Expression, ctx: FilterContext): string {
  return new Translator(ctx).boolean(expression);
}

class Translator {
  constructor(private readonly ctx: FilterContext) {}

  boolean(e: Expression): string {
    switch (e.kind) {
      case 'and':
      case 'or':
        return `(${e.args.map((a) => this.boolean(a)).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.boolean(e.arg)})`;
      case 'literal':
        return e.value ? 'TRUE' : 'FALSE';
      case 'compare': {
        const [left, right] = this.comparable(this.scalar(e.left), this.scalar(e.right), e.op);
        return `(${left} ${e.op} ${right})`;
      }
      case 'like': {
        const value = this.scalar(e.value);
        const pattern = this.scalar(e.pattern);
        for (const side of [value, pattern]) {
          if (side.type !== 'string') throw new Cql2Error('LIKE compares text only', side.pos);
        }
        // CQL2's wildcards (% and _) and escape (\) are SQL's, so the pattern goes in unchanged;
        // but a literal must not end in a lone escape, which SQL refuses at run time.
        const literal = e.pattern.kind === 'casei' ? e.pattern.arg : e.pattern;
        if (literal.kind === 'string' && /(^|[^\\])(\\\\)*\\$/.test(literal.value)) {
          throw new Cql2Error('the LIKE pattern ends with the escape character \\ (write \\\\ for a backslash)', literal.pos);
        }
        return `(${value.sql} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${pattern.sql})`;
      }
      case 'between': {
        const value = this.scalar(e.value);
        const [v1, low] = this.comparable(value, this.scalar(e.low), 'BETWEEN');
        const [, high] = this.comparable(value, this.scalar(e.high), 'BETWEEN');
        return `(${v1} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${low} AND ${high})`;
      }
      case 'in': {
        const value = this.scalar(e.value);
        const pairs = e.list.map((item) => this.comparable(value, this.scalar(item), 'IN'));
        return `(${pairs[0][0]} ${e.negated ? 'NOT IN' : 'IN'} (${pairs.map(([, item]) => item).join(', ')}))`;
      }
      case 'isNull': {
        const value = e.value.kind === 'property' && GEOMETRY_NAMES.has(e.value.name)
          ? column(GEOMETRY_QUERYABLE)
          : this.scalar(e.value).sql;
        return `(${value} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      }
      case 'spatial':
        return `${SPATIAL_SQL[e.fn]}(${this.geometry(e.left)}, ${this.geometry(e.right)})`;
    }
  }

  // --- scalars

  private scalar(s: Scalar): Typed {
    const { params } = this.ctx;
    switch (s.kind) {
      case 'property': {
        if (GEOMETRY_NAMES.has(s.name)) throw new Cql2Error(`${s.name} is a geometry: use it in S_INTERSECTS and the other spatial functions`, s.pos);
        const property = queryableProperty(this.ctx.collection, s.name);
        if (!property) throw new Cql2Error(`'${s.name}' is not a queryable of this collection (see its /queryables)`, s.pos);
        return { sql: column(property.name), type: property.type, pos: s.pos };
      }
      case 'string': {
        const placeholder = params.add(s.value);
        return { sql: `${placeholder}::text`, type: 'string', literal: { text: s.value, placeholder }, pos: s.pos };
      }
      case 'number': {
        const placeholder = params.add(s.text);
        return { sql: `${placeholder}::numeric`, type: 'number', pos: s.pos, ...(s.value === 0 || s.value === 1 ? { bit: { value: s.value, placeholder } } : {}) };
      }
      case 'boolean':
        return { sql: `${params.add(s.value)}::boolean`, type: 'boolean', pos: s.pos };
      case 'date':
        return { sql: `${params.add(s.value)}::date`, type: 'date', pos: s.pos };
      case 'timestamp':
        return { sql: `${params.add(s.value)}::timestamptz`, type: 'datetime', pos: s.pos };
      case 'casei': {
        const inner = this.scalar(s.arg);
        if (inner.type !== 'string') throw new Cql2Error('CASEI takes text', s.arg.pos);
        return { sql: `lower(${inner.sql})`, type: 'string', pos: s.pos };
      }
    }
  }

  /**
   * Both sides as SQL of one comparable type, or a Cql2Error. A quoted string next to a date or
   * timestamp property is read as one (`permit_valid_until < '2025-01-01'`), as clients such as
   * GDAL write them; a date meeting a timestamp is midnight UTC of that day, on both engines.
   */
  private comparable(a: Typed, b: Typed, op: string): [string, string] {
    [a, b] = [this.coerceString(a, b), this.coerceString(b, a)];
    if (FAMILY[a.type] !== FAMILY[b.type]) {
      throw new Cql2Error(`cannot compare ${describe(a.type)} with ${describe(b.type)} using ${op}`, b.pos);
    }
    if (a.type === 'date' && b.type === 'datetime') return [utcMidnight(a.sql), b.sql];
    if (a.type === 'datetime' && b.type === 'date') return [a.sql, utcMidnight(b.sql)];
    return [a.sql, b.sql];
  }

  private coerceString(s: Typed, other: Typed): Typed {
    // GDAL 3.6 writes a boolean field's value as 1 or 0 ("ramp = 1" in its -where)
    if (s.bit && other.type === 'boolean') {
      // the parameter is reused (an unreferenced one would have no type for PostgreSQL)
      this.ctx.params.values[Number(s.bit.placeholder.slice(1)) - 1] = s.bit.value === 1;
      return { sql: `${s.bit.placeholder}::boolean`, type: 'boolean', pos: s.pos };
    }
    if (!s.literal || FAMILY[other.type] !== 'temporal') return s;
    // the parameter already holds the text; only its cast changes (GDAL writes a date '2025-06-01T')
    const { placeholder } = s.literal;
    const text = desktopTime(s.literal.text);
    if (text !== s.literal.text) this.ctx.params.values[Number(placeholder.slice(1)) - 1] = text;
    if (isIsoDate(text)) return { sql: `${placeholder}::date`, type: 'date', pos: s.pos };
    if (isIsoTimestamp(text)) return { sql: `${placeholder}::timestamptz`, type: 'datetime', pos: s.pos };
    throw new Cql2Error(`'${text}' is neither a date (2024-05-31) nor a timestamp (2024-05-31T10:00:00Z)`, s.pos);
  }

  // --- geometries

  private geometry(g: GeometryOperand): string {
    if (g.kind === 'property') {
      if (!GEOMETRY_NAMES.has(g.name)) {
        throw new Cql2Error(`'${g.name}' is not a geometry; the geometry of every collection is '${GEOMETRY_QUERYABLE}'`, g.pos);
      }
      return column(GEOMETRY_QUERYABLE);
    }
    const { filterCrs, params } = this.ctx;
    checkRange(g.geometry, filterCrs, g.pos);
    if (g.geometry.type === 'BBox') {
      const [lower, upper] = positionsOf(g.geometry);
      const [x1, y1] = toXY(filterCrs, lower);
      const [x2, y2] = toXY(filterCrs, upper);
      const n = [x1, y1, x2, y2].map((v) => `${params.add(v)}::float8`);
      return geometryToStorage(`ST_MakeEnvelope(${n.join(', ')}, ${filterCrs.srid})`, filterCrs);
    }
    const wkt = toWkt(g.geometry, (p) => toXY(filterCrs, p));
    return geometryToStorage(`ST_GeomFromText(${params.add(wkt)}::text, ${filterCrs.srid})`, filterCrs);
  }
}

const utcMidnight = (dateSql: string) => `(${dateSql}::timestamp AT TIME ZONE 'UTC')`;

function describe(type: PropertyType): string {
  return { string: 'text', integer: 'a number', number: 'a number', boolean: 'a boolean', date: 'a date', datetime: 'a timestamp' }[type];
}

/** Every position of a literal (a BBOX gives its two corners), as written. */
function positionsOf(g: GeometryLiteral): number[][] {
  switch (g.type) {
    case 'BBox': {
      const c = g.coordinates;
      return c.length === 6 ? [c.slice(0, 2), c.slice(3, 5)] : [c.slice(0, 2), c.slice(2, 4)];
    }
    case 'Point': return [g.coordinates];
    case 'LineString': case 'MultiPoint': return g.coordinates;
    case 'Polygon': case 'MultiLineString': return g.coordinates.flat();
    case 'MultiPolygon': return g.coordinates.flat(2);
  }
}

/** Geographic coordinates beyond ±90° latitude or ±360° longitude would make PROJ fail. */
function checkRange(geometry: GeometryLiteral, crs: Crs, pos: number): void {
  if (crs.unit !== 'degree') return;
  for (const p of positionsOf(geometry)) {
    const [lon, lat] = toXY(crs, p);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 360) {
      const order = crs.swapAxes ? 'latitude, longitude' : 'longitude, latitude';
      throw new Cql2Error(`the position ${p[0]} ${p[1]} is outside the range of ${crs.uri} (axis order: ${order})`, pos);
    }
  }
}

/**
 * Well-known text of a parsed literal, each position reordered to x y by `xy`. Only numbers go
 * in, and only two of them per position: the data is 2D, and a Z would only risk mixing dimensions.
 */
function toWkt(g: Exclude<GeometryLiteral, { type: 'BBox' }>, xy: (p: number[]) => number[]): string {
  const pos = (p: number[]) => xy(p).slice(0, 2).map(String).join(' ');
  const line = (l: number[][]) => `(${l.map(pos).join(', ')})`;
  const poly = (r: number[][][]) => `(${r.map(line).join(', ')})`;
  switch (g.type) {
    case 'Point': return `POINT(${pos(g.coordinates)})`;
    case 'LineString': return `LINESTRING${line(g.coordinates)}`;
    case 'Polygon': return `POLYGON${poly(g.coordinates)}`;
    case 'MultiPoint': return `MULTIPOINT(${g.coordinates.map((p) => `(${pos(p)})`).join(', ')})`;
    case 'MultiLineString': return `MULTILINESTRING(${g.coordinates.map(line).join(', ')})`;
    case 'MultiPolygon': return `MULTIPOLYGON(${g.coordinates.map(poly).join(', ')})`;
  }
}
