/**
 * The fixed list of tiles the benchmark asks for, weighted like real browsing of a city map:
 * zooms drawn mostly from z14-z16 (streets and blocks), fewer overviews and close-ups, at places
 * scattered around the centre (a normal distribution, σ 1.5 km), where people look most. The
 * tiles are distinct, so no request in a cold round is a repeat; a city has few distinct tiles
 * at low zooms, so the list ends up leaning to z15-z18. Deterministic: the same hromada gives
 * the same list on every run and every machine.
 */
import { tileAt, type TileAddress } from '../tile-grid.js';

/** Share of requests per zoom, from how a city map is used (open at z13-14, zoom in to a street). */
const ZOOM_WEIGHTS: Record<number, number> = { 12: 0.04, 13: 0.08, 14: 0.2, 15: 0.26, 16: 0.22, 17: 0.12, 18: 0.08 };
const SIGMA_KM = 1.5;

/** mulberry32: a small, fast, seeded generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct tiles around `center` inside `bbox` ([west, south, east, north]), in the order drawn. */
export function browsingTiles(center: [number, number], bbox: readonly number[], count = 500, seed = 20261123): TileAddress[] {
  const next = random(seed);
  const zooms = Object.entries(ZOOM_WEIGHTS).map(([z, w]) => [Number(z), w] as const);
  const pickZoom = () => {
    let r = next();
    for (const [z, w] of zooms) if ((r -= w) < 0) return z;
    return zooms[zooms.length - 1][0];
  };
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const kmPerDegreeLat = 111.32;
  const kmPerDegreeLon = kmPerDegreeLat * Math.cos((center[1] * Math.PI) / 180);

  const seen = new Set<string>();
  const tiles: TileAddress[] = [];
  for (let attempt = 0; tiles.length < count && attempt < count * 200; attempt++) {
    const lon = center[0] + (gaussian() * SIGMA_KM) / kmPerDegreeLon;
    const lat = center[1] + (gaussian() * SIGMA_KM) / kmPerDegreeLat;
    if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3]) continue;
    const t = tileAt(lon, lat, pickZoom());
    const key = `${t.z}/${t.x}/${t.y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    tiles.push(t);
  }
  return tiles;
}
