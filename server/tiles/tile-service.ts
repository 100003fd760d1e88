import { gzipSync } from 'node:zlib';
import type { Database } from '../db/database.js';
import type { AppContext } from '../context.js';
import type { Collection } from '../catalog/collections.js';
import type { CollectionVersions } from '../catalog/versions.js';
import { defaultTileOptions, type Bbox, type LayerIndex, type TileOptions } from '../../tiles/tile-index.js';
import { tileBounds } from '../../tiles/tile-grid.js';
import { encodeTile } from '../../tiles/encode.js';
import { TileCache, type TileCacheOptions } from '../../tiles/tile-cache.js';
import { DatabaseDay } from '../catalog/today.js';
import { loadLayer, preferredStrategy, readFeatures } from './layer-source.js';
import { tileMemoryMb } from '../memory-budget.js';

export interface TileServiceOptions {
  /** Layer indexes kept at once (a hromada's collection each); the least recently used goes first. */
  maxIndexes: number;
  /**
   * Estimated bytes (LayerIndex.weight) all indexes may hold together; past it the least recently
   * used go, so a process serving many hromadas keeps the ones in use and rebuilds an idle one
   * when it is asked for again (a build costs what the first one did).
   */
  memoryBytes: number;
  cache: Partial<TileCacheOptions>;
  tile: Partial<TileOptions>;
}

const defaultOptions: TileServiceOptions = {
  maxIndexes: 256,
  memoryBytes: 512 * 1024 * 1024,
  cache: {},
  tile: {},
};

/**
 * The layers of a tile of one hromada as they are now: each layer's version and the database's
 * day, known without building anything. A client holding a tile tagged with exactly these is
 * current (a 304 without work); otherwise the tile's own tag says (TileService.tile).
 */
export interface TileState {
  municipalityId: number;
  layers: { collection: Collection; key: string; version: number; day: string }[];
  /** "maf.12,advertising.3@2026-11-23": the layers, their versions, the day. */
  tag: string;
}

/** One step of an index from version `previous` to `version`: where tiles may differ (null: anywhere). */
interface IndexChange {
  previous: number;
  version: number;
  dirty: Bbox[] | null;
}

interface IndexEntry {
  day: string;
  /** The version this entry's index is for. */
  version: number;
  /** The index's weight once built (0 until then). */
  weight: number;
  index: Promise<LayerIndex>;
  /** The steps that led here, newest last (at most HISTORY), complete once `index` resolves. */
  history: IndexChange[];
}

/** Steps of an index remembered, to tell whether a tile cached some edits ago is still right. */
const HISTORY = 64;

/**
 * The version of a layer at which a tile (its area: the tile grown by its buffer) last changed:
 * walking back from the index's version through the steps it remembers, the newest step that
 * touched the area — or the version its memory starts at (where the index was built or rebuilt,
 * or the oldest step kept). Clustered zooms count as touched by any change of their layer: one
 * point more or less can move clusters far from it.
 *
 * The same data gives the same tile bytes on every server (the layer query is ORDER BY id), so a
 * tile's bytes at that version are its bytes now: the tag made of these versions names the bytes,
 * and an edit elsewhere in the layer, or in another layer, leaves it — and a client's ETag — as it was.
 * Two servers may name the same bytes by different versions (one remembers further back); then a
 * client revalidating across them gets the bytes again, never wrong ones.
 */
function lastChanged(entry: IndexEntry, index: LayerIndex, area: Bbox, z: number): number {
  let at = entry.version;
  for (let i = entry.history.length - 1; i >= 0; i--) {
    const step = entry.history[i];
    if (step.version !== at || step.dirty === null) break;
    if (step.dirty.length > 0 && index.isClustered(z)) break;
    if (step.dirty.some((b) => b[0] <= area[2] && b[2] >= area[0] && b[1] <= area[3] && b[3] >= area[1])) break;
    at = step.previous;
  }
  return at;
}

/**
 * Tiles of the catalog's collections, per hromada: an index per (hromada, collection) built on
 * first use from the public view, shared by concurrent first requests (one build promise).
 *
 * After an edit the index is not rebuilt: the triggers recorded which features each version
 * changed (migrations/0036_feature_changes.sql), so the next request reads just those from the
 * view and patches the index (LayerIndex.patch), and a cached tile that none of the changed
 * features touches (before or after the edit) keeps its bytes. Only a change that names no
 * features (an owner, a type, a boundary), a gap in the recorded changes, or a new day rebuilds.
 * Encoded tiles sit in a bounded LRU keyed by hromada, layers, day and z/x/y, stamped with the
 * layers' versions.
 */
export class TileService {
  private readonly options: TileServiceOptions;
  private readonly indexes = new Map<string, IndexEntry>();
  private readonly cache: TileCache;
  private readonly day: DatabaseDay;
  private readonly extent: number;
  private readonly buffer: number;
  /** What was done since start: for tests and the benchmark. */
  readonly stats = { builds: 0, patches: 0, encoded: 0, kept: 0, evicted: 0 };

  /** What the indexes of all hromadas may take together (estimated bytes; TILE_MEMORY_MB). */
  get memoryBudgetBytes(): number {
    return this.options.memoryBytes;
  }

  constructor(
    private readonly db: Database,
    private readonly versions: CollectionVersions,
    day: DatabaseDay = new DatabaseDay(db),
    options: Partial<TileServiceOptions> = {},
  ) {
    this.options = { ...defaultOptions, ...options };
    this.cache = new TileCache(this.options.cache);
    this.day = day;
    this.extent = this.options.tile.extent ?? defaultTileOptions.extent;
    this.buffer = this.options.tile.buffer ?? defaultTileOptions.buffer;
  }

  async state(municipalityId: number, collections: readonly Collection[]): Promise<TileState> {
    const [day, ...versions] = await Promise.all([this.day.get(), ...collections.map((c) => this.versions.get(municipalityId, c.id))]);
    const layers = collections.map((collection, i) => ({ collection, key: `${versions[i]}@${day}`, version: Number(versions[i]), day }));
    return { municipalityId, layers, tag: `${collections.map((c, i) => `${c.id}.${versions[i]}`).join(',')}@${day}` };
  }

  /**
   * The encoded tile (null when no layer has a feature in it) and its tag, what its bytes are
   * (see lastChanged): the ETag. A cached tile checked at these versions is answered as it is; one
   * checked at older versions is kept when its tag is still the tag, and cut again otherwise.
   */
  async tile(state: TileState, z: number, x: number, y: number): Promise<{ bytes: Uint8Array | null; tag: string; key: string }> {
    const day = state.layers[0]?.day ?? '';
    const cacheKey = `${state.municipalityId}|${state.layers.map((l) => l.collection.id).join(',')}@${day}|${z}/${x}/${y}`;
    const cached = this.cache.lookup(cacheKey);
    if (cached && cached.stamp === state.tag) return { bytes: cached.value, tag: cached.tag, key: cacheKey };
    const layers = await Promise.all(
      state.layers.map(async ({ collection, version }) => {
        if (z < collection.minZoom || z > collection.maxZoom) return { collection, entry: null, index: null };
        const entry = this.index(state.municipalityId, collection, version, day);
        return { collection, entry, index: await entry.index };
      }),
    );
    const [w, s, e, n] = tileBounds({ z, x, y });
    const mx = ((e - w) * this.buffer) / this.extent;
    const my = ((n - s) * this.buffer) / this.extent;
    const area: Bbox = [w - mx, s - my, e + mx, n + my];
    // a layer outside its zooms has nothing in the tile at any version
    const tag = `${layers.map(({ collection, entry, index }) => `${collection.id}.${entry && index ? lastChanged(entry, index, area, z) : 0}`).join(',')}@${day}`;
    if (cached && cached.tag === tag) {
      this.stats.kept++;
      this.cache.set(cacheKey, cached.value, state.tag, tag);
      return { bytes: cached.value, tag, key: cacheKey };
    }
    const bytes = encodeTile(layers.map(({ collection, index }) => [collection.id, index ? index.getTile(z, x, y) : null, index?.dictionary] as const), this.extent);
    this.stats.encoded++;
    this.cache.set(cacheKey, bytes, state.tag, tag);
    return { bytes, tag, key: cacheKey };
  }

  /**
   * The tile gzipped (level 6), for clients that accept it. The compression middleware does not
   * gzip MVT (`compressible` does not list its media type), and gzipping a warm tile on every
   * request would cost more than serving it, so each tile is compressed once and the copy kept
   * beside it in the tile cache, within its byte budget. `key`: the tile's, as tile() gave it.
   */
  gzip(key: string, bytes: Uint8Array): Uint8Array {
    let gzipped = this.cache.gzippedOf(key, bytes);
    if (!gzipped) {
      gzipped = gzipSync(bytes, { level: 6 });
      this.cache.keepGzipped(key, bytes, gzipped);
    }
    return gzipped;
  }

  /** The index of one collection of one hromada at this version and day: built once, then patched. */
  private index(municipalityId: number, collection: Collection, version: number, day: string): IndexEntry {
    const id = `${municipalityId}:${collection.id}`;
    const entry = this.indexes.get(id);
    if (entry && entry.day === day && entry.version === version) {
      this.indexes.delete(id); // most recently used last, as in the tile cache
      this.indexes.set(id, entry);
      return entry;
    }
    const next: IndexEntry = { day, version, weight: 0, history: [], index: Promise.resolve(null as unknown as LayerIndex) };
    if (entry && entry.day === day && entry.version < version) {
      next.index = entry.index.then((index) => this.update(index, entry, next, municipalityId, collection));
    } else {
      next.index = this.build(municipalityId, collection);
    }
    // a failed build is not remembered: the next request tries again
    next.index.then((index) => {
      next.weight = index.weight;
      this.keepWithinBudget(next);
    }, () => {
      if (this.indexes.get(id) === next) this.indexes.delete(id);
    });
    this.indexes.delete(id);
    this.indexes.set(id, next);
    while (this.indexes.size > this.options.maxIndexes) this.indexes.delete(this.indexes.keys().next().value as string);
    return next;
  }

  /** Drops the least recently used indexes while all of them weigh more than the budget (never `keep`). */
  private keepWithinBudget(keep: IndexEntry): void {
    let total = 0;
    for (const entry of this.indexes.values()) total += entry.weight;
    for (const [id, entry] of this.indexes) {
      if (total <= this.options.memoryBytes) break;
      if (entry === keep || entry.weight === 0) continue; // the one just built, or one still building
      this.indexes.delete(id);
      total -= entry.weight;
      this.stats.evicted++;
    }
  }

  /** Estimated bytes the indexes hold now. */
  get indexBytes(): number {
    let total = 0;
    for (const entry of this.indexes.values()) total += entry.weight;
    return total;
  }

  /** Forgets every index and cached tile: the next request of each is cold (the benchmark's "cold"). */
  forget(): void {
    this.indexes.clear();
    this.cache.clear();
  }

  /** Forgets the cached tiles only, so the next ones are cut from the indexes (bench:many). */
  forgetTiles(): void {
    this.cache.clear();
  }

  /** Bytes of encoded tiles cached, their gzip copies included. */
  get tileCacheBytes(): number {
    return this.cache.byteSize;
  }

  private build(municipalityId: number, collection: Collection): Promise<LayerIndex> {
    this.stats.builds++;
    return loadLayer(this.db, collection, municipalityId, this.options.tile).then(({ index }) => index);
  }

  /**
   * From `from`'s version to `to`'s by the recorded changes: read the features they name, patch.
   * A gap in the chain, a change naming no features, or a failure rebuilds from the whole view.
   */
  private async update(index: LayerIndex, from: IndexEntry, to: IndexEntry, municipalityId: number, collection: Collection): Promise<LayerIndex> {
    const remember = (dirty: Bbox[] | null) => {
      to.history = [...from.history, { previous: from.version, version: to.version, dirty }].slice(-HISTORY);
    };
    const { rows } = await this.db.query<{ version: string; previous: string; ids: number[] | null }>(
      `SELECT version::text AS version, previous::text AS previous, ids FROM collection_change
       WHERE municipality_id = $1 AND collection = $2 AND version > $3 AND version <= $4 ORDER BY version`,
      [municipalityId, collection.id, from.version, to.version],
    );
    let at = from.version;
    const ids = new Set<number>();
    for (const row of rows) {
      if (Number(row.previous) !== at || row.ids === null) break;
      for (const id of row.ids) ids.add(id);
      at = Number(row.version);
    }
    if (at !== to.version) {
      remember(null);
      return this.build(municipalityId, collection);
    }
    this.stats.patches++;
    if (ids.size === 0) {
      // an owner or a type with no objects in this layer: nothing to read, the same index serves
      remember([]);
      return index;
    }
    const named = [...ids].sort((a, b) => a - b);
    const now = await readFeatures(this.db, collection, municipalityId, preferredStrategy(this.db.kind), named);
    const patched = index.patch(named, now);
    if (!patched.index) {
      remember(null);
      return this.build(municipalityId, collection);
    }
    remember(patched.dirty);
    return patched.index;
  }

  close(): void {
    this.forget();
  }
}

const services = new WeakMap<AppContext, TileService>();

/** The one tile service of a server context, shared by the Express routes and the fast path. */
export function tileServiceFor(ctx: AppContext): TileService {
  let service = services.get(ctx);
  if (!service) {
    service = new TileService(ctx.db, ctx.versions, ctx.today, { memoryBytes: tileMemoryMb(ctx.config) * 1024 * 1024 });
    services.set(ctx, service);
  }
  return service;
}
