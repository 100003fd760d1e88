/**
 * The registry of small architectural forms and advertising structures (seed item 30.5):
 * where each object stands, what it is, who owns it, what it pays, and its papers.
 *
 * Objects stand where they do in a city: kiosks and citylights on the pavement, billboards at the
 * roadside of main streets, banners across the carriageway, roof installations on the houses,
 * vending machines and awnings against the front wall, summer terraces (drawn as footprints) in
 * front of a house. Each is placed from a house: along its street at the house, at a distance
 * from the centre line that suits the kind, and takes its address from the nearest house.
 *
 * Sizes per kind follow the trade's standard formats (a billboard face is 6 × 3 m; a citylight
 * 1.2 × 1.8 m). For advertising, area_m2 is the area of one side (as the schema says); for a МАФ
 * it is the area of land it occupies, the basis of its fee.
 */
import type { Queryable } from '../../server/db/database.js';
import { addressText, type AddressPlan, type House } from './addresses.js';
import { centrality, type CityProfile } from './cities.js';
import { OwnerPicker, type Owner } from './owners.js';
import { LEGALITY_SHARES, planTimeline, PermitNumbers, type Legality, type PermitRow } from './permits.js';
import { LocalPlane, PointGrid, type Ring, type XY } from './plane.js';
import type { Random } from './random.js';
import type { IsoDate } from './calendar.js';
import { insertObjects } from '../../server/registry/core/bulk.js';
import { Written } from '../../server/catalog/write.js';

export const MAF_PER_CITY = 1500;
export const ADVERTISING_PER_CITY = 700;

/** Where an object stands relative to its street and house. */
type Placement = 'pavement' | 'roadside' | 'facade' | 'across' | 'roof' | 'terrace';

interface Size {
  width: number;
  height: number | null;
  /** Depth of a terrace's footprint (drawn, not stored: the table has no depth). */
  depth?: number;
  sides: number | null;
  area: number;
  lighting: boolean | null;
}

interface TypeSpec {
  weight: number;
  placement: Placement;
  /** Share standing on main streets rather than anywhere in town. */
  onMainStreets: number;
  size(random: Random): Size;
  /** Owner: a kind of business, or the municipal enterprise whose name contains this text (with its share). */
  municipal?: { name: string; share: number };
}

const r2 = (v: number) => Math.round(v * 100) / 100;

const MAF_TYPES: Record<string, TypeSpec> = {
  kiosk: { weight: 0.42, placement: 'pavement', onMainStreets: 0.3, size: (r) => {
    const w = r.float(2, 3.5); return { width: r2(w), height: r2(r.float(2.4, 3)), sides: null, area: r2(w * r.float(1.8, 3)), lighting: null };
  } },
  pavilion: { weight: 0.18, placement: 'pavement', onMainStreets: 0.4, size: (r) => {
    const w = r.float(4, 9); return { width: r2(w), height: r2(r.float(2.8, 3.6)), sides: null, area: r2(w * r.float(3, 6)), lighting: null };
  } },
  stop_pavilion: { weight: 0.15, placement: 'pavement', onMainStreets: 0.9, municipal: { name: 'Міськелектротранс', share: 0.7 }, size: (r) => {
    const w = r.float(3, 6); return { width: r2(w), height: r2(r.float(2.4, 2.8)), sides: null, area: r2(w * r.float(1.5, 2)), lighting: null };
  } },
  summer_terrace: { weight: 0.08, placement: 'terrace', onMainStreets: 0.5, size: (r) => {
    const w = r.float(6, 14); const d = r.float(3, 6); return { width: r2(w), height: null, depth: d, sides: null, area: r2(w * d), lighting: null };
  } },
  awning: { weight: 0.07, placement: 'facade', onMainStreets: 0.3, size: (r) => {
    const w = r.float(3, 6); return { width: r2(w), height: r2(r.float(2.4, 3)), sides: null, area: r2(w * r.float(1.5, 3)), lighting: null };
  } },
  vending_machine: { weight: 0.1, placement: 'facade', onMainStreets: 0.3, size: (r) => {
    const w = r.float(0.8, 1.2); return { width: r2(w), height: r2(r.float(1.8, 2)), sides: null, area: r2(w * 0.9), lighting: null };
  } },
};

const ADVERTISING_TYPES: Record<string, TypeSpec> = {
  billboard: { weight: 0.5, placement: 'roadside', onMainStreets: 0.75, size: (r) =>
    ({ width: 6, height: 3, sides: r.chance(0.7) ? 2 : 1, area: 18, lighting: r.chance(0.5) }) },
  citylight: { weight: 0.18, placement: 'pavement', onMainStreets: 0.5, municipal: { name: 'Міська реклама', share: 0.3 }, size: (r) =>
    ({ width: 1.2, height: 1.8, sides: r.chance(0.9) ? 2 : 1, area: 2.16, lighting: true }) },
  backlight: { weight: 0.06, placement: 'facade', onMainStreets: 0.6, size: (r) => {
    const [w, h] = r.pick([[3, 4], [4, 6], [4, 3]]); return { width: w, height: h, sides: 1, area: w * h, lighting: true };
  } },
  prismatron: { weight: 0.04, placement: 'roadside', onMainStreets: 0.9, size: (r) =>
    ({ width: 6, height: 3, sides: r.chance(0.5) ? 2 : 1, area: 18, lighting: r.chance(0.8) }) },
  led_screen: { weight: 0.04, placement: 'roadside', onMainStreets: 1, size: (r) => {
    const [w, h] = r.pick([[4, 3], [6, 3], [8, 4]]); return { width: w, height: h, sides: 1, area: w * h, lighting: true };
  } },
  banner: { weight: 0.05, placement: 'across', onMainStreets: 0.9, size: (r) => {
    const w = r.int(8, 14); const h = r.pick([0.8, 1, 1.2]); return { width: w, height: h, sides: r.chance(0.6) ? 2 : 1, area: r2(w * h), lighting: false };
  } },
  roof_installation: { weight: 0.03, placement: 'roof', onMainStreets: 0.8, size: (r) => {
    const w = r.int(8, 16); const h = r.int(2, 4); return { width: w, height: h, sides: 1, area: w * h, lighting: r.chance(0.8) };
  } },
  pillar: { weight: 0.1, placement: 'pavement', onMainStreets: 0.4, municipal: { name: 'Міська реклама', share: 0.3 }, size: (r) =>
    ({ width: 1.4, height: 2.5, sides: r.pick([3, 3, 4]), area: 3, lighting: r.chance(0.4) }) },
};

const KIOSK_GOODS = ['Преса', 'Кава та напої', 'Квіти', 'Продовольчі товари', 'Хлібобулочні вироби', 'Овочі та фрукти',
  'Морозиво', 'Лотерея', 'Ремонт взуття', 'Поповнення рахунку', 'Молочна продукція'];

export interface RegistryObject {
  id: number;
  typeCode: string;
  category: 'maf' | 'advertising';
  /** Metres from the city centre; for a terrace, the centre of its footprint. */
  x: number;
  y: number;
  lon: number;
  lat: number;
  /** Footprint polygon (terraces), else the object is a point. */
  wkt: string | null;
  address: string;
  size: Size;
  externalId: string;
  owner: Owner | null;
  monthlyFee: number | null;
  description: string | null;
  legality: Legality;
  installedOn: IsoDate;
  dismantledOn: IsoDate | null;
  hasContract: boolean;
}

export interface RegistryPlan {
  objects: RegistryObject[];
  permits: PermitRow[];
}

/** Monthly fee per m², UAH: dearer in the centre, as the councils' tariff zones make it. */
function feeRate(random: Random, category: 'maf' | 'advertising', x: number, y: number): number {
  const km = Math.hypot(x, y) / 1000;
  const zone = km < 2 ? 0 : km < 6 ? 1 : 2;
  const [lo, hi] = category === 'advertising' ? [[40, 60], [25, 40], [15, 25]][zone] : [[120, 200], [70, 120], [40, 70]][zone];
  return random.float(lo, hi);
}

export function planRegistry(
  random: Random,
  city: CityProfile,
  boundary: Ring,
  plan: AddressPlan,
  owners: Owner[],
  ids: { maf: number[]; advertising: number[] },
  today: IsoDate,
): RegistryPlan {
  const plane = new LocalPlane(city.center);
  const houses = plan.houses;
  const nearestHouse = new PointGrid(houses.map((h) => h.x), houses.map((h) => h.y), 60);
  const onMain = houses.filter((h) => plan.streets[h.street].main);
  const mainHouses = onMain.length > 0 ? onMain : houses;
  const picker = new OwnerPicker(owners);
  const numbers = new PermitNumbers();
  const objects: RegistryObject[] = [];
  const permits: PermitRow[] = [];

  // Busy central streets draw more objects: accept a house more readily the more central it is.
  const pickHouse = (spec: TypeSpec): House => {
    const pool = random.chance(spec.onMainStreets) ? mainHouses : houses;
    for (;;) {
      const h = random.pick(pool);
      if (random.chance(0.2 + 0.8 * centrality(city, h.x, h.y))) return h;
    }
  };

  for (const category of ['maf', 'advertising'] as const) {
    const types = category === 'maf' ? MAF_TYPES : ADVERTISING_TYPES;
    const weights = Object.fromEntries(Object.entries(types).map(([code, t]) => [code, t.weight]));
    ids[category].forEach((id, i) => {
      const typeCode = random.weighted(weights);
      const spec = types[typeCode];
      const house = pickHouse(spec);
      const size = spec.size(random);
      // The centre line at the house, and the normal pointing to the house's side.
      const nx = -house.uy * house.side;
      const ny = house.ux * house.side;
      const lateral = {
        pavement: random.float(4.5, 7),
        roadside: Math.min(house.setback - 2, random.float(7, 12)),
        facade: house.setback - random.float(1, 2.5),
        across: 0,
        roof: house.setback,
        terrace: house.setback - (size.depth ?? 4) / 2 - 1.5,
      }[spec.placement];
      const shift = spec.placement === 'roof' || spec.placement === 'facade' ? random.float(-4, 4) : random.float(-12, 12);
      let x = house.x - nx * (house.setback - lateral) + house.ux * shift;
      let y = house.y - ny * (house.setback - lateral) + house.uy * shift;
      let wkt: string | null = null;
      if (spec.placement === 'terrace') {
        const hw = size.width / 2;
        const hd = (size.depth ?? 4) / 2;
        const corners: XY[] = [[-hw, -hd], [hw, -hd], [hw, hd], [-hw, hd]].map(([a, b]) => [x + house.ux * a + nx * b, y + house.uy * a + ny * b]);
        if (corners.every(([cx, cy]) => boundary.contains(cx, cy))) wkt = plane.polygonWkt(corners);
        else [x, y] = [house.x, house.y];
      }
      if (!boundary.contains(x, y)) [x, y] = [house.x, house.y];
      const [lon, lat] = plane.toLonLat(x, y);

      const legality = random.weighted(LEGALITY_SHARES);
      const municipal = spec.municipal && random.chance(spec.municipal.share) ? picker.municipal(spec.municipal.name) : null;
      // Half of the objects that stand without papers have no known owner: nobody claims them.
      const owner = municipal ?? (legality === 'no_permit' && random.chance(0.5) ? null : picker.pick(random, category === 'maf' ? 'trade' : 'media'));
      const timeline = planTimeline(random, numbers, id, category, legality, today);
      const paysFee = owner !== null && owner.kind !== 'municipal_enterprise' && (timeline.permits.length > 0 || timeline.hasContract);
      const sides = category === 'advertising' ? size.sides ?? 1 : 1;
      objects.push({
        id, typeCode, category, x, y, lon, lat, wkt, size, owner,
        address: addressText(plan, houses[nearestHouse.nearest(x, y)]),
        externalId: `${city.recordPrefix}-${category === 'maf' ? 'М' : 'Р'}-${String(i + 1).padStart(5, '0')}`,
        monthlyFee: paysFee ? r2(size.area * sides * feeRate(random, category, x, y)) : null,
        description: typeCode === 'kiosk' || typeCode === 'pavilion' ? random.pick(KIOSK_GOODS) : null,
        legality,
        installedOn: timeline.installedOn,
        dismantledOn: timeline.dismantledOn,
        hasContract: timeline.hasContract,
      });
      permits.push(...timeline.permits);
    });
  }
  return { objects, permits };
}

/** The planned objects, through the registry's write core (its field and boundary rules, its audit). */
export async function insertRegistryObjects(tx: Queryable, municipalityId: number, objects: readonly RegistryObject[]): Promise<void> {
  await insertObjects(tx, new Written(), { municipalityId, userId: null }, objects.map((o) => ({
    id: o.id, type_code: o.typeCode, wkt: o.wkt ?? `POINT(${o.lon} ${o.lat})`, address: o.address,
    width_m: o.size.width, height_m: o.size.height, sides: o.size.sides, area_m2: o.size.area, lighting: o.size.lighting,
    installed_on: o.installedOn, dismantled_on: o.dismantledOn, external_id: o.externalId, owner_id: o.owner?.id ?? null,
    monthly_fee_uah: o.monthlyFee, description: o.description,
  })));
}
