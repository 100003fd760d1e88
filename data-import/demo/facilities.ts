/**
 * Facilities of the accessibility map (seed item 30.6): shops, clinics, schools, offices, each
 * with what a survey found at its entrance and inside.
 *
 * The facts are drawn so that every grade of pub_facilities occurs, and in plausible proportions:
 * public institutions (administration, health, social services) were the first to get ramps and
 * call buttons, shops and cafés the last; ramps are often too steep and doors too narrow for the
 * thresholds of ДБН В.2.2-40:2018 (a slope of at most 8 %, a clear door width of at least 90 cm,
 * a call button 85-110 cm above the floor), so many entrances are only partly accessible.
 * About one facility in seven has not been surveyed yet: all its facts are unknown (NULL).
 */
import type { Queryable } from '../../server/db/database.js';
import { addressText, type AddressPlan } from './addresses.js';
import { inChunks } from './batch.js';
import { addDays, type IsoDate } from './calendar.js';
import { centrality, type CityProfile } from './cities.js';
import { FacilityNamer } from './names.js';
import { LocalPlane } from './plane.js';
import type { Random } from './random.js';

export const FACILITIES_PER_CITY = 3000;

/** Share of each category among a city's facilities. */
const CATEGORY_SHARES = {
  shop: 0.33, food: 0.14, pharmacy: 0.08, other: 0.16, education: 0.06, health: 0.05, bank: 0.04,
  culture: 0.03, sport: 0.03, administration: 0.02, social: 0.02, transport: 0.02,
} as const;

type Category = keyof typeof CATEGORY_SHARES;

/** How far a category has come in making its buildings accessible, 0-1. */
const CARE: Record<Category, number> = {
  administration: 0.8, social: 0.85, health: 0.75, education: 0.6, culture: 0.5, transport: 0.6, bank: 0.55,
  sport: 0.45, pharmacy: 0.4, shop: 0.3, food: 0.2, other: 0.2,
};

const NOTES = [
  'Пандус біля бічного входу', 'Кнопка виклику персоналу біля дверей', 'Вхід з двору', 'Поріг до 3 см',
  'Ліфт працює з перебоями', 'Пандус без поручнів', 'Туалет для осіб з інвалідністю на першому поверсі',
  'Паркомісце для людей з інвалідністю навпроти входу', 'Потребує повторного обстеження після ремонту',
];

export interface Facility {
  id: number;
  name: string;
  category: Category;
  address: string;
  lon: number;
  lat: number;
  /** Metres from the city centre (comments about it are placed here). */
  x: number;
  y: number;
  externalId: string;
  stepFree: boolean | null;
  ramp: boolean | null;
  rampSlopePct: number | null;
  rampHandrails: boolean | null;
  doorWidthCm: number | null;
  callButton: boolean | null;
  callButtonHeightCm: number | null;
  elevator: boolean | null;
  accessibleToilet: boolean | null;
  tactileGuidance: boolean | null;
  brailleSignage: boolean | null;
  hearingLoop: boolean | null;
  accessibleParking: boolean | null;
  surveyedOn: IsoDate | null;
  notes: string | null;
}

export function planFacilities(random: Random, city: CityProfile, plan: AddressPlan, ids: number[], today: IsoDate): Facility[] {
  const plane = new LocalPlane(city.center);
  const namer = new FacilityNamer(random.fork('names'));
  return ids.map((id, i) => {
    const category = random.weighted(CATEGORY_SHARES);
    // Services gather in the middle of each settlement: accept a house more readily there.
    let house = random.pick(plan.houses);
    while (!random.chance(0.25 + 0.75 * centrality(city, house.x, house.y))) house = random.pick(plan.houses);
    // A few metres off the address point, so that two facilities in one building are two dots.
    const x = house.x + random.float(-3, 3);
    const y = house.y + random.float(-3, 3);
    const [lon, lat] = plane.toLonLat(x, y);
    const base = {
      id, category, x, y, lon, lat,
      name: namer.name(category),
      address: addressText(plan, house),
      externalId: `${city.recordPrefix}-Д-${String(i + 1).padStart(5, '0')}`,
    };
    if (random.chance(0.14)) {
      return {
        ...base, stepFree: null, ramp: null, rampSlopePct: null, rampHandrails: null, doorWidthCm: null, callButton: null,
        callButtonHeightCm: null, elevator: null, accessibleToilet: null, tactileGuidance: null, brailleSignage: null,
        hearingLoop: null, accessibleParking: null, surveyedOn: null, notes: null,
      };
    }
    const care = CARE[category];
    // Some buildings were rebuilt to the code: a step-free or gentle entrance, a wide door, a toilet.
    const rebuilt = random.chance(0.05 + 0.2 * care);
    const stepFree = random.chance(rebuilt ? 0.6 : 0.2 + 0.1 * care);
    const ramp = !stepFree && (rebuilt || random.chance(care));
    const callButton = random.chance(care * 0.6);
    return {
      ...base,
      stepFree,
      ramp,
      rampSlopePct: ramp ? Math.round((rebuilt ? random.float(4, 8) : random.clampedNormal(8.5, 3, 3, 18)) * 2) / 2 : null,
      rampHandrails: ramp ? random.chance(rebuilt ? 0.95 : 0.6) : null,
      doorWidthCm: Math.round(rebuilt ? random.float(90, 120) : random.clampedNormal(86 + 10 * care, 10, 65, 140)),
      callButton,
      callButtonHeightCm: callButton ? Math.round(random.clampedNormal(100, 15, 60, 150)) : null,
      elevator: random.chance(['administration', 'health', 'social'].includes(category) ? 0.45 : 0.12),
      accessibleToilet: rebuilt || random.chance(care * 0.4),
      tactileGuidance: random.chance(care * 0.25),
      brailleSignage: random.chance(care * 0.2),
      hearingLoop: random.chance(care * 0.08),
      accessibleParking: random.chance(care * 0.5),
      surveyedOn: addDays(today, -random.int(10, 1500)),
      notes: random.chance(0.2) ? random.pick(NOTES) : null,
    };
  });
}

export async function insertFacilities(tx: Queryable, municipalityId: number, facilities: readonly Facility[]): Promise<void> {
  await inChunks(facilities, (chunk) => {
    const col = <K extends keyof Facility>(key: K) => chunk.map((f) => f[key]);
    return tx.query(
      `INSERT INTO facility (id, municipality_id, name, category, address, geom, external_id, step_free_entrance, ramp,
                             ramp_slope_pct, ramp_handrails, door_width_cm, call_button, call_button_height_cm, elevator,
                             accessible_toilet, tactile_guidance, braille_signage, hearing_loop, accessible_parking,
                             surveyed_on, notes)
       SELECT id, $1, name, category, address, ST_SetSRID(ST_MakePoint(lon, lat), 4326), external_id, step_free, ramp,
              ramp_slope_pct, ramp_handrails, door_width_cm, call_button, call_button_height_cm, elevator,
              accessible_toilet, tactile_guidance, braille_signage, hearing_loop, accessible_parking, surveyed_on, notes
       FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::text[],
                   $9::boolean[], $10::boolean[], $11::numeric[], $12::boolean[], $13::smallint[], $14::boolean[],
                   $15::smallint[], $16::boolean[], $17::boolean[], $18::boolean[], $19::boolean[], $20::boolean[],
                   $21::boolean[], $22::date[], $23::text[])
            AS f(id, name, category, address, lon, lat, external_id, step_free, ramp, ramp_slope_pct, ramp_handrails,
                 door_width_cm, call_button, call_button_height_cm, elevator, accessible_toilet, tactile_guidance,
                 braille_signage, hearing_loop, accessible_parking, surveyed_on, notes)`,
      [
        municipalityId, col('id'), col('name'), col('category'), col('address'), col('lon'), col('lat'), col('externalId'),
        col('stepFree'), col('ramp'), col('rampSlopePct'), col('rampHandrails'), col('doorWidthCm'), col('callButton'),
        col('callButtonHeightCm'), col('elevator'), col('accessibleToilet'), col('tactileGuidance'), col('brailleSignage'),
        col('hearingLoop'), col('accessibleParking'), col('surveyedOn'), col('notes'),
      ],
    );
  });
}
