/**
 * Query parameters of the OGC API, read and checked in one place. Every parameter a resource
 * does not define, and every value it cannot use, is a 400 naming the parameter and the value
 * (Part 1, /req/core/query-param-unknown and /req/core/query-param-invalid).
 */
import type { Request } from 'express';
import type { Collection, CollectionProperty } from '../catalog/collections.js';
import { isQueryable } from '../catalog/collections.js';
import { badRequest } from '../errors.js';
import { CRS84, crsByName, SUPPORTED_CRS, toXY, type Crs } from './crs.js';
import { Cql2Error, isIsoDate, isIsoTimestamp, parseCql2, type Expression } from './cql2.js';
import { parseCql2Json } from './cql2-json.js';
import { desktopTime } from './time.js';
import { queryableProperty } from './cql2-sql.js';

/** Page size (Part 1: `limit`): what the OpenAPI document advertises, and what GDAL reads there. */
export const LIMIT = { default: 100, max: 10_000 } as const;
/** PostgreSQL's OFFSET takes a bigint, but no hromada has two billion features. */
const MAX_OFFSET = 2_147_483_647;

export type OutputFormat = 'json' | 'html';
type Query = Request['query'];

/** Parameters of the items resource other than the queryable properties. */
export const ITEMS_PARAMETERS = [
  'f', 'limit', 'offset', 'bbox', 'bbox-crs', 'datetime', 'crs', 'filter', 'filter-lang', 'filter-crs',
  // what other clients send: @camptocamp/ogc-client and OGC API Records (sortby, Part 8 draft),
  // Part 6 draft (properties), pygeoapi's and ldproxy's skipGeometry
  'skipGeometry', 'sortby', 'properties',
] as const;

/**
 * Filter languages: CQL2 text, CQL2 JSON, and `cql-text`, the draft's name for CQL text, which
 * GDAL 3.6 looks for in the OpenAPI document before it sends a `-where` to the server as CQL.
 */
export const FILTER_LANGUAGES = ['cql2-text', 'cql2-json', 'cql-text'] as const;

/** A parameter's single value; a parameter given twice is a 400 (which one would we use?). */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Параметр «${name}» задано кілька разів. Parameter ${name} is given more than once.`, { parameter: name });
  return value;
}

const invalid = (name: string, value: string, why: string) =>
  badRequest(`Неприпустиме значення параметра «${name}»: ${value}. Invalid ${name}=${value}: ${why}`, { parameter: name, value });

/** 400 for a parameter outside `allowed`. */
export function rejectUnknown(query: Query, allowed: Iterable<string>): void {
  const known = new Set(allowed);
  for (const name of Object.keys(query)) {
    if (!known.has(name)) {
      throw badRequest(`Невідомий параметр «${name}». Unknown parameter: ${name} (this resource takes: ${[...known].join(', ')})`, { parameter: name });
    }
  }
}

/**
 * JSON or HTML: `f` when given; else the Accept header, where a browser's text/html wins and
 * anything else (GDAL's application/geo+json, curl's *\/*) gets JSON.
 */
export function outputFormat(req: Request): OutputFormat {
  const f = single(req.query, 'f');
  if (f !== undefined) {
    if (f === 'json' || f === 'html') return f;
    // the media type's own name, as some clients and people write it
    if (f === 'geojson') return 'json';
    throw invalid('f', f, "use 'json', 'geojson' or 'html'");
  }
  return req.accepts(['application/json', 'application/geo+json', 'text/html']) === 'text/html' ? 'html' : 'json';
}

export function parseCrsParameter(query: Query, name: string): Crs {
  const value = single(query, name);
  if (value === undefined) return CRS84;
  const crs = crsByName(value);
  if (!crs) throw invalid(name, value, `not a supported CRS; supported: ${SUPPORTED_CRS.map((c) => c.uri).join(', ')}`);
  return crs;
}

// ---------------------------------------------------------------------------------------------

/** A time bound of `datetime`: a calendar day or an instant (RFC 3339). */
export interface TimeBound { kind: 'date' | 'timestamp'; value: string }

/** `datetime`: an instant (start = end) or an interval; an open end is undefined. */
export interface DatetimeFilter { start?: TimeBound; end?: TimeBound; instant: boolean }

export interface PropertyFilter { property: CollectionProperty; value: string }

export interface ItemsQuery {
  limit: number;
  offset: number;
  /** Envelopes in PostGIS x,y order in `bbox.crs` (two when a CRS84 box crosses the antimeridian). */
  bbox?: { envelopes: [number, number, number, number][]; crs: Crs };
  datetime?: DatetimeFilter;
  /** Equality filters from query parameters named after queryables (`?legality=expired`). */
  properties: PropertyFilter[];
  filter?: { expression: Expression; crs: Crs };
  /** Output CRS. */
  crs: Crs;
  /** `skipGeometry=true`: features with a null geometry (lists, tables). */
  skipGeometry: boolean;
  /** `sortby`: the order of the features (then by id, so pages are stable). */
  sortby: SortKey[];
  /** `properties`: the properties to return (undefined: all of them). */
  selected?: CollectionProperty[];
}

export interface SortKey { property: CollectionProperty; descending: boolean }

/** Reads and checks the parameters of /collections/{id}/items. */
export function parseItemsQuery(collection: Collection, query: Query): ItemsQuery {
  const reserved = new Set<string>(ITEMS_PARAMETERS);
  for (const name of Object.keys(query)) {
    if (reserved.has(name) || queryableProperty(collection, name)) continue;
    throw badRequest(
      `Невідомий параметр «${name}». Unknown parameter: ${name} (takes ${ITEMS_PARAMETERS.join(', ')} and the queryables: ${queryableNames(collection).join(', ')})`,
      { parameter: name },
    );
  }
  const datetime = single(query, 'datetime');
  if (datetime !== undefined && !collection.temporalProperty) {
    // (every collection with a date property has a temporal one, so desktop clients, which turn a
    // filter on a date field into datetime=, never meet this)
    throw badRequest(`Колекція «${collection.id}» не має часу: параметр datetime не застосовний. Collection ${collection.id} has no temporal property, so datetime does not apply.`, { parameter: 'datetime', value: datetime });
  }
  return {
    limit: parseLimit(single(query, 'limit')),
    offset: parseOffset(single(query, 'offset')),
    bbox: parseBbox(single(query, 'bbox'), parseCrsParameter(query, 'bbox-crs')),
    datetime: datetime === undefined ? undefined : parseDatetime(datetime),
    properties: parsePropertyFilters(collection, query, reserved),
    filter: parseFilter(query),
    crs: parseCrsParameter(query, 'crs'),
    skipGeometry: parseBoolean('skipGeometry', single(query, 'skipGeometry')) ?? false,
    sortby: parseSortby(collection, single(query, 'sortby')),
    selected: parsePropertyList(collection, single(query, 'properties')),
  };
}

/** `true`/`false`, and `1`/`0` as GDAL writes booleans; undefined when absent. */
function parseBoolean(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalid(name, value, 'expected true or false');
}

/** A property can be sorted by when it is a queryable scalar (not free text nobody sorts by). */
export function sortableProperties(collection: Collection): CollectionProperty[] {
  return [queryableProperty(collection, 'id')!, ...collection.properties.filter(isQueryable)];
}

/**
 * `sortby` (OGC API Features Part 8 draft, OGC API Records): comma-separated names, each with an
 * optional + (ascending, the default) or - (descending): `sortby=-installed_on,address`.
 */
export function parseSortby(collection: Collection, value: string | undefined): SortKey[] {
  if (value === undefined || value.trim() === '') return [];
  const sortables = sortableProperties(collection);
  return value.split(',').map((part) => {
    const m = /^\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(part);
    const property = m ? sortables.find((p) => p.name === m[2]) : undefined;
    if (!m || !property) {
      throw invalid('sortby', value, `'${part.trim()}' is not a sortable property (see sortables: ${sortables.map((p) => p.name).join(', ')}); prefix - for descending`);
    }
    return { property, descending: m[1] === '-' };
  });
}

/** `properties` (Part 6 draft): the feature properties to return, comma-separated. */
export function parsePropertyList(collection: Collection, value: string | undefined): CollectionProperty[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return names.map((name) => {
    const property = collection.properties.find((p) => p.name === name);
    if (!property) {
      throw invalid('properties', value, `'${name}' is not a property of ${collection.id} (it has: ${collection.properties.map((p) => p.name).join(', ')})`);
    }
    return property;
  });
}

export const queryableNames = (collection: Collection): string[] =>
  ['id', ...collection.properties.filter(isQueryable).map((p) => p.name)];

function parseLimit(value: string | undefined): number {
  if (value === undefined) return LIMIT.default;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw invalid('limit', value, `expected a whole number from 1 to ${LIMIT.max}`);
  // Part 1: a limit above the maximum is not an error; the maximum applies (and `next` goes on).
  return Math.min(Number(value), LIMIT.max);
}

function parseOffset(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > MAX_OFFSET) throw invalid('offset', value, 'expected a whole number, 0 or more');
  return Number(value);
}

function parseBbox(value: string | undefined, crs: Crs): ItemsQuery['bbox'] {
  if (value === undefined) return undefined;
  const parts = value.split(',');
  const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if ((parts.length !== 4 && parts.length !== 6) || numbers.some((n) => !Number.isFinite(n))) {
    throw invalid('bbox', value, 'expected four numbers (or six, with heights), separated by commas');
  }
  // 2D data: the heights of a 6-number box do not narrow anything
  const [lower, upper] = parts.length === 6 ? [numbers.slice(0, 2), numbers.slice(3, 5)] : [numbers.slice(0, 2), numbers.slice(2, 4)];
  const [x1, y1] = toXY(crs, lower);
  const [x2, y2] = toXY(crs, upper);
  const axes = crs.swapAxes ? (crs.unit === 'degree' ? 'lat,lon' : 'northing,easting') : crs.unit === 'degree' ? 'lon,lat' : 'easting,northing';
  if (crs.unit === 'degree' && [y1, y2].some((lat) => Math.abs(lat) > 90)) {
    throw invalid('bbox', value, `latitude beyond ±90°; in ${crs.uri} the axis order is ${axes}`);
  }
  if (y1 > y2) throw invalid('bbox', value, `the lower corner comes first (axis order ${axes})`);
  if (x1 <= x2) return { envelopes: [[x1, y1, x2, y2]], crs };
  // Part 1: in WGS 84 a box whose west edge is east of its east edge crosses the antimeridian
  if (crs.srid === 4326) return { envelopes: [[x1, y1, 180, y2], [-180, y1, x2, y2]], crs };
  throw invalid('bbox', value, `the lower corner comes first (axis order ${axes})`);
}

/** Part 1 `datetime`: "2024-05-01T10:00:00Z", "2024-05-01", or an interval "a/b" with ".." or "" for an open end. */
export function parseDatetime(value: string): DatetimeFilter {
  const bound = (raw: string): TimeBound | undefined => {
    if (raw === '..' || raw === '') return undefined;
    const text = desktopTime(raw);
    // QGIS 3.22 writes an open start as year 0000, which the calendar (and PostgreSQL) lacks
    if (/^0000-01-01(T00:00:00(\.0+)?Z)?$/i.test(text)) return undefined;
    if (isIsoDate(text)) return { kind: 'date', value: text };
    if (isIsoTimestamp(text)) return { kind: 'timestamp', value: text.toUpperCase().replace(' ', 'T') };
    throw invalid('datetime', value, `'${text}' is neither a date (2024-05-31) nor an RFC 3339 date-time (2024-05-31T10:00:00Z)`);
  };
  const parts = value.split('/');
  if (parts.length === 1) {
    const instant = bound(parts[0]);
    if (!instant) throw invalid('datetime', value, 'expected an instant or an interval start/end');
    return { start: instant, end: instant, instant: true };
  }
  if (parts.length !== 2) throw invalid('datetime', value, 'expected an instant or an interval start/end');
  const [start, end] = parts.map(bound);
  if (start && end && startOf(start) > endOf(end)) throw invalid('datetime', value, 'the interval ends before it starts');
  return { start, end, instant: false };
}

/** Milliseconds of a bound's first and last moment (a date covers its whole UTC day). */
const startOf = (b: TimeBound) => Date.parse(b.kind === 'date' ? `${b.value}T00:00:00Z` : b.value);
const endOf = (b: TimeBound) => (b.kind === 'date' ? startOf(b) + 86_400_000 - 1 : startOf(b));

function parsePropertyFilters(collection: Collection, query: Query, reserved: Set<string>): PropertyFilter[] {
  const filters: PropertyFilter[] = [];
  for (const name of Object.keys(query)) {
    if (reserved.has(name)) continue;
    const property = queryableProperty(collection, name)!;
    const value = single(query, name)!;
    // A value outside an enum's list is not an error: it matches no feature, as any other text
    // would (GDAL's ogr2ogr -where "legality = 'illegal'" copies nothing instead of failing).
    const ok = {
      string: () => true,
      integer: () => /^-?\d{1,15}$/.test(value),
      number: () => value.trim() !== '' && Number.isFinite(Number(value)),
      // GDAL sends a boolean field's value as 1 or 0 (ogrinfo -where "ramp = 1")
      boolean: () => ['true', 'false', '1', '0'].includes(value.toLowerCase()),
      date: () => isIsoDate(desktopTime(value)),
      datetime: () => isIsoTimestamp(desktopTime(value)),
    }[property.type]();
    if (!ok) {
      const expected = property.values
        ? `one of ${property.values.map((v) => v.value).join(', ')}`
        : { string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', date: 'a date like 2024-05-31', datetime: 'a date-time like 2024-05-31T10:00:00Z' }[property.type];
      throw invalid(name, value, `expected ${expected}`);
    }
    filters.push({ property, value: property.type === 'boolean' ? String(parseBoolean(name, value)) : property.type === 'date' || property.type === 'datetime' ? desktopTime(value) : value });
  }
  return filters;
}

function parseFilter(query: Query): ItemsQuery['filter'] {
  const lang = single(query, 'filter-lang');
  if (lang !== undefined && !(FILTER_LANGUAGES as readonly string[]).includes(lang)) {
    throw invalid('filter-lang', lang, `use one of ${FILTER_LANGUAGES.join(', ')}`);
  }
  const crs = parseCrsParameter(query, 'filter-crs');
  const text = single(query, 'filter');
  if (text === undefined) return undefined;
  try {
    return { expression: lang === 'cql2-json' ? parseCql2Json(text) : parseCql2(text), crs };
  } catch (error) {
    if (error instanceof Cql2Error) throw filterError(error);
    throw error;
  }
}

/** A CQL2 error as the 400 the client sees, with the position in the filter. */
export function filterError(error: Cql2Error) {
  return badRequest(`Помилка у фільтрі на позиції ${error.position}. Invalid filter at position ${error.position}: ${error.reason}`, {
    parameter: 'filter', position: error.position,
  });
}
