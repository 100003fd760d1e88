/**
 * The base map of a demo hromada: its streets' centre lines with their names, and a footprint for
 * every house the address plan placed, with the outbuildings of a private plot behind it, so the
 * map without an outside basemap shows a town (issue 8: ~30,000 footprints for Slovyansk).
 *
 *   street ══════════════════════════════      footprints are rectangles turned to the street:
 *            ┌──12──┐        ┌─┐┌──14──┐       - in the centre (within CENTRE_RADIUS) and along
 *            └──────┘  ┌─┐   └─┘└──────┘         main streets, blocks of flats: 5 or 9 storeys;
 *             ┌─┐ ┌──┐ └─┘    ┌──┐             - elsewhere a house of 1-2 storeys, and behind it,
 *             └─┘ └──┘        └──┘               deeper into the block, sheds, garages, a summer
 *                                                kitchen: one storey, no address.
 *
 * Outbuildings fill the hromada up to BUILDINGS_PER_CITY × √scale footprints: at scale 20 the
 * houses alone are 100,000 and the plots 4.5 times narrower, so few are added there.
 * Written through the base map's write core (server/basemap/core.ts), as an import would.
 */
import type { Queryable } from '../../server/db/database.js';
import { Written } from '../../server/catalog/write.js';
import { writeBuildings, writeStreets, type BaseMapTable, type BuildingRow } from '../../server/basemap/core.js';
import type { AddressPlan, House } from './addresses.js';
import type { CityProfile } from './cities.js';
import { LocalPlane, type Ring, type XY } from './plane.js';
import type { Random } from './random.js';

export const BUILDINGS_PER_CITY = 30_000;
/** Blocks of flats stand within this many metres of the city centre, and along main streets. */
const CENTRE_RADIUS = 1200;
/** Outbuildings stay this close to their street, metres: about half a block at scale 1. */
const PLOT_DEPTH = 90;

interface Footprint {
  x: number;
  y: number;
  /** Unit vector along the street; the rectangle's long side follows it. */
  ux: number;
  uy: number;
  /** Half-length along the street and half-depth across it, metres. */
  along: number;
  across: number;
}

/** The rectangle as a closed WGS 84 ring, counter-clockwise (RFC 7946 §3.1.6). */
function rectangleWkt(plane: LocalPlane, f: Footprint): string {
  const nx = -f.uy;
  const ny = f.ux;
  const corner = (sa: number, sn: number) => plane.toLonLat(f.x + f.ux * f.along * sa + nx * f.across * sn, f.y + f.uy * f.along * sa + ny * f.across * sn);
  // (−,−) → (+,−) → (+,+) → (−,+): counter-clockwise for a right-handed (x east, y north) frame.
  const ring = [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1), corner(-1, -1)];
  return `POLYGON((${ring.map((p) => p.join(' ')).join(',')}))`;
}

export interface BaseMapPlan {
  buildings: BuildingRow[];
}

/**
 * Footprints for about BUILDINGS_PER_CITY × √scale buildings. Sheds that would reach past the plot
 * or the boundary are not built, so, as for the houses (addresses.ts), a first pass measures the
 * loss and a second one with the same random stream asks for more per plot when it missed by more
 * than 3 %.
 */
export function planBuildings(city: CityProfile, boundary: Ring, plan: AddressPlan, random: Random, scale: number): BaseMapPlan {
  const isCentral = (h: House) => Math.hypot(h.x, h.y) < CENTRE_RADIUS || (plan.streets[h.street].main && Math.hypot(h.x, h.y) < 2 * CENTRE_RADIUS);
  const privateHouses = plan.houses.filter((h) => !isCentral(h)).length;
  const target = Math.round(BUILDINGS_PER_CITY * Math.sqrt(scale));
  // Outbuildings per private plot, on average, to reach the target (none when houses alone do).
  const perPlot = privateHouses === 0 ? 0 : Math.max(0, (target - plan.houses.length) / privateHouses);
  const first = placeBuildings(city, boundary, plan, random.fork('footprints'), scale, isCentral, perPlot);
  const sheds = first.buildings.length - plan.houses.length;
  if (perPlot === 0 || sheds <= 0 || Math.abs(first.buildings.length - target) / target <= 0.03) return first;
  return placeBuildings(city, boundary, plan, random.fork('footprints'), scale, isCentral, (perPlot * (target - plan.houses.length)) / sheds);
}

function placeBuildings(
  city: CityProfile, boundary: Ring, plan: AddressPlan, random: Random, scale: number, isCentral: (h: House) => boolean, perPlot: number,
): BaseMapPlan {
  const plane = new LocalPlane(city.center);
  const buildings: BuildingRow[] = [];
  // Narrower plots at higher scales: houses are spaced 1/√scale as far apart.
  const plotHalfWidth = 10 / Math.sqrt(scale);

  for (const h of plan.houses) {
    const street = plan.streets[h.street];
    // The house's facade faces the street: its centre a little deeper than the address point.
    const away = { x: -h.side * h.uy, y: h.side * h.ux }; // from the street towards the plot
    if (isCentral(h)) {
      const along = random.float(9, 15);
      const across = random.float(6, 7.5);
      buildings.push({
        id: null, street_uk: street.nameUk, house_number: h.number, levels: random.chance(0.6) ? 5 : 9,
        wkt: rectangleWkt(plane, { x: h.x + away.x * across, y: h.y + away.y * across, ux: h.ux, uy: h.uy, along, across }),
      });
      continue;
    }
    const across = random.float(4, 6);
    buildings.push({
      id: null, street_uk: street.nameUk, house_number: h.number, levels: random.chance(0.8) ? 1 : 2,
      wkt: rectangleWkt(plane, { x: h.x + away.x * across, y: h.y + away.y * across, ux: h.ux, uy: h.uy, along: random.float(4, 6), across }),
    });
    // Sheds one behind another, deeper into the plot, each offset sideways at random.
    let depth = h.setback + 2 * across + 3;
    const count = Math.floor(perPlot) + (random.chance(perPlot % 1) ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const half = { along: random.float(1.5, 3.5), across: random.float(1.5, 3) };
      const offset = random.float(-plotHalfWidth + half.along, plotHalfWidth - half.along);
      const centreDepth = depth + half.across;
      if (centreDepth + half.across > PLOT_DEPTH) break;
      const x = h.x + away.x * (centreDepth - h.setback) + h.ux * offset;
      const y = h.y + away.y * (centreDepth - h.setback) + h.uy * offset;
      if (!boundary.contains(x, y)) break;
      buildings.push({ id: null, street_uk: null, house_number: null, levels: 1, wkt: rectangleWkt(plane, { x, y, ux: h.ux, uy: h.uy, ...half }) });
      depth = centreDepth + half.across + random.float(1.5, 4);
    }
  }
  return { buildings };
}

/** A street's centre lines in WGS 84, one MULTILINESTRING. */
function streetWkt(plane: LocalPlane, pieces: readonly (readonly XY[])[]): string {
  return `MULTILINESTRING(${pieces.map((piece) => `(${piece.map(([x, y]) => plane.toLonLat(x, y).join(' ')).join(',')})`).join(',')})`;
}

/** Writes the streets and buildings through the base map's write core; the counts written. */
export async function insertBaseMap(tx: Queryable, municipalityId: number, city: CityProfile, plan: AddressPlan, buildings: BaseMapPlan): Promise<{ streets: number; buildings: number }> {
  const plane = new LocalPlane(city.center);
  const written = new Written<BaseMapTable>();
  const actor = { municipalityId, userId: null };
  const streets = await writeStreets(tx, written, actor, plan.streets.map((s) => ({ id: null, name_uk: s.nameUk, name_en: s.nameEn, wkt: streetWkt(plane, s.pieces) })));
  const built = await writeBuildings(tx, written, actor, buildings.buildings);
  return { streets: streets.created.length, buildings: built.created.length };
}
