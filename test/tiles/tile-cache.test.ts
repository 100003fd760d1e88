import { TileCache } from '../../tiles/tile-cache.js';

const bytes = (n: number) => new Uint8Array(n);

describe('The encoded-tile cache', () => {
  test('answers a cached tile, a known empty tile (null) and an unknown one (undefined) apart', () => {
    const cache = new TileCache();
    cache.set('1|maf|v2@2026-11-23|14/9903/5636', bytes(10));
    cache.set('1|maf|v2@2026-11-23|14/0/0', null);
    expect(cache.get('1|maf|v2@2026-11-23|14/9903/5636')).toHaveLength(10);
    expect(cache.get('1|maf|v2@2026-11-23|14/0/0')).toBeNull();
    expect(cache.get('1|maf|v3@2026-11-23|14/9903/5636')).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
  });

  test('evicts the least recently used tile when it holds too many', () => {
    const cache = new TileCache({ maxEntries: 2 });
    cache.set('a', bytes(1));
    cache.set('b', bytes(1));
    cache.get('a'); // a is now more recent than b
    cache.set('c', bytes(1));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  test('stays under its byte budget, and refuses a tile larger than the whole budget', () => {
    const cache = new TileCache({ maxBytes: 10_000 });
    for (let i = 0; i < 20; i++) cache.set(`t${i}`, bytes(1000));
    expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    expect(cache.get('t19')).toBeDefined();
    expect(cache.get('t0')).toBeUndefined();
    cache.set('huge', bytes(20_000));
    expect(cache.get('huge')).toBeUndefined();
  });

  test("counts a tile's gzip copy in its byte budget, keeps it while the tile keeps its bytes, and drops it with them", () => {
    const cache = new TileCache({ maxBytes: 10_000 });
    const tile = bytes(1000);
    cache.set('a', tile, 'v1');
    const before = cache.byteSize;
    cache.keepGzipped('a', tile, bytes(400));
    expect(cache.byteSize).toBe(before + 400);
    cache.set('a', tile, 'v2'); // an edit elsewhere: the same bytes, checked again
    expect(cache.gzippedOf('a', tile)).toHaveLength(400);
    expect(cache.byteSize).toBe(before + 400);
    const recut = bytes(1000);
    cache.set('a', recut, 'v3'); // cut again: the old copy is not the new bytes' gzip
    expect(cache.gzippedOf('a', recut)).toBeUndefined();
    expect(cache.byteSize).toBe(before);
    // copies push tiles out as tiles do
    for (let i = 0; i < 8; i++) {
      cache.set(`t${i}`, bytes(1000));
      cache.keepGzipped(`t${i}`, cache.get(`t${i}`)!, bytes(500));
    }
    expect(cache.byteSize).toBeLessThanOrEqual(10_000);
    expect(cache.get('a')).toBeUndefined();
  });
});
