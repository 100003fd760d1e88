/**
 * The encoder interns keys and values once per index (tiles/encode.ts) and writes vt-pbf's bytes,
 * field for field: the same tiles decoders and GDAL already read. Compared over every tile of a
 * synthetic city at several zooms, clusters included, with every kind of value MVT holds.
 */
import { describe, expect, test } from '@jest/globals';
import vtpbf from 'vt-pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { encodeTile, TagDictionary } from '../../tiles/encode.js';
import { LayerIndex, type LayerTile, type SourceFeature } from '../../tiles/tile-index.js';
import { tilesCovering } from '../../tiles/tile-grid.js';

const CITY: [number, number, number, number] = [37.575, 48.83, 37.655, 48.87];

function city(count: number): SourceFeature[] {
  let seed = 11;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i): SourceFeature => {
    const lon = CITY[0] + next() * 0.08;
    const lat = CITY[1] + next() * 0.04;
    const geometry = i % 5 === 0
      ? { type: 'Polygon' as const, coordinates: [[[lon, lat], [lon + 0.0003, lat], [lon + 0.0003, lat + 0.0002], [lon, lat + 0.0002], [lon, lat]]] }
      : i % 5 === 1
        ? { type: 'LineString' as const, coordinates: [[lon, lat], [lon + 0.002, lat + 0.001], [lon + 0.003, lat - 0.001]] }
        : { type: 'Point' as const, coordinates: [lon, lat] };
    return {
      type: 'Feature', id: i + 1, geometry,
      // strings, a string that looks like a number, integers, negatives, fractions, booleans, nulls
      properties: { name: `вулиця ${i % 97}`, code: String(i % 7), levels: i % 9, delta: -(i % 4), area: (i % 13) / 4, lit: i % 2 === 0, gone: i % 3 ? null : 'так' },
    };
  });
}

const vtPbf = (layers: [string, LayerTile | null][]) => {
  const present = Object.fromEntries(layers.filter(([, t]) => t && t.features.length > 0));
  return Object.keys(present).length ? Buffer.from(vtpbf.fromGeojsonVt(present as never, { version: 2, extent: 4096 })) : null;
};

describe('The interned encoder', () => {
  const shapes = new LayerIndex({ name: 'streets', minZoom: 10, maxZoom: 20 }, city(4000));
  const points = new LayerIndex({ name: 'maf', minZoom: 10, maxZoom: 20, clusterBelowZoom: 14 }, city(3000).map((f) => ({ ...f, geometry: { type: 'Point', coordinates: (f.geometry as { coordinates: number[] }).coordinates.flat().slice(0, 2) } })));

  test.each([12, 13, 14, 15, 16, 17, 19])('writes the bytes vt-pbf writes for every tile of the city at z%i, two layers at once', (z) => {
    let compared = 0;
    for (const t of tilesCovering(CITY, z)) {
      const layers: [string, LayerTile | null][] = [['streets', shapes.getTile(z, t.x, t.y)], ['maf', points.getTile(z, t.x, t.y)]];
      const ours = encodeTile([[layers[0][0], layers[0][1], shapes.dictionary], [layers[1][0], layers[1][1], points.dictionary]], 4096);
      const theirs = vtPbf(layers);
      expect(ours === null ? null : Buffer.from(ours).toString('hex')).toBe(theirs?.toString('hex') ?? null);
      if (theirs) compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  test('reads back as the properties went in (nulls left out), numbered per tile in order of first use', () => {
    const dictionary = new TagDictionary();
    const tile: LayerTile = { features: [
      { id: 1, type: 1, geometry: [[10, 10]], tags: { a: 'x', b: 2, c: null } },
      { id: 2, type: 1, geometry: [[20, 20]], tags: { b: 2.5, a: 'x', d: true } },
    ] };
    // an earlier tile met other keys first: this one still numbers its own from 0
    encodeTile([['l', { features: [{ id: 9, type: 1, geometry: [[1, 1]], tags: { z: -1, d: false } }] }, dictionary]], 4096);
    const layer = new VectorTile(new PbfReader(encodeTile([['l', tile, dictionary]], 4096)!)).layers.l;
    expect([layer.feature(0).properties, layer.feature(1).properties]).toEqual([{ a: 'x', b: 2 }, { b: 2.5, a: 'x', d: true }]);
    expect(Buffer.from(encodeTile([['l', tile, dictionary]], 4096)!).equals(vtPbf([['l', tile]])!)).toBe(true);
  });

  test('leaves out empty layers, and gives null when none is left', () => {
    expect(encodeTile([['maf', null], ['streets', { features: [] }]], 4096)).toBeNull();
  });
});
