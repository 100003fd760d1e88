import type { SourceCrs } from './crs.js';
import type { Parsed, Reason } from './values.js';

/**
 * An object's place as the spreadsheet gives it, still in the file's CRS: a point, or a footprint
 * polygon (a multipolygon where one object stands in several parts). Rings are flat arrays
 * [x0, y0, x1, y1, …], closed (last vertex = first).
 */
export type SourceGeometry =
  | { type: 'Point'; x: number; y: number }
  | { type: 'Polygon'; rings: number[][] }
  | { type: 'MultiPolygon'; polygons: number[][][] }
  // Street centre lines (the base map's streets); readPlace admits them only where asked to.
  | { type: 'LineString'; points: number[] }
  | { type: 'MultiLineString'; lines: number[][] };

const fail = (code: string, uk: string, en: string): Parsed<never> => ({ ok: false, reason: { code, uk, en } });

/**
 * Reads WKT: POINT, POLYGON, MULTIPOLYGON, 2D, decimal point (WKT has no decimal commas: its
 * commas separate vertices). An "SRID=…;" prefix is refused rather than silently trusted or
 * ignored: the CRS is what --crs says, for every row.
 */
export function parseWkt(text: string): Parsed<SourceGeometry> {
  const t = text.trim();
  if (/^SRID=/i.test(t)) return fail('bad_wkt', 'WKT без префікса SRID=…; систему координат задає --crs', 'WKT without an SRID=… prefix; --crs gives the CRS');
  const match = /^(POINT|POLYGON|MULTIPOLYGON|LINESTRING|MULTILINESTRING)\s*\((.*)\)$/is.exec(t);
  if (!match) return fail('bad_wkt', 'очікується WKT: POINT(x y), POLYGON((…)) або MULTIPOLYGON(((…)))', 'expected WKT: POINT(x y), POLYGON((…)) or MULTIPOLYGON(((…)))');
  const type = match[1].toUpperCase();
  try {
    if (type === 'POINT') {
      const xy = vertices(match[2]);
      if (xy.length !== 2) throw new WktError('точка має дві координати', 'a point has two coordinates');
      return { ok: true, value: { type: 'Point', x: xy[0], y: xy[1] } };
    }
    if (type === 'POLYGON') return { ok: true, value: { type: 'Polygon', rings: polygon(match[2]) } };
    if (type === 'LINESTRING') return { ok: true, value: { type: 'LineString', points: line(match[2]) } };
    if (type === 'MULTILINESTRING') return { ok: true, value: { type: 'MultiLineString', lines: splitGroups(match[2]).map((l) => line(unwrap(l))) } };
    const parts = splitGroups(match[2]);
    return { ok: true, value: { type: 'MultiPolygon', polygons: parts.map((p) => polygon(unwrap(p))) } };
  } catch (error) {
    if (error instanceof WktError) return { ok: false, reason: error.reason };
    throw error;
  }
}

class WktError extends Error {
  readonly reason: Reason;
  constructor(uk: string, en: string) {
    super(en);
    this.reason = { code: 'bad_wkt', uk: `некоректний WKT: ${uk}`, en: `invalid WKT: ${en}` };
  }
}

/** "x y, x y, …" → [x, y, x, y, …] */
function vertices(text: string): number[] {
  const out: number[] = [];
  for (const vertex of text.split(',')) {
    const parts = vertex.trim().split(/\s+/);
    if (parts.length !== 2) throw new WktError(`вершина «${vertex.trim()}» має мати дві координати`, `vertex "${vertex.trim()}" must have two coordinates`);
    for (const p of parts) {
      const v = Number(p);
      if (p === '' || !Number.isFinite(v)) throw new WktError(`«${p}» не число`, `"${p}" is not a number`);
      out.push(v);
    }
  }
  return out;
}

function polygon(text: string): number[][] {
  const rings = splitGroups(text).map((r) => vertices(unwrap(r)));
  for (const ring of rings) {
    const n = ring.length;
    if (n < 8) throw new WktError('кільце має щонайменше 4 вершини', 'a ring has at least 4 vertices');
    if (ring[0] !== ring[n - 2] || ring[1] !== ring[n - 1]) throw new WktError('кільце не замкнене: остання вершина має збігатися з першою', 'ring not closed: the last vertex must equal the first');
  }
  return rings;
}

function line(text: string): number[] {
  const points = vertices(text);
  if (points.length < 4) throw new WktError('лінія має щонайменше 2 вершини', 'a line has at least 2 vertices');
  return points;
}

/** "(a), (b)" → ["(a)", "(b)"], by bracket depth. */
function splitGroups(text: string): string[] {
  const groups: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') {
      if (depth++ === 0) start = i;
    } else if (c === ')') {
      if (--depth === 0) groups.push(text.slice(start, i + 1));
      if (depth < 0) break;
    } else if (depth === 0 && c !== ',' && !/\s/.test(c)) {
      throw new WktError('зайві символи між дужками', 'unexpected characters between brackets');
    }
  }
  if (depth !== 0 || groups.length === 0) throw new WktError('дужки не збігаються', 'unbalanced brackets');
  return groups;
}

const unwrap = (group: string) => group.trim().slice(1, -1);

/** The same geometry with x and y exchanged in every vertex: what a swapped X/Y column pair gives. */
export function swapAxes(g: SourceGeometry): SourceGeometry {
  const swapRing = (ring: number[]) => ring.map((_, i) => ring[i % 2 === 0 ? i + 1 : i - 1]);
  if (g.type === 'Point') return { type: 'Point', x: g.y, y: g.x };
  if (g.type === 'Polygon') return { type: 'Polygon', rings: g.rings.map(swapRing) };
  if (g.type === 'LineString') return { type: 'LineString', points: swapRing(g.points) };
  if (g.type === 'MultiLineString') return { type: 'MultiLineString', lines: g.lines.map(swapRing) };
  return { type: 'MultiPolygon', polygons: g.polygons.map((p) => p.map(swapRing)) };
}

/**
 * The geometry in WGS 84 as WKT (longitude first, as PostGIS stores EPSG:4326), or the reason it
 * cannot be: a transformation that fails or leaves the globe means the numbers are not in this CRS.
 * Full double precision: a re-import produces the very same text, so "unchanged" is exact.
 */
export function toWgs84Wkt(g: SourceGeometry, crs: SourceCrs): Parsed<string> {
  const ring = (flat: number[]): string | undefined => {
    const out: string[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const lonLat = project(crs, flat[i], flat[i + 1]);
      if (!lonLat) return undefined;
      out.push(`${lonLat[0]} ${lonLat[1]}`);
    }
    return `(${out.join(',')})`;
  };
  let wkt: string | undefined;
  if (g.type === 'Point') {
    const p = project(crs, g.x, g.y);
    wkt = p && `POINT(${p[0]} ${p[1]})`;
  } else if (g.type === 'Polygon') {
    const rings = g.rings.map(ring);
    wkt = rings.every(Boolean) ? `POLYGON(${rings.join(',')})` : undefined;
  } else if (g.type === 'LineString') {
    const points = ring(g.points);
    wkt = points && `LINESTRING${points}`;
  } else if (g.type === 'MultiLineString') {
    const lines = g.lines.map(ring);
    wkt = lines.every(Boolean) ? `MULTILINESTRING(${lines.join(',')})` : undefined;
  } else {
    const polygons = g.polygons.map((p) => p.map(ring));
    wkt = polygons.every((p) => p.every(Boolean)) ? `MULTIPOLYGON(${polygons.map((p) => `(${p.join(',')})`).join(',')})` : undefined;
  }
  if (wkt === undefined) {
    return fail('not_in_crs', `координати не перераховуються з ${crs.label}: схоже, вони не в цій системі`, `coordinates do not transform from ${crs.label}: they look like another CRS`);
  }
  return { ok: true, value: wkt };
}

function project(crs: SourceCrs, x: number, y: number): [number, number] | undefined {
  try {
    const [lon, lat] = crs.toWgs84(x, y);
    return Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : undefined;
  } catch {
    return undefined;
  }
}
