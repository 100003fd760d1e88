/**
 * Tile features to Mapbox Vector Tile 2.1 bytes (protobuf), one tile of one or several layers,
 * with vt-pbf. Layers without features are left out; a tile with no layer left is `null`, which
 * the server answers with 204 No Content.
 */
import vtpbf from 'vt-pbf';
import type { LayerTile } from './tile-index.js';

/** MVT spec version written in every layer (vector-tile-spec 2.1 still says version 2). */
export const MVT_VERSION = 2;

export const MVT_MEDIA_TYPE = 'application/vnd.mapbox-vector-tile';

/** Encodes the named layers in the order given; null when none has a feature. */
export function encodeTile(layers: ReadonlyArray<readonly [name: string, tile: LayerTile | null]>, extent: number): Uint8Array | null {
  const present: Record<string, LayerTile> = {};
  let any = false;
  for (const [name, tile] of layers) {
    if (tile && tile.features.length > 0) {
      present[name] = tile;
      any = true;
    }
  }
  return any ? vtpbf.fromGeojsonVt(present, { version: MVT_VERSION, extent }) : null;
}
