/**
 * The tile engine on synthetic features (no server, no database): what a decoder reads back from
 * the bytes it encodes.
 */
import { VectorTile, classifyRings } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Geometry } from 'geojson';
import { LayerIndex, type LayerSpec, type SourceFeature, type TileProperties } from '../../tiles/tile-index.js';
import { encodeTile } from '../../tiles/encode.js';
import { overzoom } from '../../tiles/overzoom.js';
import { tileAt, tileBounds, tilesCovering } from '../../tiles/tile-grid.js';

const EXTENT = 4096;
// Central Slovyansk, and a box about 6 × 4 km around it.
const CENTRE: [number, number] = [37.6146, 48.8517];
const CITY: [number, number, number, number] = [37.575, 48.83, 37.655, 48.87];

const registry: LayerSpec = { name: 'maf', minZoom: 10, maxZoom: 20, clusterBelowZoom: 14 };
const districts: LayerSpec = { name: 'districts', minZoom: 0, maxZoom: 18 };

const feature = (id: number, geometry: Geometry, properties: TileProperties = {}): SourceFeature => ({ type: 'Feature', id, geometry, properties });
const point = (id: number, lon: number, lat: number, properties?: TileProperties) => feature(id, { type: 'Point', coordinates: [lon, lat] }, properties);

/** A square footprint of `size` degrees with its corner at lon/lat, exterior counter-clockwise as RFC 7946 has it. */
const square = (lon: number, lat: number, size: number) => [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]];

/** Deterministic pseudo-random points in the city box (a linear congruential generator). */
function scatter(count: number, firstId = 1): SourceFeature[] {
  let seed = 42;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i) =>
    point(firstId + i, CITY[0] + next() * (CITY[2] - CITY[0]), CITY[1] + next() * (CITY[3] - CITY[1]), { legality: i % 3 ? 'legal' : 'expired' }));
}

function decode(bytes: Uint8Array): VectorTile {
  return new VectorTile(new PbfReader(bytes));
}

function layerOf(index: LayerIndex, z: number, x: number, y: number) {
  const bytes = encodeTile([[index.spec.name, index.getTile(z, x, y)]], EXTENT);
  return bytes && decode(bytes).layers[index.spec.name];
}

/** Surveyor's formula in tile coordinates (y down): positive for a ring clockwise on screen. */
const shoelace = (ring: { x: number; y: number }[]) =>
  ring.reduce((sum, p, i) => { const q = ring[(i + 1) % ring.length]; return sum + p.x * q.y - q.x * p.y; }, 0);

describe('A tile of polygons', () => {
  const hole = square(37.6135, 48.8508, 0.001).reverse();
  const block = feature(7, { type: 'Polygon', coordinates: [square(37.613, 48.8503, 0.002), hole] }, { number: 12 });
  const index = new LayerIndex(districts, [block]);
  const { z, x, y } = tileAt(37.614, 48.8513, 16);
  const layer = layerOf(index, z, x, y)!;

  test('has its exterior ring clockwise on screen and its hole counter-clockwise (MVT 2.1 §4.3.4.4)', () => {
    const rings = layer.feature(0).loadGeometry();
    expect(rings).toHaveLength(2);
    expect(shoelace(rings[0])).toBeGreaterThan(0);
    expect(shoelace(rings[1])).toBeLessThan(0);
    expect(classifyRings(rings)).toHaveLength(1); // one polygon with its hole, as a decoder reads it
  });

  test('decodes back to the same place, hole included', () => {
    const geojson = layer.feature(0).toGeoJSON(x, y, z);
    expect(geojson.geometry.type).toBe('Polygon');
    const [outer, inner] = (geojson.geometry as { coordinates: number[][][] }).coordinates;
    expect(outer).toHaveLength(5);
    expect(inner).toHaveLength(5);
    for (const [lon, lat] of outer) {
      expect([37.613, 37.615]).toContainEqual(expect.closeTo(lon, 5));
      expect([48.8503, 48.8523]).toContainEqual(expect.closeTo(lat, 5));
    }
  });

  test('keeps the feature id and the given properties', () => {
    expect(layer.feature(0).id).toBe(7);
    expect(layer.feature(0).properties).toEqual({ number: 12 });
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(EXTENT);
  });

  test('is cut to the tile and its buffer when the polygon is larger than the tile', () => {
    const big = new LayerIndex(districts, [feature(1, { type: 'Polygon', coordinates: [square(37.5, 48.8, 0.2)] })]);
    const cut = layerOf(big, z, x, y)!;
    const ring = cut.feature(0).loadGeometry()[0];
    for (const p of ring) {
      expect(p.x).toBeGreaterThanOrEqual(-64);
      expect(p.x).toBeLessThanOrEqual(EXTENT + 64);
    }
    expect(shoelace(ring)).toBeGreaterThan(0);
  });
});

describe('A clustered point layer', () => {
  const points = scatter(600);
  const index = new LayerIndex(registry, points);

  test('below clusterBelowZoom, counts add up to the number of points across the tiles of a zoom', () => {
    for (const z of [10, 12, 13]) {
      let total = 0;
      let clusters = 0;
      for (const t of tilesCovering(CITY, z)) {
        const layer = layerOf(index, t.z, t.x, t.y);
        for (let i = 0; layer && i < layer.length; i++) {
          const f = layer.feature(i);
          const [p] = f.loadGeometry()[0];
          if (p.x < 0 || p.y < 0 || p.x >= EXTENT || p.y >= EXTENT) continue; // a neighbour's, in the buffer
          if (f.properties.cluster === true) {
            clusters++;
            expect(f.id).toBeUndefined();
            expect(Object.keys(f.properties).sort()).toEqual(['cluster', 'cluster_id', 'point_count']);
            total += f.properties.point_count as number;
          } else {
            expect(f.id).toBeGreaterThan(0);
            total += 1;
          }
        }
      }
      expect(clusters).toBeGreaterThan(0);
      expect(total).toBe(points.length);
    }
  });

  test('from clusterBelowZoom on, every point is its own feature with its id and properties', () => {
    const t = tileAt(...CENTRE, 14);
    const [w, s, e, n] = tileBounds(t);
    const inside = points.filter((p) => {
      const [lon, lat] = (p.geometry as { coordinates: number[] }).coordinates;
      return lon >= w && lon < e && lat >= s && lat < n;
    });
    const layer = layerOf(index, t.z, t.x, t.y)!;
    const seen = new Map<number, Record<string, unknown>>();
    for (let i = 0; i < layer.length; i++) seen.set(layer.feature(i).id!, layer.feature(i).properties);
    expect(inside.length).toBeGreaterThan(5);
    for (const p of inside) expect(seen.get(p.id)).toEqual(p.properties);
  });

  test('counts a footprint in a cluster by its centre, so a count is a count of objects', () => {
    const mixed = new LayerIndex(registry, [...scatter(50), feature(1000, { type: 'Polygon', coordinates: [square(37.6146, 48.8517, 0.0001)] })]);
    let total = 0;
    for (const t of tilesCovering(CITY, 11)) {
      const layer = layerOf(mixed, t.z, t.x, t.y);
      for (let i = 0; layer && i < layer.length; i++) {
        const [p] = layer.feature(i).loadGeometry()[0];
        if (p.x >= 0 && p.y >= 0 && p.x < EXTENT && p.y < EXTENT) total += (layer.feature(i).properties.point_count as number) ?? 1;
      }
    }
    expect(total).toBe(51);
  });
});

describe('Zoom range', () => {
  const index = new LayerIndex(registry, [point(5, ...CENTRE), feature(6, { type: 'Polygon', coordinates: [square(37.6146, 48.8517, 0.00005)] })]);

  test('has nothing outside the layer’s zooms', () => {
    for (const z of [9, 21]) {
      const t = tileAt(...CENTRE, z);
      expect(index.getTile(t.z, t.x, t.y)).toBeNull();
    }
  });

  test('over-zooms z19 and z20 from z18 to the same places', () => {
    for (const z of [18, 19, 20]) {
      const t = tileAt(...CENTRE, z);
      const layer = layerOf(index, t.z, t.x, t.y)!;
      const byId = new Map(Array.from({ length: layer.length }, (_, i) => [layer.feature(i).id, layer.feature(i)]));
      const [lon, lat] = (byId.get(5)!.toGeoJSON(t.x, t.y, t.z).geometry as { coordinates: number[] }).coordinates;
      expect(lon).toBeCloseTo(CENTRE[0], 6);
      expect(lat).toBeCloseTo(CENTRE[1], 6);
      const ring = byId.get(6)!.loadGeometry()[0];
      expect(shoelace(ring)).toBeGreaterThan(0);
      // the footprint is ~5 m wide: 2 tile units per metre-ish at z18 grows 4 × by z20
      expect(shoelace(ring)).toBeGreaterThan(z === 20 ? 10_000 : 100);
    }
  });
});

describe('Over-zoom clipping', () => {
  test('cuts a ring covering the whole tile to the buffered square, clockwise still', () => {
    const ring: [number, number][] = [[-100, -100], [5000, -100], [5000, 5000], [-100, 5000], [-100, -100]];
    const out = overzoom({ features: [{ type: 3, geometry: [ring], tags: null, id: 1 }] }, 1, 0, 0, EXTENT, 64)!;
    const clipped = out.features[0].geometry as [number, number][][];
    const ring2 = clipped[0];
    expect(ring2).toHaveLength(5);
    expect(ring2[4]).toEqual(ring2[0]);
    expect(ring2.slice(0, 4)).toEqual(expect.arrayContaining([[-64, -64], [4160, -64], [4160, 4160], [-64, 4160]]));
    expect(shoelace(ring2.map(([x, y]) => ({ x, y })))).toBeGreaterThan(0);
  });

  test('drops a hole whose exterior left the tile, and keeps line parts inside', () => {
    const outer: [number, number][] = [[3000, 3000], [3000, 4000], [4000, 4000], [4000, 3000], [3000, 3000]];
    const line: [number, number][] = [[0, 100], [4000, 100], [4000, 3000]];
    const out = overzoom({ features: [{ type: 3, geometry: [outer], tags: null }, { type: 2, geometry: [line], tags: null }] }, 1, 0, 0, EXTENT, 64)!;
    expect(out.features).toHaveLength(1);
    expect(out.features[0].geometry).toEqual([[[0, 200], [4160, 200]]]);
  });
});

describe('Encoding', () => {
  test('a combined tile holds every layer that has features, and leaves empty ones out', () => {
    const a = new LayerIndex(districts, [feature(1, { type: 'Polygon', coordinates: [square(37.6, 48.84, 0.03)] })]);
    const b = new LayerIndex({ ...registry, clusterBelowZoom: undefined }, [point(2, ...CENTRE)]);
    const c = new LayerIndex({ name: 'comments', minZoom: 10, maxZoom: 20 }, []);
    const t = tileAt(...CENTRE, 15);
    const bytes = encodeTile([['districts', a.getTile(t.z, t.x, t.y)], ['maf', b.getTile(t.z, t.x, t.y)], ['comments', c.getTile(t.z, t.x, t.y)]], EXTENT)!;
    expect(Object.keys(decode(bytes).layers)).toEqual(['districts', 'maf']);
  });

  test('a tile with no features at all is null (the server answers 204)', () => {
    expect(encodeTile([['maf', null]], EXTENT)).toBeNull();
  });

  test('null properties are left out, since MVT has no null', () => {
    const index = new LayerIndex(districts, [point(3, ...CENTRE, { owner_name: null, legality: 'legal' })]);
    const t = tileAt(...CENTRE, 15);
    expect(layerOf(index, t.z, t.x, t.y)!.feature(0).properties).toEqual({ legality: 'legal' });
  });

  test('bad options are refused at once', () => {
    expect(() => new LayerIndex(districts, [], { sliceMaxZoom: 30 })).toThrow('sliceMaxZoom should be in the 0-24 range');
    expect(() => new LayerIndex({ name: 'x', minZoom: 5, maxZoom: 2 }, [])).toThrow('zoom range');
  });
});
