/**
 * The in-memory tile index of one layer: GeoJSON features in, the features of any tile out, in
 * tile coordinates ready for encoding (encode.ts). No HTTP and no SQL here: the server hands in
 * the features of one collection of one hromada and drops the index when they change.
 *
 * Two structures answer, depending on the zoom:
 *
 *   zoom:   0 … minZoom-1 | minZoom … clusterBelowZoom-1 | clusterBelowZoom … sliceMaxZoom | … maxZoom
 *           nothing       | supercluster (clustered points) | geojson-vt slices            | over-zoomed
 *                                                                                            from sliceMaxZoom
 *
 * geojson-vt clips and simplifies points, lines and polygons per tile, lazily (a tile is sliced
 * the first time it or a descendant is asked for), and returns MVT-ready rings: integer
 * coordinates in [−buffer, extent+buffer], exterior rings clockwise on screen and holes
 * counter-clockwise (MVT 2.1 §4.3.4.4). supercluster merges points closer than `clusterRadius`
 * at each zoom into one feature with a count; layers of mixed points and footprints (the registry)
 * cluster every object by a representative point, so a count is a count of objects.
 */
import GeoJSONVT from 'geojson-vt';
import Supercluster from 'supercluster';
import type { Feature, Geometry, Point, Position } from 'geojson';
import { overzoom } from './overzoom.js';

/** What the index needs to know of a layer (the server fills it from the catalog). */
export interface LayerSpec {
  /** Layer name inside the tile (the collection id). */
  name: string;
  /** Zooms outside [minZoom, maxZoom] have no features. */
  minZoom: number;
  maxZoom: number;
  /** Points are clustered at zooms below this; absent: never clustered. */
  clusterBelowZoom?: number;
}

export interface TileOptions {
  /** Tile extent in integer units; 4096 is the MVT convention and what ST_AsMVT uses. */
  extent: number;
  /** Extra margin around each tile, in extent units, so strokes and point symbols are not cut at tile edges. */
  buffer: number;
  /** Deepest zoom geojson-vt slices to; deeper tiles are over-zoomed from it (overzoom.ts). At z18 a unit is ~2.4 cm. */
  sliceMaxZoom: number;
  /** geojson-vt's Douglas–Peucker tolerance in extent units; 0 at the deepest sliced zoom. */
  tolerance: number;
  /** Cluster radius in pixels of a 512-px tile (supercluster counts it in extent units; we convert). */
  clusterRadius: number;
  /** Fewest points that make a cluster. */
  clusterMinPoints: number;
}

export const defaultTileOptions: Readonly<TileOptions> = {
  extent: 4096,
  buffer: 64,
  sliceMaxZoom: 18,
  tolerance: 3,
  clusterRadius: 60,
  clusterMinPoints: 2,
};

/** A property value a tile can carry (MVT has no null: null properties are left out). */
export type TileValue = string | number | boolean | null;
export type TileProperties = Record<string, TileValue>;

/** A source feature: numeric id (the tile feature id), WGS84 geometry, the properties tiles carry. */
export type SourceFeature = Feature<Geometry, TileProperties> & { id: number };

/** A feature in tile coordinates: geojson-vt's and supercluster's shared shape, which vt-pbf encodes. */
export type TileFeature = { id?: number; tags: TileProperties | null } & (
  | { type: 1; geometry: [number, number][] }
  | { type: 2 | 3; geometry: [number, number][][] }
);

export interface LayerTile {
  features: TileFeature[];
}

export function checkTileOptions(options: TileOptions): TileOptions {
  const { extent, buffer, sliceMaxZoom, tolerance, clusterRadius, clusterMinPoints } = options;
  if (!Number.isInteger(extent) || extent < 256 || extent > 16384) throw new Error('extent should be an integer in the 256-16384 range');
  if (!Number.isInteger(buffer) || buffer < 0 || buffer > extent / 2) throw new Error('buffer should be an integer between 0 and extent/2');
  if (!Number.isInteger(sliceMaxZoom) || sliceMaxZoom < 0 || sliceMaxZoom > 24) throw new Error('sliceMaxZoom should be in the 0-24 range');
  if (!(tolerance >= 0)) throw new Error('tolerance should not be negative');
  if (!(clusterRadius > 0)) throw new Error('clusterRadius should be positive');
  if (!Number.isInteger(clusterMinPoints) || clusterMinPoints < 2) throw new Error('clusterMinPoints should be an integer of at least 2');
  return options;
}

export class LayerIndex {
  readonly options: TileOptions;
  /** How many source features the index holds. */
  readonly size: number;
  private readonly shapes: GeoJSONVT | null;
  private readonly clusters: Supercluster<TileProperties> | null;
  /** The zoom geojson-vt slices to for this layer. */
  private readonly sliceZoom: number;

  constructor(readonly spec: LayerSpec, features: readonly SourceFeature[], options: Partial<TileOptions> = {}) {
    const opts = (this.options = checkTileOptions({ ...defaultTileOptions, ...options }));
    const { minZoom, maxZoom, clusterBelowZoom } = spec;
    if (!(minZoom >= 0 && minZoom <= maxZoom && maxZoom <= 24)) throw new Error(`layer ${spec.name}: zoom range ${minZoom}-${maxZoom} is not within 0-24`);
    this.size = features.length;
    this.sliceZoom = Math.min(maxZoom, opts.sliceMaxZoom);

    const clustered = clusterBelowZoom !== undefined && clusterBelowZoom > minZoom;
    this.clusters = clustered ? buildClusters(features, minZoom, clusterBelowZoom - 1, opts) : null;
    // Sliced shapes are needed only from the first unclustered zoom on.
    this.shapes = clustered && clusterBelowZoom > maxZoom
      ? null
      : new GeoJSONVT({ type: 'FeatureCollection', features: features as SourceFeature[] }, {
          maxZoom: this.sliceZoom,
          indexMaxZoom: Math.min(5, this.sliceZoom),
          extent: opts.extent,
          buffer: opts.buffer,
          tolerance: opts.tolerance,
        });
  }

  /** The layer's features in tile z/x/y, or null when it has none there. */
  getTile(z: number, x: number, y: number): LayerTile | null {
    const { minZoom, maxZoom, clusterBelowZoom } = this.spec;
    if (z < minZoom || z > maxZoom) return null;
    if (this.clusters && z < clusterBelowZoom!) return clusterTile(this.clusters.getTile(z, x, y));
    if (!this.shapes) return null;
    if (z <= this.sliceZoom) return this.shapes.getTile(z, x, y) as LayerTile | null;
    const dz = z - this.sliceZoom;
    const px = x >> dz;
    const py = y >> dz;
    const parent = this.shapes.getTile(this.sliceZoom, px, py) as LayerTile | null;
    return parent && overzoom(parent, dz, x - px * 2 ** dz, y - py * 2 ** dz, this.options.extent, this.options.buffer);
  }
}

function buildClusters(features: readonly SourceFeature[], minZoom: number, maxZoom: number, opts: TileOptions): Supercluster<TileProperties> {
  const index = new Supercluster<TileProperties>({
    minZoom,
    maxZoom,
    extent: opts.extent,
    radius: (opts.clusterRadius * opts.extent) / 512,
    minPoints: opts.clusterMinPoints,
  });
  const points: Feature<Point, TileProperties>[] = [];
  for (const f of features) {
    const at = representativePoint(f.geometry);
    if (at) points.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'Point', coordinates: at } });
  }
  index.load(points);
  return index;
}

/**
 * A point standing for a feature in clusters: the point itself, or the centre of the bounding box
 * of a footprint. Registry footprints are a few metres across, so the centre is inside them at
 * every clustered zoom.
 */
function representativePoint(geometry: Geometry | null): Position | null {
  if (!geometry) return null;
  if (geometry.type === 'Point') return geometry.coordinates;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else for (const inner of c as unknown[]) visit(inner);
  };
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) visit('coordinates' in g ? g.coordinates : []);
  else visit(geometry.coordinates);
  return minX <= maxX ? [(minX + maxX) / 2, (minY + maxY) / 2] : null;
}

/**
 * supercluster's tile, trimmed for the wire: a cluster carries `cluster`, `cluster_id` and
 * `point_count` (its `point_count_abbreviated` is a label a style can make), and no feature id,
 * so every feature id in a tile is an object's id; a lone point keeps its id and properties.
 */
function clusterTile(tile: ReturnType<Supercluster<TileProperties>['getTile']>): LayerTile | null {
  if (!tile) return null;
  const features: TileFeature[] = tile.features.map((f) => {
    const tags = f.tags as Record<string, TileValue> | null;
    if (tags && tags.cluster === true) {
      return { type: 1, geometry: f.geometry, tags: { cluster: true, cluster_id: tags.cluster_id, point_count: tags.point_count } };
    }
    return { type: 1, geometry: f.geometry, tags: tags ?? null, ...(typeof f.id === 'number' ? { id: f.id } : {}) };
  });
  return { features };
}
