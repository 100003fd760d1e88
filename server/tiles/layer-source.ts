import type { Database, DatabaseKind, Queryable } from '../db/database.js';
import type { Collection } from '../catalog/collections.js';
import { propertyValueSql } from '../catalog/property-sql.js';
import { LayerIndex, type LayerSpec, type SourceFeature, type TileOptions, type TileProperties } from '../../tiles/tile-index.js';

/** Properties a collection's tiles carry: its `inTiles` ones (the feature id travels as the MVT id). */
export function tilePropertyNames(collection: Collection): string[] {
  return collection.properties.filter((p) => p.inTiles).map((p) => p.name);
}

export function layerSpec(collection: Collection): LayerSpec {
  const { id, minZoom, maxZoom, clusterBelowZoom } = collection;
  return { name: id, minZoom, maxZoom, clusterBelowZoom };
}

/** A catalog identifier as SQL; the catalog is the allowlist, this only refuses what it could not quote. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`catalog identifier ${JSON.stringify(name)} is not a plain SQL name`);
  return `"${name}"`;
}

/**
 * A property as the SQL expression that reads it, as every face writes its type (property-sql.ts:
 * dates 'YYYY-MM-DD', timestamps RFC 3339 UTC with a Z), so a tile says what the OGC item says, on
 * both engines and with either way of loading.
 */
function propertySql(collection: Collection, name: string): string {
  const type = collection.properties.find((p) => p.name === name)?.type ?? 'string';
  return propertyValueSql(type, identifier(name));
}

/**
 * Two ways to read a whole layer of one hromada, both one statement (geometry as GeoJSON with 7
 * decimals, ≈ 1 cm). Which is faster depends on the engine, so each engine gets its own; measured
 * on the demo (tiles/README.md, `npm run bench` prints both):
 *   rows       a row per feature: PostgreSQL streams rows cheaply and node-postgres parses them
 *              fast (3,000 facilities: 25 ms against 65 ms for the aggregate);
 *   aggregate  the database builds one JSON text of all features, parsed once: PGlite's per-row
 *              result handling costs more than that (the same facilities: 55 ms against 105 ms).
 * The views compute `legality` as of current_date, which is why indexes are keyed by day too.
 */
export type LoadStrategy = 'rows' | 'aggregate';

export const preferredStrategy = (kind: DatabaseKind): LoadStrategy => (kind === 'postgres' ? 'rows' : 'aggregate');

/**
 * Ordered by id: the index keeps its input's order in every tile (clusters too), so the same
 * data gives the same tile bytes on every server and after every rebuild, and a patched index
 * (tile-index.ts) merges its changes in by id. `only`: just the features with the ids in $2.
 */
export function layerSourceSql(collection: Collection, strategy: LoadStrategy, only = false): string {
  const from = `FROM ${identifier(collection.view)} WHERE municipality_id = $1 AND geom IS NOT NULL${only ? ' AND id = ANY($2::integer[])' : ''}`;
  const names = tilePropertyNames(collection);
  if (strategy === 'rows') {
    const columns = names.map((name) => `${propertySql(collection, name)} AS ${identifier(name)}`);
    return `SELECT id, ST_AsGeoJSON(geom, 7)::json AS geometry${columns.map((c) => `, ${c}`).join('')} ${from} ORDER BY id`;
  }
  const properties = names.map((name) => `'${name}', ${propertySql(collection, name)}`).join(', ');
  return `SELECT coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 7)::json,
      'properties', json_build_object(${properties})) ORDER BY id)::text, '[]') AS features ${from}`;
}

/** The features of a collection of one hromada, read from its public view (only those of `ids`, when given). */
export async function readFeatures(db: Queryable, collection: Collection, municipalityId: number, strategy: LoadStrategy, ids?: readonly number[]): Promise<SourceFeature[]> {
  const sql = layerSourceSql(collection, strategy, ids !== undefined);
  const params = ids === undefined ? [municipalityId] : [municipalityId, ids];
  if (strategy === 'aggregate') {
    const { rows } = await db.query<{ features: string }>(sql, params);
    return JSON.parse(rows[0].features) as SourceFeature[];
  }
  const { rows } = await db.query<TileProperties & { id: number; geometry: SourceFeature['geometry'] }>(sql, params);
  return rows.map(({ id, geometry, ...properties }) => ({ type: 'Feature', id, geometry, properties }));
}

export interface LoadedLayer {
  index: LayerIndex;
  /** Milliseconds spent reading the features (query and parsing). */
  loadMs: number;
  /** Milliseconds spent building the index. */
  indexMs: number;
}

/** Reads a collection of one hromada and indexes it for tiles. */
export async function loadLayer(
  db: Database,
  collection: Collection,
  municipalityId: number,
  options?: Partial<TileOptions>,
  strategy: LoadStrategy = preferredStrategy(db.kind),
): Promise<LoadedLayer> {
  const started = performance.now();
  const features = await readFeatures(db, collection, municipalityId, strategy);
  const loaded = performance.now();
  const index = new LayerIndex(layerSpec(collection), features, options);
  return { index, loadMs: loaded - started, indexMs: performance.now() - loaded };
}
