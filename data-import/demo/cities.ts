/**
 * The two demo hromadas, the cities of the source programmes: Slovyansk (the "Open government.
 * Transparent city" programme, 2016-2017) and Kryvyi Rih (its 2017-2019 programme).
 *
 * Each is described in metres around its centre (see plane.ts): the outline of the hromada and
 * the settlements inside it where streets are built. The outline is drawn, not surveyed: an
 * ellipse of the city's size with a few slow waves and a little noise along its edge, so it looks
 * like an administrative boundary that follows fields and rivers, and is the same for a seed.
 */
import type { Random } from './random.js';
import { Ring, type XY } from './plane.js';

/** A built-up area: the centre, a residential district, a village of the hromada. */
export interface Settlement {
  /** Centre, metres east and north of the city centre. */
  at: XY;
  /** Radius of its built-up area, metres. */
  radius: number;
  /** Spacing of parallel streets at scale 1, metres: tight blocks in the centre, wide in villages. */
  block: number;
  /** Houses per metre of street relative to the centre (1): fewer where plots are large. */
  density: number;
}

export interface ElectionProfile {
  heldOn: string;
  nameUk: string;
  nameEn: string;
  seats: 'single' | 'multi';
  districts: number;
}

export interface CityProfile {
  slug: string;
  /** Short name, for progress messages and the council's own name. */
  cityUk: string;
  nameUk: string;
  nameEn: string;
  center: XY;
  localSrid: number;
  zoom: number;
  /** Half-extent of the outline east-west and north-south, metres. */
  halfWidth: number;
  halfHeight: number;
  /** How far the northern and southern ends lean east (metres): Kryvyi Rih is a crescent. */
  bend: number;
  settlements: Settlement[];
  /** Elections whose districts the map shows; the first is the current one. */
  elections: ElectionProfile[];
  /** Postcode of a point: the post office areas, coarsely. */
  postcodeAt(x: number, y: number): string;
  /** A landline of the city, e.g. "(06262) 3-45-67". */
  landline(random: Random): string;
  /** Domain of the council's demo e-mail addresses (RFC 2606 .example: never delivered). */
  mailDomain: string;
  /** Prefix of the department's record numbers ("СЛВ-М-00012"). */
  recordPrefix: string;
}

const election2020 = (seats: 'single' | 'multi', districts: number): ElectionProfile => ({
  heldOn: '2020-10-25',
  nameUk: 'Місцеві вибори 25 жовтня 2020 року (VIII скликання)',
  nameEn: 'Local elections of 25 October 2020 (8th convocation)',
  seats,
  districts,
});

const election2015 = (districts: number): ElectionProfile => ({
  heldOn: '2015-10-25',
  nameUk: 'Місцеві вибори 25 жовтня 2015 року (VII скликання)',
  nameEn: 'Local elections of 25 October 2015 (7th convocation)',
  seats: 'single',
  districts,
});

export const SLOVYANSK: CityProfile = {
  slug: 'slovyansk',
  cityUk: 'Слов’янськ',
  nameUk: 'Слов’янська міська територіальна громада',
  nameEn: 'Sloviansk',
  center: [37.617, 48.853],
  localSrid: 6387,
  zoom: 13,
  halfWidth: 6000,
  halfHeight: 5000,
  bend: 0,
  settlements: [
    { at: [0, 0], radius: 1950, block: 230, density: 1 },
    { at: [2700, 1700], radius: 1000, block: 280, density: 0.8 },   // north-east, towards the resort
    { at: [-2600, 1500], radius: 950, block: 290, density: 0.75 }, // north-west, the salt lakes
    { at: [-2400, -2200], radius: 1100, block: 290, density: 0.75 },
    { at: [2600, -2000], radius: 950, block: 300, density: 0.7 },
    { at: [300, -3300], radius: 750, block: 310, density: 0.65 },
    { at: [400, 3300], radius: 700, block: 320, density: 0.6 },
    { at: [-4600, -300], radius: 500, block: 360, density: 0.5 },   // villages of the hromada
    { at: [4500, -600], radius: 550, block: 360, density: 0.5 },
  ],
  elections: [election2020('single', 36), election2015(34)],
  postcodeAt(x, y) {
    // 84100-84122: eight sectors around the centre in three rings.
    const sector = Math.floor(((Math.atan2(y, x) + Math.PI) / (2 * Math.PI)) * 8) % 8;
    const ring = Math.min(2, Math.floor(Math.hypot(x, y) / 1500));
    return String(84100 + Math.min(22, ring * 8 + sector));
  },
  landline: (random) => `(06262) ${random.int(2, 6)}-${random.digits(2)}-${random.digits(2)}`,
  mailDomain: 'sloviansk-rada.example',
  recordPrefix: 'СЛВ',
};

export const KRYVYI_RIH: CityProfile = {
  slug: 'kryvyi-rih',
  cityUk: 'Кривий Ріг',
  nameUk: 'Криворізька міська територіальна громада',
  nameEn: 'Kryvyi Rih',
  center: [33.39, 47.91],
  localSrid: 6385,
  zoom: 11,
  // The real city runs some 65 km north to south along the iron-ore belt, a few km wide.
  halfWidth: 5200,
  halfHeight: 32500,
  bend: 3000,
  settlements: [
    // A chain of city districts along the ore belt, each a grid of wide Soviet-era blocks.
    { at: [0, 0], radius: 3000, block: 420, density: 1 },          // Центрально-Міський
    { at: [-300, 6500], radius: 3000, block: 520, density: 0.9 },  // Металургійний
    { at: [300, -6500], radius: 3000, block: 520, density: 0.9 },  // Довгинцівський
    { at: [200, 13000], radius: 2800, block: 600, density: 0.8 },  // Саксаганський
    { at: [600, -13000], radius: 2800, block: 600, density: 0.8 }, // Інгулецький бік
    { at: [1300, 19500], radius: 2500, block: 650, density: 0.75 }, // Покровський
    { at: [1300, -19500], radius: 2500, block: 650, density: 0.75 },
    { at: [2200, 25500], radius: 2000, block: 700, density: 0.7 },  // Тернівський
    { at: [2200, -25500], radius: 2000, block: 700, density: 0.7 }, // Інгулецький
    { at: [2800, 29800], radius: 900, block: 600, density: 0.6 },
    { at: [2700, -29800], radius: 900, block: 600, density: 0.6 },
  ],

  elections: [election2020('multi', 32), election2015(38)],
  postcodeAt(x, y) {
    // 50000-50099: bands along the city, east and west halves.
    const band = Math.max(0, Math.min(49, Math.floor((y + 32500) / 1300)));
    return String(50000 + band * 2 + (x > 1000 ? 1 : 0)).padStart(5, '0');
  },
  landline: (random) => `(056) 4${random.digits(2)}-${random.digits(2)}-${random.digits(2)}`,
  mailDomain: 'kr-rada.example',
  recordPrefix: 'КР',
};

export const DEMO_CITIES: readonly CityProfile[] = [SLOVYANSK, KRYVYI_RIH];

/**
 * How central a point is, 0-1: near the middle of a dense settlement, where shops, services and
 * advertising gather. Objects and facilities accept a candidate house with a chance that grows
 * with it.
 */
export function centrality(city: CityProfile, x: number, y: number): number {
  let best = 0;
  for (const s of city.settlements) {
    best = Math.max(best, s.density * Math.exp(-Math.hypot(x - s.at[0], y - s.at[1]) / (0.6 * s.radius)));
  }
  return best;
}

/** Eastward offset of a point's row: zero at the middle, `bend` at the northern and southern ends. */
export function bendAt(city: CityProfile, y: number): number {
  return city.bend * (y / city.halfHeight) ** 2;
}

/**
 * The outline of the hromada as a ring in metres (counter-clockwise, not closed). Star-shaped
 * around the centre (one radius per direction), so it is always a simple polygon; the bend is a
 * shear along x, which keeps it simple.
 */
export function boundaryRing(city: CityProfile, random: Random, vertices = 120): Ring {
  const waves = [2, 3, 4, 5, 7].map((k) => ({ k, amplitude: random.float(0.02, 0.09) / Math.sqrt(k - 1), phase: random.float(0, 2 * Math.PI) }));
  const ring: XY[] = [];
  for (let i = 0; i < vertices; i++) {
    const theta = (2 * Math.PI * i) / vertices;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    const ellipse = 1 / Math.sqrt((c / city.halfWidth) ** 2 + (s / city.halfHeight) ** 2);
    const wobble = waves.reduce((sum, w) => sum + w.amplitude * Math.sin(w.k * theta + w.phase), 0);
    const r = ellipse * (1 + wobble + random.float(-0.012, 0.012));
    const y = r * s;
    ring.push([Math.round(r * c + bendAt(city, y)), Math.round(y)]);
  }
  return new Ring(ring);
}
