/**
 * How accessible a facility is for each need, from what a survey measured: the documented rules of
 * the accessibility map (issue 10). Part of server/rules/: dependency-free, so the server grades
 * with it (the write core stores the grades) and the client may explain them with the same words.
 *
 * Levels are those of the national monitoring (Cabinet of Ministers resolution №537: fully,
 * partially, not accessible) plus `unknown`. Facts are three-valued: true, false, or null for "not
 * surveyed" — never read as "absent". A grade is the best level the known facts prove:
 *   full     every condition of "full" is known to hold;
 *   partial  some condition of "partial" is known to hold (or "full" holds but a part is unknown):
 *            for a wheelchair, an entrance within the limits, one low step, a reachable call button,
 *            or a ramp out of the limits (passable with help);
 *   none     every way in is known to fail;
 *   unknown  the facts known prove nothing either way.
 * Each grade carries its reasons in words, the measurement beside the threshold it was held to
 * ("ухил пандуса 12 % — більше за 8 %"). The thresholds are data (migration 0040: a default with
 * its source per code, a hromada's own value over it); none is a literal here.
 */
import type { Text } from './catalog.js';

export const NEEDS = ['wheelchair', 'mobility', 'vision', 'hearing'] as const;
export type Need = (typeof NEEDS)[number];
export type GradeLevel = 'full' | 'partial' | 'none' | 'unknown';

export const NEED_LABELS: Record<Need, Text> = {
  wheelchair: { uk: 'Крісло колісне', en: 'Wheelchair' },
  mobility: { uk: 'Маломобільні (літні, з візочком, на милицях)', en: 'Reduced mobility (elderly, prams, crutches)' },
  vision: { uk: 'Незрячі та слабкозорі', en: 'Blind and low vision' },
  hearing: { uk: 'Глухі та слабкочуючі', en: 'Deaf and hard of hearing' },
};

/** The codes of accessibility_threshold_default (migration 0040); a test checks they match. */
export const THRESHOLD_CODES = [
  'ramp_max_slope_pct', 'ramp_min_width_cm', 'door_min_width_cm', 'threshold_max_cm', 'limited_step_max_cm',
  'call_button_min_height_cm', 'call_button_max_height_cm', 'toilet_min_turning_cm',
] as const;
export type ThresholdCode = (typeof THRESHOLD_CODES)[number];
export type Thresholds = Record<ThresholdCode, number>;

/** One entrance as surveyed (facility_entrance); null: not known. */
export interface EntranceFacts {
  level: boolean | null;
  step_count: number | null;
  step_height_cm: number | null;
  ramp: boolean | null;
  ramp_slope_pct: number | null;
  ramp_width_cm: number | null;
  ramp_handrails: boolean | null;
  door_width_cm: number | null;
  threshold_height_cm: number | null;
  automatic_door: boolean | null;
  call_button: boolean | null;
  call_button_height_cm: number | null;
  intercom: boolean | null;
  tactile_guidance: boolean | null;
}

/** The facility's inside facts (facility) and its entrances. */
export interface FacilityFacts {
  entrances: readonly EntranceFacts[];
  elevator: boolean | null;
  elevator_voice: boolean | null;
  accessible_toilet: boolean | null;
  toilet_turning_cm: number | null;
  tactile_paving: boolean | null;
  braille_signage: boolean | null;
  large_print_signage: boolean | null;
  hearing_loop: boolean | null;
  sign_language: boolean | null;
  staff_help: boolean | null;
}

export interface NeedGrade {
  grade: GradeLevel;
  reasons: Text[];
}

export interface Grading {
  grades: Record<Need, NeedGrade>;
  /** Some entrance a wheelchair passes without a step (level, or a ramp within the thresholds). */
  stepFree: boolean | null;
  /** Some entrance has a call button. */
  callButton: boolean | null;
}

// ---------------------------------------------------------------------------------------------
// Three-valued logic (Kleene): null is "not known", and stays so unless the other side decides.

type Tri = boolean | null;
const and = (...xs: Tri[]): Tri => (xs.some((x) => x === false) ? false : xs.every((x) => x === true) ? true : null);
const or = (...xs: Tri[]): Tri => (xs.some((x) => x === true) ? true : xs.every((x) => x === false) ? false : null);
const atMost = (value: number | null, limit: number): Tri => (value === null ? null : value <= limit);
const atLeast = (value: number | null, limit: number): Tri => (value === null ? null : value >= limit);
const fmt = (n: number) => String(Math.round(n * 10) / 10);
/** Some entrance has it; with no entrance surveyed, not known (an empty OR would say "no"). */
const anyEntrance = (f: FacilityFacts, test: (e: EntranceFacts) => Tri): Tri => (f.entrances.length ? or(...f.entrances.map(test)) : null);

/** A reason, with the measurement and its threshold in both languages. */
const say = (uk: string, en: string): Text => ({ uk, en });

/** A wheelchair gets in without a step: level, or by a ramp no steeper and no narrower than allowed. */
function stepFree(e: EntranceFacts, t: Thresholds, why: Text[]): Tri {
  if (e.level === true) return true;
  if (e.ramp === true) {
    const slope = atMost(e.ramp_slope_pct, t.ramp_max_slope_pct);
    const width = e.ramp_width_cm === null ? true : atLeast(e.ramp_width_cm, t.ramp_min_width_cm);
    if (slope === false) why.push(say(`ухил пандуса ${fmt(e.ramp_slope_pct!)} % — більше за ${fmt(t.ramp_max_slope_pct)} %, які дозволяють ДБН В.2.2-40`, `ramp slope ${fmt(e.ramp_slope_pct!)} % — more than the ${fmt(t.ramp_max_slope_pct)} % ДБН В.2.2-40 allows`));
    if (slope === null) why.push(say('ухил пандуса не виміряно', 'the ramp slope was not measured'));
    if (width === false) why.push(say(`ширина пандуса ${fmt(e.ramp_width_cm!)} см — менше за ${fmt(t.ramp_min_width_cm)} см`, `ramp width ${fmt(e.ramp_width_cm!)} cm — less than ${fmt(t.ramp_min_width_cm)} cm`));
    return and(slope, width);
  }
  if (e.level === false && e.ramp === false) {
    why.push(say(`на вході ${e.step_count ? `${e.step_count} сход.` : 'сходинки'} і немає пандуса`, `${e.step_count ? `${e.step_count} steps` : 'steps'} at the entrance and no ramp`));
    return false;
  }
  if (e.level === false) why.push(say('на вході сходинки; про пандус невідомо', 'steps at the entrance; nothing known of a ramp'));
  return null;
}

function doorPasses(e: EntranceFacts, t: Thresholds, why: Text[]): Tri {
  const wide = atLeast(e.door_width_cm, t.door_min_width_cm);
  if (wide === false) why.push(say(`двері ${fmt(e.door_width_cm!)} см — вужчі за ${fmt(t.door_min_width_cm)} см`, `door ${fmt(e.door_width_cm!)} cm — narrower than ${fmt(t.door_min_width_cm)} cm`));
  if (wide === null) why.push(say('ширину дверей не виміряно', 'the door width was not measured'));
  const low = atMost(e.threshold_height_cm, t.threshold_max_cm);
  if (low === false) why.push(say(`поріг ${fmt(e.threshold_height_cm!)} см — вищий за ${fmt(t.threshold_max_cm)} см`, `threshold ${fmt(e.threshold_height_cm!)} cm — higher than ${fmt(t.threshold_max_cm)} cm`));
  if (low === null) why.push(say('висоту порога не виміряно', 'the threshold height was not measured'));
  return and(wide, low);
}

/** OSM's wheelchair=limited: one step no higher than the limit, and a door wide enough. */
function oneLowStep(e: EntranceFacts, t: Thresholds): Tri {
  if (e.level !== false || e.step_count === null) return e.level === true ? false : null;
  return and(e.step_count === 1, atMost(e.step_height_cm, t.limited_step_max_cm), atLeast(e.door_width_cm, t.door_min_width_cm));
}

/** A call button a person in a wheelchair reaches: staff can bring a removable ramp or help. */
function reachableButton(e: EntranceFacts, t: Thresholds): Tri {
  if (e.call_button !== true) return e.call_button === false ? false : null;
  return and(atLeast(e.call_button_height_cm, t.call_button_min_height_cm), atMost(e.call_button_height_cm, t.call_button_max_height_cm));
}

function gradeOf(full: Tri, partial: Tri): GradeLevel {
  if (full === true) return 'full';
  if (partial === true) return 'partial';
  if (full === false && partial === false) return 'none';
  return 'unknown';
}

const noEntrances = (f: FacilityFacts, why: Text[]): void => {
  if (f.entrances.length === 0) why.push(say('входи не обстежено', 'no entrance surveyed'));
};

function wheelchair(f: FacilityFacts, t: Thresholds): NeedGrade {
  const why: Text[] = [];
  noEntrances(f, why);
  const entry = anyEntrance(f, (e) => and(stepFree(e, t, why), doorPasses(e, t, why)));
  const turning = f.toilet_turning_cm === null ? true : atLeast(f.toilet_turning_cm, t.toilet_min_turning_cm);
  const toilet = and(f.accessible_toilet, turning);
  if (turning === false) why.push(say(`у вбиральні розворот ${fmt(f.toilet_turning_cm!)} см — менше за ${fmt(t.toilet_min_turning_cm)} см`, `toilet turning space ${fmt(f.toilet_turning_cm!)} cm — less than ${fmt(t.toilet_min_turning_cm)} cm`));
  else if (f.accessible_toilet === false) why.push(say('немає доступної вбиральні', 'no accessible toilet'));
  else if (f.accessible_toilet === null) why.push(say('вбиральню не обстежено', 'the toilet was not surveyed'));
  const limited = anyEntrance(f, (e) => oneLowStep(e, t));
  if (limited === true) why.push(say(`одна сходинка не вище ${fmt(t.limited_step_max_cm)} см`, `a single step of at most ${fmt(t.limited_step_max_cm)} cm`));
  const button = anyEntrance(f, (e) => reachableButton(e, t));
  if (button === true) why.push(say('є кнопка виклику персоналу на досяжній висоті', 'a call button for staff within reach'));
  // a ramp out of the code's limits still takes a wheelchair in with someone's help
  const steepRamp = anyEntrance(f, (e) => and(e.ramp, atLeast(e.door_width_cm, t.door_min_width_cm)));
  if (entry === true) why.unshift(say('є вхід без перешкод для крісла колісного', 'an entrance a wheelchair passes'));
  return { grade: gradeOf(and(entry, toilet), or(entry, limited, button, steepRamp)), reasons: why };
}

function mobility(f: FacilityFacts, t: Thresholds): NeedGrade {
  const why: Text[] = [];
  noEntrances(f, why);
  const easy = anyEntrance(f, (e) => {
    if (e.level === true) return true;
    if (e.ramp !== true) return e.level === false && e.ramp === false ? false : null;
    return and(atMost(e.ramp_slope_pct, t.ramp_max_slope_pct), e.ramp_handrails);
  });
  const helped = or(anyEntrance(f, (e) => or(e.ramp, oneLowStep(e, t), e.call_button, e.automatic_door)), f.elevator);
  if (easy === true) why.push(say('вхід без сходинок або пологий пандус з поручнями', 'a level entrance or a gentle ramp with handrails'));
  else if (f.entrances.some((e) => e.ramp === true && e.ramp_handrails === false)) why.push(say('пандус без поручнів', 'a ramp without handrails'));
  if (easy !== true && helped === true) why.push(say('є пандус, кнопка виклику, автоматичні двері або ліфт', 'a ramp, a call button, an automatic door or an elevator'));
  return { grade: gradeOf(easy, or(easy, helped)), reasons: why };
}

function vision(f: FacilityFacts): NeedGrade {
  const why: Text[] = [];
  const guidance = or(f.tactile_paving, ...f.entrances.map((e) => e.tactile_guidance));
  const signs = or(f.braille_signage, f.large_print_signage);
  const help = or(f.staff_help, f.elevator === true ? f.elevator_voice : false);
  if (guidance === true) why.push(say('є тактильні смуги', 'tactile guidance'));
  else if (guidance === false) why.push(say('немає тактильних смуг', 'no tactile guidance'));
  if (signs === true) why.push(say('є написи шрифтом Брайля або великим шрифтом', 'braille or large-print signs'));
  else if (signs === false) why.push(say('немає написів шрифтом Брайля чи великим шрифтом', 'no braille or large-print signs'));
  if (help === true) why.push(say('персонал допомагає або ліфт озвучує поверхи', 'staff help or a talking elevator'));
  return { grade: gradeOf(and(guidance, signs), or(guidance, signs, help)), reasons: why };
}

function hearing(f: FacilityFacts): NeedGrade {
  const why: Text[] = [];
  if (f.hearing_loop === true) why.push(say('є індукційна петля', 'a hearing loop'));
  else if (f.hearing_loop === false) why.push(say('немає індукційної петлі', 'no hearing loop'));
  if (f.sign_language === true) why.push(say('обслуговують жестовою мовою', 'service in sign language'));
  else if (f.sign_language === false) why.push(say('немає перекладу жестовою мовою', 'no sign-language service'));
  return { grade: gradeOf(and(f.hearing_loop, f.sign_language), or(f.hearing_loop, f.sign_language)), reasons: why };
}

/** The grades of a facility for every need, with their reasons, and the derived features. */
export function gradeFacility(f: FacilityFacts, t: Thresholds): Grading {
  const quiet: Text[] = [];
  return {
    grades: { wheelchair: wheelchair(f, t), mobility: mobility(f, t), vision: vision(f), hearing: hearing(f) },
    stepFree: anyEntrance(f, (e) => stepFree(e, t, quiet)),
    callButton: anyEntrance(f, (e) => e.call_button),
  };
}

/** Thresholds from rows of code and value; throws naming a code that is missing. */
export function thresholdsFrom(rows: readonly { code: string; value: number }[]): Thresholds {
  const byCode = new Map(rows.map((r) => [r.code, Number(r.value)]));
  const out = {} as Thresholds;
  for (const code of THRESHOLD_CODES) {
    const value = byCode.get(code);
    if (value === undefined || !Number.isFinite(value)) throw new Error(`accessibility threshold ${code} is missing`);
    out[code] = value;
  }
  return out;
}

/**
 * Features a resident filters by ("has a call button"): boolean columns of pub_facilities and of
 * the tiles, true only where a survey found them (an unknown one never matches).
 */
export const FACILITY_FEATURES = [
  { value: 'step_free_entrance', label: { uk: 'Вхід без сходинок', en: 'Step-free entrance' } },
  { value: 'call_button', label: { uk: 'Кнопка виклику', en: 'Call button' } },
  { value: 'accessible_toilet', label: { uk: 'Доступна вбиральня', en: 'Accessible toilet' } },
  { value: 'elevator', label: { uk: 'Ліфт або підйомник', en: 'Elevator or lift' } },
  { value: 'hearing_loop', label: { uk: 'Індукційна петля', en: 'Hearing loop' } },
  { value: 'accessible_parking', label: { uk: 'Паркування для людей з інвалідністю', en: 'Accessible parking' } },
] as const;
export type FacilityFeature = (typeof FACILITY_FEATURES)[number]['value'];
export const isFacilityFeature = (v: string): v is FacilityFeature => FACILITY_FEATURES.some((f) => f.value === v);
