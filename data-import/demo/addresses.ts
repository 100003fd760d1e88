/**
 * Address points of a demo hromada: houses along its streets, numbered the Ukrainian way.
 *
 * - Numbering starts at the end of the street nearer the city centre; odd numbers stand on the
 *   left-hand side, even on the right, each side counting up on its own.
 * - Now and then a house has a letter ("12-А", a building added later between 12 and 14) or a
 *   corner number ("3/1": No. 3 on this street, No. 1 on the street it stands at the corner of).
 * - Houses are spaced so that the hromada gets about 5,000 × scale of them: the spacing follows
 *   from the total street length, closer where a settlement's density is higher.
 * - A house is skipped when it would fall outside the hromada or on another street's carriageway.
 */
import type { Queryable } from '../../server/db/database.js';
import { inChunks } from './batch.js';
import type { CityProfile } from './cities.js';
import { streetNames } from './names.js';
import { LocalPlane, PointGrid, type Ring, type XY } from './plane.js';
import type { Random } from './random.js';
import { SAMPLE_STEP, type Street } from './streets.js';
import { transliterate } from '../../server/rules/transliterate.js';

export const ADDRESSES_PER_CITY = 5000;

export interface House {
  /** Index into AddressPlan.streets. */
  street: number;
  number: string;
  /** Metres from the city centre. */
  x: number;
  y: number;
  /** Unit vector along the street at the house (in the direction of ascending numbers). */
  ux: number;
  uy: number;
  /** +1: left-hand (odd) side, −1: right-hand (even) side. */
  side: 1 | -1;
  /** Distance from the street's centre line, metres. */
  setback: number;
  lon: number;
  lat: number;
  postcode: string;
}

export interface NamedStreet {
  nameUk: string;
  nameEn: string;
  /** A main street: a road between settlements or one of the longest streets (billboards and stops go here). */
  main: boolean;
  houses: number;
  /** Its centre lines in metres, in numbering order (the base map's streets draw them). */
  pieces: readonly XY[][];
}

export interface AddressPlan {
  streets: NamedStreet[];
  houses: House[];
}

/** A point and direction at distance d along a sampled centre line. */
function along(points: readonly XY[], d: number): { x: number; y: number; ux: number; uy: number } {
  const i = Math.min(points.length - 2, Math.floor(d / SAMPLE_STEP));
  const f = d / SAMPLE_STEP - i;
  const [x0, y0] = points[i];
  const [x1, y1] = points[i + 1];
  const len = Math.hypot(x1 - x0, y1 - y0) || 1;
  return { x: x0 + (x1 - x0) * f, y: y0 + (y1 - y0) * f, ux: (x1 - x0) / len, uy: (y1 - y0) / len };
}

/** Orients a street so that it starts at the end nearer the centre (where numbering starts). */
function fromCentre(street: Street): XY[][] {
  const first = street.pieces[0][0];
  const lastPiece = street.pieces[street.pieces.length - 1];
  const last = lastPiece[lastPiece.length - 1];
  if (Math.hypot(first[0], first[1]) <= Math.hypot(last[0], last[1])) return street.pieces;
  return street.pieces.map((p) => p.slice().reverse()).reverse();
}

/**
 * Houses for about ADDRESSES_PER_CITY × scale addresses. Houses that would stand on a crossing
 * street are skipped, and how many depends on how dense the grid is (a tenth at scale 1, a
 * quarter at scale 20), so a first pass measures the loss and, when it misses the target by
 * more than 3 %, a second pass with the same random stream spaces the houses to make up for it.
 */
export function planAddresses(
  city: CityProfile,
  boundary: Ring,
  network: readonly Street[],
  random: Random,
  scale: number,
): AddressPlan {
  const target = ADDRESSES_PER_CITY * scale;
  const first = placeHouses(city, boundary, network, random.fork('houses'), target);
  const achieved = first.houses.length;
  if (achieved === 0 || Math.abs(achieved - target) / target <= 0.03) return first;
  return placeHouses(city, boundary, network, random.fork('houses'), (target * target) / achieved);
}

function placeHouses(
  city: CityProfile,
  boundary: Ring,
  network: readonly Street[],
  random: Random,
  target: number,
): AddressPlan {
  const plane = new LocalPlane(city.center);
  const weightedLength = network.reduce((sum, s) => sum + s.length * s.density, 0);
  const baseSpacing = (2 * weightedLength) / target;

  // Every sample of every centre line, to keep houses off other streets' carriageways.
  const sampleX: number[] = [];
  const sampleY: number[] = [];
  const sampleStreet: number[] = [];
  network.forEach((s, i) =>
    s.pieces.forEach((piece) =>
      piece.forEach(([x, y]) => {
        sampleX.push(x);
        sampleY.push(y);
        sampleStreet.push(i);
      }),
    ),
  );
  const samples = new PointGrid(sampleX, sampleY, 50);
  const clearOfOtherStreets = (street: number, x: number, y: number) => {
    const k = samples.nearest(x, y);
    return sampleStreet[k] === street || Math.hypot(sampleX[k] - x, sampleY[k] - y) > 12;
  };

  const names = streetNames(random.fork('street names'));
  // The network lists main roads first, then streets longest first: the head of the list is the
  // city's main streets, and takes the names of avenues and boulevards.
  const mainStreets = Math.max(12, Math.round(network.length * 0.12));
  const streets: NamedStreet[] = [];
  const houses: House[] = [];
  network.forEach((street, networkIndex) => {
    const spacing = baseSpacing / street.density;
    const index = streets.length;
    const pieces = fromCentre(street);
    const placed: House[] = [];
    for (const side of [1, -1] as const) {
      let number = side === 1 ? 1 : 2;
      for (const piece of pieces) {
        const length = (piece.length - 1) * SAMPLE_STEP;
        for (let d = random.float(5, spacing); d < length - 5; d += spacing * random.float(0.7, 1.3)) {
          const at = along(piece, d);
          const setback = street.main ? random.float(18, 32) : random.float(10, 24);
          const corner = (d < 25 || d > length - 25) && random.chance(0.3);
          const house = (suffix: string, extraSetback: number): House | undefined => {
            const x = at.x - side * at.uy * (setback + extraSetback);
            const y = at.y + side * at.ux * (setback + extraSetback);
            if (!boundary.contains(x, y) || !clearOfOtherStreets(networkIndex, x, y)) return undefined;
            const [lon, lat] = plane.toLonLat(x, y);
            const numberText = corner ? `${number}/${random.int(1, 40)}` : `${number}${suffix}`;
            return { street: index, number: numberText, x, y, ux: at.ux, uy: at.uy, side, setback, lon, lat, postcode: city.postcodeAt(x, y) };
          };
          const plain = house('', 0);
          if (!plain) continue; // no house here: the next one takes the number
          placed.push(plain);
          if (!corner && random.chance(0.04)) {
            const annex = house('-А', random.float(12, 20));
            if (annex) placed.push(annex);
          }
          number += 2;
        }
      }
    }
    if (placed.length === 0) return;
    const nameUk = names.next().value as string;
    streets.push({ nameUk, nameEn: transliterate(nameUk), main: street.main || index < mainStreets, houses: placed.length, pieces });
    houses.push(...placed);
  });
  return { streets, houses };
}

/** "вулиця Шевченка, 12": how an object's address is written. */
export function addressText(plan: AddressPlan, house: House): string {
  return `${plan.streets[house.street].nameUk}, ${house.number}`;
}

export async function insertAddresses(tx: Queryable, municipalityId: number, plan: AddressPlan): Promise<void> {
  await inChunks(plan.houses, (chunk) =>
    tx.query(
      `INSERT INTO address_point (municipality_id, street_uk, street_en, house_number, postcode, geom)
       SELECT $1, street_uk, street_en, house_number, postcode, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
            AS a(street_uk, street_en, house_number, postcode, lon, lat)`,
      [
        municipalityId,
        chunk.map((h) => plan.streets[h.street].nameUk), chunk.map((h) => plan.streets[h.street].nameEn),
        chunk.map((h) => h.number), chunk.map((h) => h.postcode), chunk.map((h) => h.lon), chunk.map((h) => h.lat),
      ],
    ),
  );
}
