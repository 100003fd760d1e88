/**
 * Reading features from the public views. The GeoJSON is built by PostgreSQL itself
 * (json_build_object, ST_AsGeoJSON, json_agg) and comes back as one text value, so a page of
 * 1000 features costs Node one string, not 1000 objects to build and serialise.
 *
 * View and column names come from the catalog only; every value is a $n parameter.
 */
import type { Collection, CollectionProperty } from '../catalog/collections.js';
import { propertyValueSql } from '../catalog/property-sql.js';
import type { Queryable } from '../db/database.js';
import { badRequest } from '../errors.js';
import type { Municipality } from '../municipalities/directory.js';
import { column } from './cql2-sql.js';
import { decimalsOf, geometryInCrs, type Crs } from './crs.js';
import type { ItemsQuery } from './params.js';
import { whereClause } from './where.js';

export interface ItemsPage {
  /** Features matching the query, over all pages. */
  numberMatched: number;
  numberReturned: number;
  /** The JSON array of GeoJSON features, as text. */
  featuresJson: string;
}

export interface CollectionExtent {
  /** [minLon, minLat, maxLon, maxLat], CRS84; null when the collection is empty here. */
  bbox: [number, number, number, number] | null;
  /** [first, last] of the temporal property, RFC 3339; null when not temporal or empty. */
  interval: [string | null, string | null] | null;
}

function view(collection: Collection): string {
  if (!/^pub_[a-z_]+$/.test(collection.view)) throw new Error(`catalog view is not a public view: ${collection.view}`);
  return collection.view;
}

/** What a feature carries: every property and the geometry unless the query says less. */
interface FeatureShape {
  crs: Crs;
  /** `properties=`: these only (in the catalog's order); undefined: all. */
  selected?: readonly CollectionProperty[];
  /** `skipGeometry=true`: a null geometry. */
  skipGeometry?: boolean;
}

/** SQL of one GeoJSON Feature of the row `t`, its geometry in `crs`; values as property-sql.ts writes them. */
function featureSql(collection: Collection, { crs, selected, skipGeometry = false }: FeatureShape): string {
  const chosen = selected ? collection.properties.filter((p) => selected.includes(p)) : collection.properties;
  const properties = chosen.map((p) => `${propertyValueSql(p.type, column(p.name))} AS "${p.name}"`).join(', ');
  const geometry = skipGeometry ? 'NULL::json' : `ST_AsGeoJSON(${geometryInCrs(column('geom'), crs)}, ${decimalsOf(crs)}, 0)::json`;
  // to_json of a row keeps the catalog's order of properties and has no argument limit
  const object = chosen.length ? `(SELECT to_json(p) FROM (SELECT ${properties}) p)` : `'{}'::json`;
  return `json_build_object('type', 'Feature', 'id', t.id, 'geometry', ${geometry}, 'properties', ${object})`;
}

/** ORDER BY of a page: the `sortby` keys (empty values last), then the id, so pages never overlap. */
function orderSql(query: ItemsQuery): string {
  const keys = query.sortby
    .filter((k) => k.property.name !== 'id')
    .map((k) => `${column(k.property.name)} ${k.descending ? 'DESC' : 'ASC'} NULLS LAST`);
  const byId = query.sortby.find((k) => k.property.name === 'id');
  return [...keys, `t.id ${byId?.descending ? 'DESC' : 'ASC'}`].join(', ');
}

/**
 * The database refuses some filters only when it runs them: a literal geometry GEOS cannot use,
 * coordinates PROJ cannot transform. Those are the client's mistakes, so a 400, not a 500.
 */
function clientError(error: unknown): Error | undefined {
  const message = error instanceof Error ? error.message : '';
  // PostGIS's own wording for these (a message that merely mentions a transform stays a 500)
  if (/^transform: |TopologyException|geometry requires more points|non-closed rings/.test(message)) {
    return badRequest(`Геометрію з запиту неможливо обробити. The geometry in the request cannot be used: ${message.split('\n')[0]}`);
  }
  return undefined;
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw clientError(error) ?? error;
  }
}

/**
 * numberMatched of recent queries. A client walking the pages of one query (GDAL asks for 10
 * features at a time) would otherwise count the same rows once per page; the key carries the
 * collection's version, so an edit starts the count afresh.
 */
export class MatchCounts {
  private counts = new Map<string, number>();

  constructor(private readonly max = 1000) {}

  async get(key: string, count: () => Promise<number>): Promise<number> {
    const known = this.counts.get(key);
    if (known !== undefined) return known;
    const n = await count();
    if (this.counts.size >= this.max) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(key, n);
    return n;
  }
}

export interface ReadOptions {
  counts: MatchCounts;
  /** What the data is as of: the collection's version and the hour (see routes.ts, the ETag). */
  stamp: string;
}

/**
 * One page of features in a stable order (by id), and how many match in all.
 *
 * The page's ids are chosen first, by the filter alone, and only those rows are turned into
 * GeoJSON: PostgreSQL evaluates the select list of every row a LIMIT … OFFSET reads, skipped ones
 * included, so building features in the same query as the OFFSET made deep pages slow.
 */
export async function readItems(db: Queryable, collection: Collection, municipality: Municipality, query: ItemsQuery, options: ReadOptions): Promise<ItemsPage> {
  const where = whereClause(collection, municipality.id, query);
  const count = `SELECT count(*)::int AS n FROM ${view(collection)} t WHERE ${where.sql}`;
  const countParams = [...where.params.values];
  const limit = where.params.add(query.limit);
  const offset = where.params.add(query.offset);
  // the page's ids in their order (WITH ORDINALITY keeps it through the join)
  const page = `
    SELECT count(*)::int AS returned, COALESCE(json_agg(f.feature ORDER BY f.n), '[]')::text AS features
    FROM (
      SELECT page.n, ${featureSql(collection, query)} AS feature
      FROM unnest(ARRAY(
        SELECT t.id FROM ${view(collection)} t WHERE ${where.sql} ORDER BY ${orderSql(query)} LIMIT ${limit} OFFSET ${offset}
      )) WITH ORDINALITY AS page(id, n)
      JOIN ${view(collection)} t ON t.municipality_id = $1 AND t.id = page.id
    ) f`;
  const countKey = `${municipality.id}:${collection.id}:${options.stamp}:${count}:${JSON.stringify(countParams)}`;
  return guarded(async () => {
    const [numberMatched, rows] = await Promise.all([
      options.counts.get(countKey, async () => (await db.query<{ n: number }>(count, countParams)).rows[0].n),
      db.query<{ returned: number; features: string }>(page, where.params.values),
    ]);
    return { numberMatched, numberReturned: rows.rows[0].returned, featuresJson: rows.rows[0].features };
  });
}

/** One feature as GeoJSON text, or undefined when this hromada has no such feature. */
export async function readItem(db: Queryable, collection: Collection, municipality: Municipality, id: number, crs: Crs): Promise<string | undefined> {
  const { rows } = await guarded(() => db.query<{ feature: string }>(
    `SELECT ${featureSql(collection, { crs })}::text AS feature FROM ${view(collection)} t WHERE t.municipality_id = $1 AND t.id = $2`,
    [municipality.id, id],
  ));
  return rows[0]?.feature;
}

/** Spatial and temporal extent of a collection in one hromada. */
export async function readExtent(db: Queryable, collection: Collection, municipality: Municipality): Promise<CollectionExtent> {
  const property = collection.properties.find((p) => p.name === collection.temporalProperty);
  const temporal = property ? column(property.name) : 'NULL::timestamptz';
  const asText = (sql: string) => propertyValueSql(property?.type ?? 'datetime', sql);
  const { rows } = await db.query<{ xmin: number | null; ymin: number; xmax: number; ymax: number; tmin: string | null; tmax: string | null }>(
    `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax,
            ${asText('tmin')} AS tmin, ${asText('tmax')} AS tmax
     FROM (SELECT ST_Extent(t.geom)::box3d AS e, min(${temporal}) AS tmin, max(${temporal}) AS tmax
           FROM ${view(collection)} t WHERE t.municipality_id = $1) s`,
    [municipality.id],
  );
  const r = rows[0];
  return {
    bbox: r.xmin === null ? null : [r.xmin, r.ymin, r.xmax, r.ymax],
    interval: collection.temporalProperty ? [r.tmin, r.tmax] : null,
  };
}
