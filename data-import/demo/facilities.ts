/**
 * Facilities of the accessibility map (seed item 30.6): shops, clinics, schools, offices, each
 * with its entrances as a survey measured them (steps and their height, ramp slope and width,
 * door width and threshold, call button and its height …) and what it has inside.
 *
 * The measurements are drawn so that every grade occurs, in plausible proportions: public
 * institutions (administration, health, social services) were the first to get ramps and call
 * buttons, shops and cafés the last; ramps are often too steep, doors too narrow and thresholds
 * too high for the thresholds of ДБН В.2.2-40:2018, so many entrances are only partly accessible.
 *
 * Every facility has its main entrance on record, measured. Unknown stays as real data has it:
 * about one facility in seven is known only from a quick look (a resident's report, a walk past
 * with a tape measure): the steps or the door are measured, but whether there is a ramp round
 * the side or a call button is not known, nor anything inside, so most of its grades are unknown;
 * and in full surveys single values are missing (a threshold not measured, a call button's
 * presence not noted, the toilet or the parking not inspected). Written through the accessibility
 * write core's bulk writer, which grades them and finds the building each stands in
 * (server/accessibility/core/bulk.ts).
 */
import type { Queryable } from '../../server/db/database.js';
import { insertFacilities as writeFacilities, type BulkEntrance, type BulkFacility } from '../../server/accessibility/core/bulk.js';
import { Written } from '../../server/catalog/write.js';
import type { AccessibilityTable } from '../../server/accessibility/core/write.js';
import { addressText, type AddressPlan } from './addresses.js';
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

const HOURS: Record<Category, string[]> = {
  administration: ['Mo-Fr 08:00-17:00'], social: ['Mo-Fr 08:00-17:00'], health: ['Mo-Fr 08:00-19:00; Sa 09:00-14:00'],
  education: ['Mo-Fr 08:00-18:00'], culture: ['Tu-Su 10:00-18:00'], transport: ['Mo-Su 05:30-23:00'], bank: ['Mo-Fr 09:00-18:00'],
  sport: ['Mo-Su 07:00-22:00'], pharmacy: ['Mo-Su 08:00-21:00', '24/7'], shop: ['Mo-Su 08:00-22:00', 'Mo-Su 09:00-20:00'],
  food: ['Mo-Su 10:00-22:00'], other: ['Mo-Fr 09:00-18:00'],
};

export interface Facility extends BulkFacility {
  id: number;
  category: Category;
  address: string;
  /** Metres from the city centre (comments about it are placed here). */
  x: number;
  y: number;
}

/** A main or side entrance, measured; `rebuilt` buildings were brought to the code. */
function planEntrance(random: Random, care: number, rebuilt: boolean, isMain: boolean, surveyedOn: IsoDate): BulkEntrance {
  const level = random.chance(rebuilt ? 0.6 : 0.15 + 0.1 * care);
  const steps = level ? 0 : random.weighted({ 1: 0.35, 2: 0.2, 3: 0.25, 4: 0.1, 6: 0.1 });
  const stepCount = Number(steps);
  // a lone step is often low (a kerb-like sill); stairs have ordinary 14-17 cm risers
  const stepHeight = level ? null : stepCount === 1 && random.chance(0.45) ? Math.round(random.float(3, 10)) : Math.round(random.clampedNormal(15.5, 1.5, 12, 19));
  const ramp = !level && (rebuilt || random.chance(care * 0.8));
  const callButton = random.chance(care * 0.6);
  // a threshold is often not measured: unknown stays unknown
  const threshold = random.chance(0.15) ? null : Math.round((rebuilt ? random.float(0, 2) : random.clampedNormal(2, 1.5, 0, 6)) * 2) / 2;
  return {
    is_main: isMain,
    name: isMain ? 'Головний вхід' : random.pick(['Вхід з двору', 'Бічний вхід', 'Службовий вхід']),
    level,
    step_count: stepCount,
    step_height_cm: stepHeight,
    ramp,
    ramp_removable: ramp ? random.chance(rebuilt ? 0.05 : 0.2) : null,
    ramp_slope_pct: ramp ? Math.round((rebuilt ? random.float(4, 8) : random.clampedNormal(8.5, 3, 3, 18)) * 2) / 2 : null,
    ramp_width_cm: ramp ? Math.round(rebuilt ? random.float(120, 160) : random.clampedNormal(110, 20, 70, 180)) : null,
    ramp_handrails: ramp ? random.chance(rebuilt ? 0.95 : 0.6) : null,
    // a door not measured where its threshold was (one of the two is, on every entrance)
    door_width_cm: threshold !== null && random.chance(0.05) ? null : Math.round(rebuilt ? random.float(90, 120) : random.clampedNormal(86 + 10 * care, 10, 65, 140)),
    door_type: random.weighted({ hinged: 0.8, sliding: 0.12, revolving: 0.03, swinging: 0.05 }),
    threshold_height_cm: threshold,
    automatic_door: random.chance(0.05 + 0.15 * care),
    // presence of a call button sometimes not noted: unknown, not "none"
    call_button: random.chance(0.05) ? null : callButton,
    call_button_height_cm: callButton ? Math.round(random.clampedNormal(100, 15, 60, 150)) : null,
    intercom: random.chance(0.1),
    tactile_guidance: random.chance(care * 0.25),
    surveyed_on: surveyedOn,
  };
}

/**
 * The main entrance as a quick look records it: whether it is level, the steps and their height or
 * the door; a ramp round the side, a call button, the threshold were not checked (unknown).
 */
function glancedEntrance(random: Random, care: number, surveyedOn: IsoDate): BulkEntrance {
  const level = random.chance(0.15 + 0.1 * care);
  const stepCount = level ? 0 : Number(random.weighted({ 1: 0.35, 2: 0.2, 3: 0.25, 4: 0.1, 6: 0.1 }));
  const stepHeight = level ? null : Math.round(random.clampedNormal(15.5, 1.5, 12, 19));
  // one of the two measured at least: the steps' height or the door (a level entrance: the door)
  const measured = stepHeight === null ? 'door' : random.weighted({ door: 0.4, steps: 0.3, both: 0.3 });
  return {
    is_main: true,
    name: 'Головний вхід',
    level,
    step_count: stepCount,
    step_height_cm: measured === 'door' ? null : stepHeight,
    // a ramp round the side or at the back was not looked for
    ramp: null,
    door_width_cm: measured === 'steps' ? null : Math.round(random.clampedNormal(86 + 10 * care, 10, 65, 140)),
    door_type: random.chance(0.5) ? null : random.weighted({ hinged: 0.85, sliding: 0.15 }),
    surveyed_on: surveyedOn,
  };
}

/** Share of facilities known only from a quick look (see glancedEntrance). */
const GLANCED = 0.14;

export function planFacilities(random: Random, city: CityProfile, plan: AddressPlan, ids: number[], today: IsoDate): Facility[] {
  const plane = new LocalPlane(city.center);
  const namer = new FacilityNamer(random.fork('names'));
  return ids.map((id, i): Facility => {
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
      external_id: `${city.recordPrefix}-Д-${String(i + 1).padStart(5, '0')}`,
    };
    const care = CARE[category];
    if (random.chance(GLANCED)) {
      const surveyedOn = addDays(today, -random.int(10, 1500));
      return { ...base, survey_source: 'resident', surveyed_on: surveyedOn, notes: null, facts: {}, entrances: [glancedEntrance(random, care, surveyedOn)] };
    }
    // Some buildings were rebuilt to the code: a step-free or gentle entrance, a wide door, a toilet.
    const rebuilt = random.chance(0.05 + 0.2 * care);
    const surveyedOn = addDays(today, -random.int(10, 1500));
    const entrances = [planEntrance(random, care, rebuilt, true, surveyedOn)];
    if (random.chance(0.2 + 0.2 * care)) entrances.push(planEntrance(random, care, rebuilt && random.chance(0.5), false, surveyedOn));
    const elevator = random.chance(['administration', 'health', 'social'].includes(category) ? 0.45 : 0.12);
    const toilet = rebuilt || random.chance(care * 0.4);
    const spaces = random.chance(0.1) ? null : random.chance(care * 0.5) ? random.int(1, 4) : 0;
    // the inside not inspected (closed on the day, staff refused): its facts stay unknown
    const insideSeen = random.chance(0.9);
    const inside = <T>(value: T): T | null => (insideSeen ? value : null);
    return {
      ...base,
      survey_source: random.weighted({ survey: 0.8, resident: 0.15, import: 0.05 }),
      surveyed_on: surveyedOn,
      notes: random.chance(0.2) ? random.pick(NOTES) : null,
      facts: {
        opening_hours: random.pick(HOURS[category]),
        phone: `+380 ${random.pick(['62', '56'])} ${random.digits(3)} ${random.digits(2)} ${random.digits(2)}`,
        elevator: inside(elevator),
        elevator_cabin_width_cm: inside(elevator ? Math.round(random.clampedNormal(110, 15, 80, 160)) : null),
        elevator_cabin_depth_cm: inside(elevator ? Math.round(random.clampedNormal(140, 20, 100, 210)) : null),
        elevator_braille: inside(elevator ? random.chance(0.3) : null),
        elevator_voice: inside(elevator ? random.chance(0.25) : null),
        accessible_toilet: inside(toilet),
        toilet_grab_rails: inside(toilet ? random.chance(0.85) : null),
        toilet_turning_cm: inside(toilet ? Math.round(rebuilt ? random.float(150, 190) : random.clampedNormal(150, 15, 110, 200)) : null),
        tactile_paving: inside(random.chance(care * 0.25)),
        braille_signage: inside(random.chance(care * 0.2)),
        large_print_signage: inside(random.chance(care * 0.25)),
        hearing_loop: inside(random.chance(care * 0.08)),
        sign_language: inside(random.chance(['administration', 'social'].includes(category) ? 0.2 : 0.02)),
        staff_help: inside(random.chance(0.3 + 0.4 * care)),
        accessible_parking: spaces === null ? null : spaces > 0,
        parking_spaces: spaces,
        parking_distance_m: spaces ? random.int(5, 80) : null,
      },
      entrances,
    };
  });
}

/** Writes the planned facilities through the accessibility core (which grades them). */
export async function insertFacilities(tx: Queryable, municipalityId: number, facilities: readonly Facility[]): Promise<void> {
  await writeFacilities(tx, new Written<AccessibilityTable>(), { municipalityId, userId: null }, facilities, 'demo');
}
