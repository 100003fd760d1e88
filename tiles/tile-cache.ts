/**
 * A small bounded LRU of encoded tiles, so a warm tile is one Map lookup. The caller's key names
 * the tile (hromada, layer set, day, z/x/y) but not what changes often: each entry carries a stamp
 * (when the caller last knew it current) and a tag (what its bytes are), so after an edit the
 * caller decides whether the entry still serves (server/tiles/tile-service.ts) and replaces it in
 * place when not.
 *
 * Empty tiles are cached too (as `null`): most of the grid around a city is empty, and a map
 * asks for those tiles as often as for full ones.
 *
 * A Map keeps insertion order, so re-inserting on every hit makes its first key the least recently
 * used one: eviction is `keys().next()`, no linked list needed.
 */

export interface TileCacheOptions {
  /** Upper bound on the bytes of tiles held, their gzip copies included (keys and entry overhead counted at ENTRY_OVERHEAD each). */
  maxBytes: number;
  /** Upper bound on entries, empty ones included. */
  maxEntries: number;
}

export const defaultTileCacheOptions: Readonly<TileCacheOptions> = {
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 50_000,
};

/** Rough cost of one entry besides its bytes (Map slot, key string, object headers). */
const ENTRY_OVERHEAD = 96;

/**
 * A cached tile. `stamp`: when the caller last knew it to be current (the layers' versions then);
 * `tag`: what the bytes are, which outlives stamps while edits leave the tile alone (the ETag).
 */
export interface CachedTile {
  value: Uint8Array | null;
  stamp: string;
  tag: string;
  /** The same bytes gzipped, once a client asked for them so: counted in the byte budget too. */
  gzipped?: Uint8Array;
}

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private bytes = 0;
  private readonly options: TileCacheOptions;
  hits = 0;
  misses = 0;

  constructor(options: Partial<TileCacheOptions> = {}) {
    this.options = { ...defaultTileCacheOptions, ...options };
    if (!(this.options.maxBytes > 0) || !(this.options.maxEntries > 0)) throw new Error('maxBytes and maxEntries should be positive');
  }

  /** The cached tile: bytes, `null` for a known empty tile, `undefined` when not cached. */
  get(key: string): Uint8Array | null | undefined {
    return this.lookup(key)?.value;
  }

  /**
   * The cached tile with its stamp. A caller whose key leaves out what changes often (a layer's
   * version) compares the stamp itself, and may keep the bytes of a tile an edit did not touch.
   */
  lookup(key: string): CachedTile | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key); // move to the most recently used end
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, value: Uint8Array | null, stamp = '', tag = stamp): void {
    const old = this.entries.get(key);
    // the same bytes again (a tile an edit left alone): its gzip copy still holds
    const entry: CachedTile = { value, stamp, tag, gzipped: old && old.value === value ? old.gzipped : undefined };
    const size = cost(key, entry);
    if (size > this.options.maxBytes) return;
    if (old !== undefined) {
      this.bytes -= cost(key, old);
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += size;
    this.evict();
  }

  /** The gzip copy of the tile cached under `key`, if it holds these bytes and has one (no LRU move: the caller just looked it up). */
  gzippedOf(key: string, value: Uint8Array): Uint8Array | undefined {
    const entry = this.entries.get(key);
    return entry && entry.value === value ? entry.gzipped : undefined;
  }

  /** Keeps `gzipped` beside the tile cached under `key`, if that still holds `value`; its bytes count in the budget. */
  keepGzipped(key: string, value: Uint8Array, gzipped: Uint8Array): void {
    const entry = this.entries.get(key);
    if (!entry || entry.value !== value || entry.gzipped) return;
    entry.gzipped = gzipped;
    this.bytes += gzipped.byteLength;
    this.evict();
  }

  private evict(): void {
    while (this.bytes > this.options.maxBytes || this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.bytes -= cost(oldest, this.entries.get(oldest)!);
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

const cost = (key: string, { value, gzipped }: CachedTile) => ENTRY_OVERHEAD + key.length * 2 + (value ? value.byteLength : 0) + (gzipped ? gzipped.byteLength : 0);
