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
import { TagDictionary } from './encode.js';

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

/** [west, south, east, north], degrees: where a change to a feature may show. */
export type Bbox = [number, number, number, number];

/**
 * Past this many changed features (and this share of the layer) patch() asks for a rebuild from
 * the source instead of growing its overlay: every sliced tile filters the base tile and merges
 * the overlay's, which costs per overlay feature.
 */
const OVERLAY_LIMIT = { features: 512, share: 0.02 };

/**
 * What an index remembers of the features it was built from, compactly: geojson-vt keeps its own
 * copy of the shapes, so the source GeoJSON is let go, and only what a patch needs stays — each
 * feature's id (ascending), bounding box (where an edit to it shows) and properties (shared with
 * geojson-vt's and supercluster's copies anyway).
 */
interface BaseFeatures {
  ids: Int32Array;
  /** [west, south, east, north] per feature, degrees; NaN for a feature without geometry. */
  boxes: Float64Array;
  properties: TileProperties[];
}

function baseOf(features: readonly SourceFeature[]): BaseFeatures {
  const n = features.length;
  const base: BaseFeatures = { ids: new Int32Array(n), boxes: new Float64Array(4 * n), properties: new Array(n) };
  features.forEach((f, i) => {
    base.ids[i] = f.id;
    base.boxes.set(bboxOf(f.geometry) ?? [NaN, NaN, NaN, NaN], 4 * i);
    base.properties[i] = f.properties;
  });
  return base;
}

/** Position of `id` in ascending `ids`, or -1. */
function slotOf(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A layer's index. Built from all its features, then brought up to date edit by edit with patch():
 *
 *   base (geojson-vt over the features it was built with) − removed ids + overlay (geojson-vt over
 *   the changed features as they are now), merged in id order per tile
 *
 * The source is ordered by id, geojson-vt keeps the order of its input in every tile, and it
 * slices each feature on its own, so a patched index gives every tile the same features in the
 * same order as an index built afresh from the same data: the same bytes. Clusters (supercluster)
 * are rebuilt from the merged points when first asked for after a patch.
 */
export class LayerIndex {
  readonly options: TileOptions;
  /** How many source features the index holds. */
  readonly size: number;
  /** Its features' keys and values, numbered once for every tile it encodes (encode.ts); shared by its patches. */
  readonly dictionary: TagDictionary;
  /**
   * Estimated bytes it holds: per feature and per vertex. Measured with --expose-gc: ≈ 600 B a
   * feature and ≈ 50 B a vertex once built, but geojson-vt keeps every tile it slices, at every
   * zoom on the way down to one asked for, so a browsed index holds a copy of its shapes per
   * zoom: bench:many, 50 hromadas browsed at z15-16, found the heap ≈ 2.4 × the first estimate.
   */
  readonly weight: number;
  private readonly base: BaseFeatures;
  private readonly shapes: GeoJSONVT | null;
  /** Ids of base features that were changed or deleted since the base was built. */
  private readonly removed: ReadonlySet<number>;
  /** The changed features as they are now, by id (absent: deleted, or not in this layer). */
  private readonly changed: ReadonlyMap<number, SourceFeature>;
  private readonly overlay: GeoJSONVT | null;
  private clustersBuilt: Supercluster<TileProperties> | null | undefined;
  /** The zoom geojson-vt slices to for this layer. */
  private readonly sliceZoom: number;

  constructor(readonly spec: LayerSpec, features: readonly SourceFeature[], options: Partial<TileOptions> = {}, patched?: Patched) {
    const opts = (this.options = checkTileOptions({ ...defaultTileOptions, ...options }));
    const { minZoom, maxZoom, clusterBelowZoom } = spec;
    if (!(minZoom >= 0 && minZoom <= maxZoom && maxZoom <= 24)) throw new Error(`layer ${spec.name}: zoom range ${minZoom}-${maxZoom} is not within 0-24`);
    this.sliceZoom = Math.min(maxZoom, opts.sliceMaxZoom);
    if (patched) {
      ({ base: this.base, shapes: this.shapes, removed: this.removed, changed: this.changed, dictionary: this.dictionary } = patched);
      this.overlay = this.changed.size > 0 && this.shapes ? this.slicer([...this.changed.values()].sort(byId)) : null;
      this.size = this.base.ids.length - this.removed.size + this.changed.size;
      this.weight = patched.weight + [...this.changed.values()].reduce((sum, f) => sum + weightOf(f), 0);
      return;
    }
    // in id order (the source query's ORDER BY): the order of every tile, and what patches merge by
    const sorted = features.every((f, i) => i === 0 || features[i - 1].id < f.id) ? features : [...features].sort(byId);
    this.size = sorted.length;
    this.weight = sorted.reduce((sum, f) => sum + weightOf(f), 0);
    this.base = baseOf(sorted);
    this.dictionary = new TagDictionary();
    this.removed = new Set();
    this.changed = new Map();
    this.overlay = null;
    const clustered = clusterBelowZoom !== undefined && clusterBelowZoom > minZoom;
    this.clustersBuilt = clustered ? buildClusters(sorted.map(clusterPoint), minZoom, clusterBelowZoom - 1, opts) : null;
    // Sliced shapes are needed only from the first unclustered zoom on.
    this.shapes = clustered && clusterBelowZoom > maxZoom ? null : this.slicer(sorted);
  }

  private slicer(features: readonly SourceFeature[]): GeoJSONVT {
    const opts = this.options;
    return new GeoJSONVT({ type: 'FeatureCollection', features: features as SourceFeature[] }, {
      maxZoom: this.sliceZoom,
      indexMaxZoom: Math.min(5, this.sliceZoom),
      extent: opts.extent,
      buffer: opts.buffer,
      tolerance: opts.tolerance,
    });
  }

  /** Where the feature with this id is now, or null when the index does not hold it. */
  bboxOfFeature(id: number): Bbox | null {
    if (this.changed.has(id)) return bboxOf(this.changed.get(id)!.geometry);
    if (this.removed.has(id)) return null;
    const slot = slotOf(this.base.ids, id);
    if (slot < 0 || Number.isNaN(this.base.boxes[4 * slot])) return null;
    return Array.from(this.base.boxes.subarray(4 * slot, 4 * slot + 4)) as Bbox;
  }

  /**
   * The index after a change: `ids` are every feature id the change named, `now` those of them
   * the layer holds now (an id named but absent was deleted, or belongs to another layer). Gives
   * the new index (this one is left as it was, for requests still using it) — or null when so much
   * changed that a rebuild from the source is cheaper to serve — and the boxes where tiles may
   * differ: the features' places before and after.
   */
  patch(ids: readonly number[], now: readonly SourceFeature[]): { index: LayerIndex | null; dirty: Bbox[] } {
    const dirty: Bbox[] = [];
    for (const id of ids) {
      const box = this.bboxOfFeature(id);
      if (box) dirty.push(box);
    }
    for (const f of now) {
      const box = bboxOf(f.geometry);
      if (box) dirty.push(box);
    }
    const removed = new Set(this.removed);
    const changed = new Map(this.changed);
    for (const id of ids) {
      changed.delete(id);
      if (slotOf(this.base.ids, id) >= 0) removed.add(id);
    }
    for (const f of now) changed.set(f.id, f);
    if (changed.size > Math.max(OVERLAY_LIMIT.features, OVERLAY_LIMIT.share * this.base.ids.length)) return { index: null, dirty };
    const index = new LayerIndex(this.spec, [], this.options, { base: this.base, shapes: this.shapes, removed, changed, dictionary: this.dictionary, weight: this.baseWeight() });
    return { index, dirty };
  }

  /** The weight without the overlay: what a patch starts from. */
  private baseWeight(): number {
    return this.weight - [...this.changed.values()].reduce((sum, f) => sum + weightOf(f), 0);
  }

  private clusters(): Supercluster<TileProperties> | null {
    if (this.clustersBuilt === undefined) {
      const { minZoom, clusterBelowZoom } = this.spec;
      const { ids, boxes, properties } = this.base;
      const kept: ClusterPoint[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (this.removed.has(ids[i]) || Number.isNaN(boxes[4 * i])) continue;
        kept.push({ id: ids[i], at: [(boxes[4 * i] + boxes[4 * i + 2]) / 2, (boxes[4 * i + 1] + boxes[4 * i + 3]) / 2], properties: properties[i] });
      }
      const points = mergeById(kept, [...this.changed.values()].sort(byId).map(clusterPoint));
      this.clustersBuilt = buildClusters(points, minZoom, clusterBelowZoom! - 1, this.options);
    }
    return this.clustersBuilt;
  }

  /** Whether tiles of zoom z come from clusters (which a change anywhere near may alter). */
  isClustered(z: number): boolean {
    const { minZoom, clusterBelowZoom } = this.spec;
    return clusterBelowZoom !== undefined && clusterBelowZoom > minZoom && z < clusterBelowZoom;
  }

  /** The layer's features in tile z/x/y, or null when it has none there. */
  getTile(z: number, x: number, y: number): LayerTile | null {
    const { minZoom, maxZoom } = this.spec;
    if (z < minZoom || z > maxZoom) return null;
    if (this.isClustered(z)) {
      const clusters = this.clusters();
      return clusters && clusterTile(clusters.getTile(z, x, y));
    }
    if (!this.shapes) return null;
    if (z <= this.sliceZoom) return this.sliced(z, x, y);
    const dz = z - this.sliceZoom;
    const px = x >> dz;
    const py = y >> dz;
    const parent = this.sliced(this.sliceZoom, px, py);
    return parent && overzoom(parent, dz, x - px * 2 ** dz, y - py * 2 ** dz, this.options.extent, this.options.buffer);
  }

  /** A sliced tile: the base's, less what changed, with the overlay's merged in by id. */
  private sliced(z: number, x: number, y: number): LayerTile | null {
    const base = this.shapes!.getTile(z, x, y) as LayerTile | null;
    if (this.removed.size === 0 && !this.overlay) return base;
    const kept = base ? base.features.filter((f) => f.id === undefined || !this.removed.has(f.id)) : [];
    const added = (this.overlay?.getTile(z, x, y) as LayerTile | null)?.features ?? [];
    const features = mergeById(kept, added);
    return features.length > 0 ? { features } : null;
  }
}

/** What a patched index shares with the one it was patched from. */
interface Patched {
  base: BaseFeatures;
  shapes: GeoJSONVT | null;
  removed: ReadonlySet<number>;
  changed: ReadonlyMap<number, SourceFeature>;
  dictionary: TagDictionary;
  /** The base's weight. */
  weight: number;
}

const BYTES_PER_FEATURE = 1200;
const BYTES_PER_VERTEX = 300;

function weightOf(f: SourceFeature): number {
  let vertices = 0;
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') vertices++;
    else for (const inner of c as unknown[]) visit(inner);
  };
  const g = f.geometry;
  if (g && g.type !== 'GeometryCollection') visit(g.coordinates);
  return BYTES_PER_FEATURE + BYTES_PER_VERTEX * vertices;
}

/** A feature as supercluster sees it: its representative point. */
interface ClusterPoint {
  id: number;
  at: Position | null;
  properties: TileProperties;
}

const clusterPoint = (f: SourceFeature): ClusterPoint => ({ id: f.id, at: representativePoint(f.geometry), properties: f.properties });

const byId = (a: { id?: number }, b: { id?: number }) => (a.id ?? 0) - (b.id ?? 0);

/** Two lists each ordered by id, as one. */
function mergeById<T extends { id?: number }>(a: readonly T[], b: readonly T[]): T[] {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byId(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** The bounding box of a geometry, degrees; null for an empty one. */
export function bboxOf(geometry: Geometry | null): Bbox | null {
  if (!geometry) return null;
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as number[];
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    } else for (const inner of c as unknown[]) visit(inner);
  };
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) visit('coordinates' in g ? g.coordinates : []);
  else visit(geometry.coordinates);
  return box[0] <= box[2] ? box : null;
}

function buildClusters(features: readonly ClusterPoint[], minZoom: number, maxZoom: number, opts: TileOptions): Supercluster<TileProperties> {
  const index = new Supercluster<TileProperties>({
    minZoom,
    maxZoom,
    extent: opts.extent,
    radius: (opts.clusterRadius * opts.extent) / 512,
    minPoints: opts.clusterMinPoints,
  });
  const points: Feature<Point, TileProperties>[] = [];
  for (const f of features) {
    if (f.at) points.push({ type: 'Feature', id: f.id, properties: f.properties, geometry: { type: 'Point', coordinates: f.at } });
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
  const box = bboxOf(geometry);
  return box ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : null;
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
