import { gzipSync } from 'node:zlib';
import type { Database } from '../db/database.js';
import type { AppContext } from '../context.js';
import type { Collection } from '../catalog/collections.js';
import type { CollectionVersions } from '../catalog/versions.js';
import { defaultTileOptions, type LayerIndex, type TileOptions } from '../../tiles/tile-index.js';
import { encodeTile } from '../../tiles/encode.js';
import { TileCache, type TileCacheOptions } from '../../tiles/tile-cache.js';
import { DatabaseDay } from '../catalog/today.js';
import { loadLayer } from './layer-source.js';

export interface TileServiceOptions {
  /** Layer indexes kept at once (a hromada's collection each); the least recently used goes first. */
  maxIndexes: number;
  cache: Partial<TileCacheOptions>;
  tile: Partial<TileOptions>;
}

const defaultOptions: TileServiceOptions = {
  maxIndexes: 64,
  cache: {},
  tile: {},
};

/**
 * What a tile of some layers of one hromada depends on: each layer's version and the database's
 * day. It names the ETag and the cache entries, so it is known before any index is built.
 */
export interface TileState {
  municipalityId: number;
  layers: { collection: Collection; key: string }[];
  /** "maf.12,advertising.3@2026-11-23": the layers, their versions, the day. */
  tag: string;
}

interface IndexEntry {
  key: string;
  index: Promise<LayerIndex>;
}

/**
 * Tiles of the catalog's collections, per hromada: an index per (hromada, collection) built on
 * first use from the public view, shared by concurrent first requests (one build promise), and
 * replaced when the collection's version or the day changes. A version change announced by
 * NOTIFY (from this process or another on the same PostgreSQL) drops the index at once, so memory
 * is freed before the next request. Encoded tiles sit in a bounded LRU keyed by the state.
 */
export class TileService {
  private readonly options: TileServiceOptions;
  private readonly indexes = new Map<string, IndexEntry>();
  private readonly cache: TileCache;
  /**
   * gzip of cached tiles, made once per tile; an entry goes when the LRU lets its tile go (not
   * counted in the LRU's byte budget: about half as much again).
   */
  private readonly gzipped = new WeakMap<Uint8Array, Buffer>();
  private readonly day: DatabaseDay;
  private readonly extent: number;
  private readonly unsubscribe: () => void;

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
    this.unsubscribe = versions.onChange((municipalityId, collection) => {
      this.indexes.delete(`${municipalityId}:${collection}`);
    });
  }

  async state(municipalityId: number, collections: readonly Collection[]): Promise<TileState> {
    const [day, ...versions] = await Promise.all([this.day.get(), ...collections.map((c) => this.versions.get(municipalityId, c.id))]);
    const layers = collections.map((collection, i) => ({ collection, key: `${versions[i]}@${day}` }));
    return { municipalityId, layers, tag: `${collections.map((c, i) => `${c.id}.${versions[i]}`).join(',')}@${day}` };
  }

  /** The encoded tile, or null when no layer has a feature in it. */
  async tile(state: TileState, z: number, x: number, y: number): Promise<Uint8Array | null> {
    const cacheKey = `${state.municipalityId}|${state.tag}|${z}/${x}/${y}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const layers = await Promise.all(
      state.layers.map(async ({ collection, key }) => {
        if (z < collection.minZoom || z > collection.maxZoom) return [collection.id, null] as const;
        const index = await this.index(state.municipalityId, collection, key);
        return [collection.id, index.getTile(z, x, y)] as const;
      }),
    );
    const bytes = encodeTile(layers, this.extent);
    this.cache.set(cacheKey, bytes);
    return bytes;
  }

  /**
   * The tile gzipped (level 6), for clients that accept it. The compression middleware does not
   * gzip MVT (`compressible` does not list its media type), and gzipping a warm tile on every
   * request would cost more than serving it, so each tile is compressed once.
   */
  gzip(bytes: Uint8Array): Buffer {
    let gzipped = this.gzipped.get(bytes);
    if (!gzipped) {
      gzipped = gzipSync(bytes, { level: 6 });
      this.gzipped.set(bytes, gzipped);
    }
    return gzipped;
  }

  /** The index of one collection of one hromada for this version and day, built once. */
  private index(municipalityId: number, collection: Collection, key: string): Promise<LayerIndex> {
    const id = `${municipalityId}:${collection.id}`;
    const entry = this.indexes.get(id);
    if (entry && entry.key === key) {
      this.indexes.delete(id); // most recently used last, as in the tile cache
      this.indexes.set(id, entry);
      return entry.index;
    }
    const built: IndexEntry = {
      key,
      index: loadLayer(this.db, collection, municipalityId, this.options.tile).then(({ index }) => index),
    };
    // a failed build is not remembered: the next request tries again
    built.index.catch(() => {
      if (this.indexes.get(id) === built) this.indexes.delete(id);
    });
    this.indexes.delete(id);
    this.indexes.set(id, built);
    while (this.indexes.size > this.options.maxIndexes) this.indexes.delete(this.indexes.keys().next().value as string);
    return built.index;
  }

  close(): void {
    this.unsubscribe();
    this.indexes.clear();
    this.cache.clear();
  }
}

const services = new WeakMap<AppContext, TileService>();

/** The one tile service of a server context, shared by the Express routes and the fast path. */
export function tileServiceFor(ctx: AppContext): TileService {
  let service = services.get(ctx);
  if (!service) {
    service = new TileService(ctx.db, ctx.versions, ctx.today);
    services.set(ctx, service);
  }
  return service;
}
