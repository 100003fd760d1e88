/**
 * The street network of a demo hromada, in metres around its centre (see plane.ts).
 *
 * Each settlement gets a street grid turned to its own angle, its lines bent by a slow wave so
 * they do not look ruled, and cut where the settlement ends: every point belongs to the
 * settlement it is relatively nearest to (distance divided by the settlement's radius, a "power
 * diagram"), so neighbouring grids meet along a seam instead of crossing each other. Main roads
 * then join the settlements along a minimum spanning tree of their centres: a chain of districts
 * for Kryvyi Rih, a star around the centre for Slovyansk.
 *
 *        settlement A (grid at 20°)   seam   settlement B (grid at 65°)
 *          ─┼──┼──┼──┼─               ╎      ╲ ╱ ╲ ╱
 *          ─┼──┼──┼──┼─ ══ main road ═══════  ╳   ╳
 *          ─┼──┼──┼──┼─               ╎      ╱ ╲ ╱ ╲
 *
 * Grid spacing shrinks with √scale, so a benchmark at scale 20 gets about 4.5 times the streets
 * and houses 4.5 times closer: 20 times the addresses on the same territory.
 */
import type { CityProfile } from './cities.js';
import type { Ring, XY } from './plane.js';
import type { Random } from './random.js';

/**
 * One named street. Usually one piece of centre line; a main road between settlements is several
 * pieces, the built-up stretches, and its house numbers run on through the fields between them.
 */
export interface Street {
  /** Centre lines, each sampled every SAMPLE_STEP metres, in the order the numbering follows. */
  pieces: XY[][];
  /** Built-up length, metres. */
  length: number;
  /** A road between settlements (named first, as a проспект or a main street). */
  main: boolean;
  /** Houses per metre relative to the centre (1). */
  density: number;
}

/** Centre lines are sampled this often (metres); houses and kiosks are placed between samples. */
export const SAMPLE_STEP = 15;
/** A run shorter than this is a stub left by a seam or the boundary, not a street. */
const MIN_STREET_LENGTH = 120;

interface Territory {
  random: Random;
  boundary: Ring;
  city: CityProfile;
  /** Per settlement: a phase that makes its edge irregular rather than a circle. */
  edgePhase: number[];
}

/** The settlement a point belongs to, by distance over radius; -1 outside every built-up area. */
function settlementAt(t: Territory, x: number, y: number, reach = 1): number {
  let best = -1;
  let bestRatio = reach;
  t.city.settlements.forEach((s, i) => {
    const dx = x - s.at[0];
    const dy = y - s.at[1];
    const edge = s.radius * (1 + 0.18 * Math.sin(3 * Math.atan2(dy, dx) + t.edgePhase[i]));
    const ratio = Math.hypot(dx, dy) / edge;
    if (ratio < bestRatio) {
      bestRatio = ratio;
      best = i;
    }
  });
  return best;
}

/** Splits a sampled line into the runs where keep() holds, each long enough to be a street. */
function runs(points: XY[], keep: (p: XY) => boolean): XY[][] {
  const out: XY[][] = [];
  let current: XY[] = [];
  for (const p of points) {
    if (keep(p)) current.push(p);
    else {
      if (current.length * SAMPLE_STEP >= MIN_STREET_LENGTH) out.push(current);
      current = [];
    }
  }
  if (current.length * SAMPLE_STEP >= MIN_STREET_LENGTH) out.push(current);
  return out;
}

/** Points every SAMPLE_STEP from a to b, swaying sideways by a slow sine wave. */
function wavyLine(random: Random, a: XY, b: XY, sway: number): XY[] {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const ux = (b[0] - a[0]) / length;
  const uy = (b[1] - a[1]) / length;
  const wavelength = random.float(25, 50) * sway;
  const phase = random.float(0, 2 * Math.PI);
  const points: XY[] = [];
  for (let d = 0; d <= length; d += SAMPLE_STEP) {
    const off = sway * Math.sin((2 * Math.PI * d) / wavelength + phase);
    points.push([a[0] + ux * d - uy * off, a[1] + uy * d + ux * off]);
  }
  return points;
}

function gridStreets(t: Territory, index: number, scale: number): Street[] {
  const { random } = t;
  const s = t.city.settlements[index];
  const short = Math.max(20, s.block / Math.sqrt(scale));
  // Blocks are oblong, as most are: houses face the long streets, the cross streets are fewer.
  const long = short * random.float(1.4, 2.2);
  const angle = random.float(0, Math.PI / 2);
  const reach = s.radius * 1.25;
  const streets: Street[] = [];
  for (const family of [0, 1]) {
    const spacing = family === 0 ? short : long;
    const a = angle + (family * Math.PI) / 2;
    const u: XY = [Math.cos(a), Math.sin(a)];
    const n: XY = [-u[1], u[0]];
    const lines = Math.ceil(reach / spacing);
    for (let k = -lines; k <= lines; k++) {
      // Some streets stop at a park, a factory, a ravine: leave a few lines out.
      if (random.chance(0.12)) continue;
      const offset = (k + random.float(-0.2, 0.2)) * spacing;
      const cx = s.at[0] + n[0] * offset;
      const cy = s.at[1] + n[1] * offset;
      const line = wavyLine(random, [cx - u[0] * reach, cy - u[1] * reach], [cx + u[0] * reach, cy + u[1] * reach], spacing * 0.1);
      const keep = ([x, y]: XY) => settlementAt(t, x, y) === index && t.boundary.contains(x, y);
      for (const points of runs(line, keep)) {
        streets.push({ pieces: [points], length: (points.length - 1) * SAMPLE_STEP, main: false, density: s.density });
      }
    }
  }
  return streets;
}

/** Prim's minimum spanning tree over the settlement centres: which pairs a main road joins. */
function mainRoadPairs(city: CityProfile): [number, number][] {
  const n = city.settlements.length;
  const inTree = [0];
  const pairs: [number, number][] = [];
  const dist = (i: number, j: number) =>
    Math.hypot(city.settlements[i].at[0] - city.settlements[j].at[0], city.settlements[i].at[1] - city.settlements[j].at[1]);
  while (inTree.length < n) {
    let best: [number, number] | undefined;
    for (const i of inTree) {
      for (let j = 0; j < n; j++) {
        if (inTree.includes(j)) continue;
        if (!best || dist(i, j) < dist(best[0], best[1])) best = [i, j];
      }
    }
    pairs.push(best!);
    inTree.push(best![1]);
  }
  return pairs;
}

function mainRoads(t: Territory): Street[] {
  const streets: Street[] = [];
  for (const [i, j] of mainRoadPairs(t.city)) {
    const a = t.city.settlements[i];
    const b = t.city.settlements[j];
    const line = wavyLine(t.random, a.at, b.at, 120);
    // Between settlements a main road runs through fields: it has houses only where built up.
    const keep = ([x, y]: XY) => settlementAt(t, x, y, 1.1) >= 0 && t.boundary.contains(x, y);
    const pieces = runs(line, keep);
    if (pieces.length === 0) continue;
    const length = pieces.reduce((sum, p) => sum + (p.length - 1) * SAMPLE_STEP, 0);
    streets.push({ pieces, length, main: true, density: (a.density + b.density) / 2 });
  }
  return streets;
}

/** The street centre lines of a hromada: main roads first, then the grids, longest first. */
export function streetNetwork(city: CityProfile, boundary: Ring, random: Random, scale: number): Street[] {
  const t: Territory = {
    random,
    boundary,
    city,
    edgePhase: city.settlements.map(() => random.float(0, 2 * Math.PI)),
  };
  const grids = city.settlements.flatMap((_, i) => gridStreets(t, i, scale));
  grids.sort((a, b) => b.length - a.length);
  return [...mainRoads(t), ...grids];
}
