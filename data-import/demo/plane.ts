/**
 * Plane geometry for the generator. Streets, houses and kiosks are laid out in metres east (x)
 * and north (y) of the city centre, where "a house every 30 m" and "5 m from the kerb" mean what
 * they say, and turned into WGS84 longitude/latitude only on the way into the database.
 *
 * An equirectangular projection around the centre is exact enough: across a 65 km city its scale
 * error stays under 0.1 %, far below anything the demo draws.
 */

export type XY = readonly [number, number];

/** Coordinates are stored to 7 decimals (≈ 1 cm): enough, and the same text on every machine. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export class LocalPlane {
  /** Metres per degree of latitude and of longitude at the centre (WGS84 ellipsoid series). */
  private readonly mPerDegLat: number;
  private readonly mPerDegLon: number;

  constructor(readonly center: XY) {
    const phi = (center[1] * Math.PI) / 180;
    this.mPerDegLat = 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
    this.mPerDegLon = 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
  }

  /** [lon, lat] of a point given in metres from the centre. */
  toLonLat(x: number, y: number): [number, number] {
    return [round7(this.center[0] + x / this.mPerDegLon), round7(this.center[1] + y / this.mPerDegLat)];
  }

  /** WKT of a polygon ring given in metres (closed here), for ST_GeomFromText. */
  polygonWkt(ring: readonly XY[]): string {
    const pts = [...ring, ring[0]].map(([x, y]) => this.toLonLat(x, y).join(' '));
    return `POLYGON((${pts.join(',')}))`;
  }
}

/** Ray casting: is the point inside the ring (a closed polygon without holes)? */
function insideRing(ring: readonly XY[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const UNKNOWN = 0;
const INSIDE = 1;
const OUTSIDE = 2;
const EDGE = 3;

/**
 * A polygon ring (the hromada's boundary) that answers "is this point inside?" quickly. Houses,
 * kiosks and comments ask it hundreds of thousands of times at scale 20, and ray casting walks all
 * the ring's edges each time. So the bounding box is cut into cells: a cell that an edge crosses
 * is answered by ray casting, any other cell lies wholly inside or outside, which one ray cast at
 * its centre settles for every later point in it.
 */
export class Ring {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Uint8Array;

  constructor(readonly points: readonly XY[], private readonly cellSize = 100) {
    this.minX = Math.min(...points.map((p) => p[0]));
    this.minY = Math.min(...points.map((p) => p[1]));
    this.cols = Math.ceil((Math.max(...points.map((p) => p[0])) - this.minX) / cellSize) + 1;
    this.rows = Math.ceil((Math.max(...points.map((p) => p[1])) - this.minY) / cellSize) + 1;
    this.cells = new Uint8Array(this.cols * this.rows);
    // Mark the cells along every edge, with their neighbours, so no crossed cell is missed.
    points.forEach((a, i) => {
      const b = points[(i + 1) % points.length];
      const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / (cellSize / 4)) + 1;
      for (let k = 0; k <= steps; k++) {
        const cx = Math.floor((a[0] + ((b[0] - a[0]) * k) / steps - this.minX) / cellSize);
        const cy = Math.floor((a[1] + ((b[1] - a[1]) * k) / steps - this.minY) / cellSize);
        for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) this.mark(cx + dx, cy + dy);
      }
    });
  }

  private mark(cx: number, cy: number): void {
    if (cx >= 0 && cy >= 0 && cx < this.cols && cy < this.rows) this.cells[cy * this.cols + cx] = EDGE;
  }

  contains(x: number, y: number): boolean {
    const cx = Math.floor((x - this.minX) / this.cellSize);
    const cy = Math.floor((y - this.minY) / this.cellSize);
    if (cx < 0 || cy < 0 || cx >= this.cols || cy >= this.rows) return false;
    const i = cy * this.cols + cx;
    if (this.cells[i] === EDGE) return insideRing(this.points, x, y);
    if (this.cells[i] === UNKNOWN) {
      const centre = insideRing(this.points, this.minX + (cx + 0.5) * this.cellSize, this.minY + (cy + 0.5) * this.cellSize);
      this.cells[i] = centre ? INSIDE : OUTSIDE;
    }
    return this.cells[i] === INSIDE;
  }
}

/**
 * Nearest-point lookup over many points (the address points of a city) by a uniform grid of
 * buckets: a query scans rings of cells outward until no closer point can exist. With cells about
 * the spacing of houses a lookup reads a handful of points, so thousands of kiosks find their
 * nearest address in milliseconds.
 */
export class PointGrid {
  private readonly cells = new Map<number, number[]>();

  constructor(
    private readonly xs: ArrayLike<number>,
    private readonly ys: ArrayLike<number>,
    private readonly cellSize: number,
  ) {
    for (let i = 0; i < xs.length; i++) {
      const key = this.key(this.cellOf(xs[i]), this.cellOf(ys[i]));
      const bucket = this.cells.get(key);
      if (bucket) bucket.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private cellOf(v: number): number {
    return Math.floor(v / this.cellSize);
  }

  /** Cells fit in ±2^15, ample for a city of ±100 km with cells of a few metres or more. */
  private key(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + (cy + 32768);
  }

  /** Index of the nearest point, or -1 when the grid is empty. */
  nearest(x: number, y: number): number {
    if (this.xs.length === 0) return -1;
    const cx = this.cellOf(x);
    const cy = this.cellOf(y);
    let best = -1;
    let bestD2 = Infinity;
    for (let ring = 0; ; ring++) {
      for (let gx = cx - ring; gx <= cx + ring; gx++) {
        for (let gy = cy - ring; gy <= cy + ring; gy++) {
          if (Math.max(Math.abs(gx - cx), Math.abs(gy - cy)) !== ring) continue; // ring border only
          for (const i of this.cells.get(this.key(gx, gy)) ?? []) {
            const d2 = (this.xs[i] - x) ** 2 + (this.ys[i] - y) ** 2;
            if (d2 < bestD2 || (d2 === bestD2 && i < best)) {
              bestD2 = d2;
              best = i;
            }
          }
        }
      }
      // Every point outside the rings scanned so far is at least `ring` cells away.
      if (best >= 0 && Math.sqrt(bestD2) <= ring * this.cellSize) return best;
    }
  }
}
