/**
 * Over-zoom: a tile deeper than the index slices to, cut out of its ancestor tile.
 *
 * geojson-vt returns nothing below its maxZoom (it leaves over-zooming to the renderer), but our
 * URLs serve every zoom of a layer's range. The index slices to z18, where one tile unit is
 * ~2.4 cm at 49° N, so a z19/z20 tile loses nothing by being scaled up from its z18 ancestor:
 *
 *      ancestor (z0)                       child at z0+2, dx=1 dy=2
 *   ┌───┬───┬───┬───┐
 *   │   │   │   │   │     scale × 2^dz, shift by (dx, dy) × extent,
 *   ├───┼───┼───┼───┤     then clip to the buffered square
 *   │   │   │   │   │       [-buffer, extent + buffer]²:
 *   ├───┼───┼───┼───┤     points outside are dropped, lines are cut
 *   │   │ ▓ │   │   │     into parts (Liang–Barsky per segment),
 *   ├───┼───┼───┼───┤     rings are clipped edge by edge
 *   │   │   │   │   │     (Sutherland–Hodgman), keeping their winding.
 *   └───┴───┴───┴───┘
 *
 * Scaling by a positive factor and clipping both keep a ring's orientation, so the MVT winding
 * geojson-vt produced (exterior rings clockwise on screen) survives.
 */
import type { LayerTile, TileFeature } from './tile-index.js';

type XY = [number, number];

/**
 * The tile `dz` zooms below `parent`, at offset (dx, dy) inside it (0 ≤ dx, dy < 2^dz), with
 * coordinates in the same extent; null when nothing of the parent falls inside.
 */
export function overzoom(parent: LayerTile, dz: number, dx: number, dy: number, extent: number, buffer: number): LayerTile | null {
  const scale = 2 ** dz;
  const ox = dx * extent;
  const oy = dy * extent;
  const lo = -buffer;
  const hi = extent + buffer;
  const move = (p: XY): XY => [p[0] * scale - ox, p[1] * scale - oy];
  const features: TileFeature[] = [];

  for (const f of parent.features) {
    let geometry: XY[] | XY[][];
    if (f.type === 1) {
      geometry = f.geometry.map(move).filter(([x, y]) => x >= lo && x <= hi && y >= lo && y <= hi);
    } else if (f.type === 2) {
      const parts: XY[][] = [];
      for (const line of f.geometry) clipLine(line.map(move), lo, hi, parts);
      geometry = parts;
    } else {
      geometry = clipPolygonRings(f.geometry.map((ring) => ring.map(move)), lo, hi);
    }
    if (geometry.length === 0) continue;
    const out = { type: f.type, geometry, tags: f.tags } as TileFeature;
    if (f.id !== undefined) out.id = f.id;
    features.push(out);
  }
  return features.length ? { features } : null;
}

/** Cuts a line into the parts inside the box, appending them (rounded) to `out`. */
function clipLine(line: XY[], lo: number, hi: number, out: XY[][]): void {
  let part: XY[] | null = null;
  for (let i = 0; i + 1 < line.length; i++) {
    const seg = clipSegment(line[i], line[i + 1], lo, hi);
    if (!seg) {
      if (part) out.push(part);
      part = null;
      continue;
    }
    const [a, b, t0, t1] = seg;
    if (!part || t0 > 0) {
      if (part) out.push(part);
      part = [round(a)];
    }
    part.push(round(b));
    if (t1 < 1) {
      out.push(part);
      part = null;
    }
  }
  if (part) out.push(part);
  for (let i = out.length - 1; i >= 0; i--) if (out[i].length < 2) out.splice(i, 1);
}

/** Liang–Barsky: the part of segment a→b inside the box, with its parameters t0 ≤ t1 on the segment. */
function clipSegment(a: XY, b: XY, lo: number, hi: number): [XY, XY, number, number] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [[-dx, a[0] - lo], [dx, hi - a[0]], [-dy, a[1] - lo], [dy, hi - a[1]]];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const t = q / p;
      if (p < 0) { if (t > t1) return null; if (t > t0) t0 = t; }
      else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
  }
  return [[a[0] + t0 * dx, a[1] + t0 * dy], [a[0] + t1 * dx, a[1] + t1 * dy], t0, t1];
}

/**
 * Clips the rings of one polygon feature (exteriors each followed by their holes, as geojson-vt
 * orders them). A hole whose exterior vanished goes with it.
 */
function clipPolygonRings(rings: XY[][], lo: number, hi: number): XY[][] {
  const out: XY[][] = [];
  const exteriorSign = Math.sign(signedArea(rings[0] ?? []));
  let exteriorKept = false;
  for (const ring of rings) {
    const isExterior = Math.sign(signedArea(ring)) === exteriorSign;
    if (!isExterior && !exteriorKept) continue;
    const clipped = clipRing(ring, lo, hi);
    if (isExterior) exteriorKept = clipped !== null;
    if (clipped) out.push(clipped);
  }
  return out;
}

/** Sutherland–Hodgman against the four sides of the box; a closed, rounded ring or null. */
function clipRing(ring: XY[], lo: number, hi: number): XY[] | null {
  let points = ring.slice(0, ring.length - 1); // drop the closing point while clipping
  const sides: [axis: 0 | 1, bound: number, keepBelow: boolean][] = [[0, lo, false], [0, hi, true], [1, lo, false], [1, hi, true]];
  for (const [axis, bound, keepBelow] of sides) {
    const inside = (p: XY) => (keepBelow ? p[axis] <= bound : p[axis] >= bound);
    const next: XY[] = [];
    for (let i = 0; i < points.length; i++) {
      const cur = points[i];
      const prev = points[(i + points.length - 1) % points.length];
      if (inside(cur)) {
        if (!inside(prev)) next.push(intersect(prev, cur, axis, bound));
        next.push(cur);
      } else if (inside(prev)) {
        next.push(intersect(prev, cur, axis, bound));
      }
    }
    points = next;
    if (points.length < 3) return null;
  }
  const rounded: XY[] = [];
  for (const p of points) {
    const r = round(p);
    const last = rounded[rounded.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) rounded.push(r);
  }
  if (rounded.length > 1 && rounded[0][0] === rounded[rounded.length - 1][0] && rounded[0][1] === rounded[rounded.length - 1][1]) rounded.pop();
  if (rounded.length < 3 || signedArea([...rounded, rounded[0]]) === 0) return null;
  rounded.push([rounded[0][0], rounded[0][1]]);
  return rounded;
}

function intersect(a: XY, b: XY, axis: 0 | 1, bound: number): XY {
  const t = (bound - a[axis]) / (b[axis] - a[axis]);
  return axis === 0 ? [bound, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), bound];
}

/** Twice the signed area (shoelace) of a closed ring. */
function signedArea(ring: XY[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[i][1] + ring[j][1]);
  return sum;
}

const round = (p: XY): XY => [Math.round(p[0]), Math.round(p[1])];
