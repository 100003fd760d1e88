/**
 * The Web Mercator tile grid (XYZ scheme, as OpenLayers, MapLibre and GDAL's MVT driver use it):
 * zoom z has 2^z × 2^z tiles, x grows eastwards from 180° W, y grows southwards from ~85.05° N.
 */

/** Deepest zoom the tile URLs accept; the catalog's layers stop at 20. */
export const MAX_TILE_ZOOM = 24;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** The tile at zoom z holding a WGS84 point. */
export function tileAt(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const sin = Math.sin((lat * Math.PI) / 180);
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * n);
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  return { z, x: clamp(x), y: clamp(y) };
}

/** [west, south, east, north] of a tile, degrees. */
export function tileBounds({ z, x, y }: TileAddress): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** Every tile at zoom z that a [west, south, east, north] box touches, row by row. */
export function tilesCovering(bbox: readonly [number, number, number, number], z: number): TileAddress[] {
  const nw = tileAt(bbox[0], bbox[3], z);
  const se = tileAt(bbox[2], bbox[1], z);
  const tiles: TileAddress[] = [];
  for (let y = nw.y; y <= se.y; y++) for (let x = nw.x; x <= se.x; x++) tiles.push({ z, x, y });
  return tiles;
}

/** Whether z/x/y names a tile of the grid. */
export function isTileAddress({ z, x, y }: TileAddress): boolean {
  if (!Number.isInteger(z) || z < 0 || z > MAX_TILE_ZOOM) return false;
  const n = 2 ** z;
  return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < n && y < n;
}
