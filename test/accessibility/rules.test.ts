/**
 * The grading rules (server/rules/accessibility.ts), table-driven: every threshold at, just below
 * and just above its value, and unknown facts staying unknown.
 */
import { describe, expect, it } from '@jest/globals';
import { gradeFacility, THRESHOLD_CODES, type EntranceFacts, type FacilityFacts, type Thresholds } from '../../server/rules/accessibility.js';
import { DEFAULTS } from './fixtures.js';

const unknownEntrance: EntranceFacts = {
  level: null, step_count: null, step_height_cm: null, ramp: null, ramp_slope_pct: null, ramp_width_cm: null, ramp_handrails: null,
  door_width_cm: null, threshold_height_cm: null, automatic_door: null, call_button: null, call_button_height_cm: null, intercom: null,
  tactile_guidance: null,
};
const unknownInside: Omit<FacilityFacts, 'entrances'> = {
  elevator: null, elevator_voice: null, accessible_toilet: null, toilet_turning_cm: null, tactile_paving: null, braille_signage: null,
  large_print_signage: null, hearing_loop: null, sign_language: null, staff_help: null,
};
/** A building a wheelchair enters and uses: a level entrance, a wide door, a low threshold, a toilet. */
const goodEntrance: EntranceFacts = { ...unknownEntrance, level: true, step_count: 0, ramp: false, door_width_cm: 100, threshold_height_cm: 1, call_button: false };
const good: FacilityFacts = { ...unknownInside, accessible_toilet: true, toilet_turning_cm: 160, entrances: [goodEntrance] };
/** The same with no level entrance but a ramp. */
const ramped = (ramp: Partial<EntranceFacts>): FacilityFacts => ({
  ...good, entrances: [{ ...goodEntrance, level: false, step_count: 3, step_height_cm: 15, ramp: true, ramp_slope_pct: 6, ramp_width_cm: 120, ramp_handrails: true, ...ramp }],
});
/** Three steps, no ramp: nothing but what the case adds. */
const stepped = (entrance: Partial<EntranceFacts>): FacilityFacts => ({
  ...good, entrances: [{ ...goodEntrance, level: false, step_count: 3, step_height_cm: 15, ramp: false, ...entrance }],
});

const wheelchair = (f: FacilityFacts, t: Partial<Thresholds> = {}) => gradeFacility(f, { ...DEFAULTS, ...t }).grades.wheelchair.grade;

describe('Wheelchair grade, threshold by threshold', () => {
  it.each([
    // [threshold, facts, expected at, below, above]
    ['ramp_max_slope_pct', (v: number) => ramped({ ramp_slope_pct: v }), 8, 'full', 'full', 'partial'],
    ['ramp_min_width_cm', (v: number) => ramped({ ramp_width_cm: v }), 120, 'full', 'partial', 'full'],
    ['door_min_width_cm (by a ramp)', (v: number) => ramped({ ramp_slope_pct: 12, door_width_cm: v }), 90, 'partial', 'none', 'partial'],
    ['door_min_width_cm', (v: number) => ({ ...good, entrances: [{ ...goodEntrance, door_width_cm: v }] }), 90, 'full', 'none', 'full'],
    ['threshold_max_cm', (v: number) => ({ ...good, entrances: [{ ...goodEntrance, threshold_height_cm: v }] }), 2, 'full', 'full', 'none'],
    ['limited_step_max_cm', (v: number) => stepped({ step_count: 1, step_height_cm: v }), 7, 'partial', 'partial', 'none'],
    ['call_button_min_height_cm', (v: number) => stepped({ call_button: true, call_button_height_cm: v }), 85, 'partial', 'none', 'partial'],
    ['call_button_max_height_cm', (v: number) => stepped({ call_button: true, call_button_height_cm: v }), 110, 'partial', 'partial', 'none'],
    ['toilet_min_turning_cm', (v: number) => ({ ...good, toilet_turning_cm: v }), 150, 'full', 'partial', 'full'],
  ] as const)('%s: at, below and above its value', (code, facts, value, at, below, above) => {
    const step = code.endsWith('_pct') || code === 'threshold_max_cm' || code === 'limited_step_max_cm' ? 0.5 : 1;
    expect([wheelchair(facts(value)), wheelchair(facts(value - step)), wheelchair(facts(value + step))]).toEqual([at, below, above]);
  });

  it('covers every threshold the rules read', () => {
    expect(THRESHOLD_CODES.length).toBe(8);
  });

  it('moves with the hromada’s thresholds, not with literals: a 10 % ramp is fine where 10 % is allowed', () => {
    expect(wheelchair(ramped({ ramp_slope_pct: 10 }))).toBe('partial');
    expect(wheelchair(ramped({ ramp_slope_pct: 10 }), { ramp_max_slope_pct: 10 })).toBe('full');
  });

  it('explains a steep ramp in words, with the measurement and the threshold', () => {
    const { reasons } = gradeFacility(ramped({ ramp_slope_pct: 12 }), DEFAULTS).grades.wheelchair;
    expect(reasons.map((r) => r.uk)).toContain('ухил пандуса 12 % — більше за 8 %, які дозволяють ДБН В.2.2-40');
    expect(reasons.map((r) => r.en)).toContain('ramp slope 12 % — more than the 8 % ДБН В.2.2-40 allows');
  });

  it('takes the best of several entrances', () => {
    const side = { ...goodEntrance };
    const main = { ...goodEntrance, level: false, ramp: false, step_count: 4 };
    expect(wheelchair({ ...good, entrances: [main, side] })).toBe('full');
  });
});

describe('Unknown is never "no"', () => {
  it('a facility with nothing surveyed is unknown for every need', () => {
    const g = gradeFacility({ ...unknownInside, entrances: [] }, DEFAULTS);
    expect(Object.values(g.grades).map((x) => x.grade)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    expect(g.stepFree).toBeNull();
    expect(g.callButton).toBeNull();
  });

  it('an entrance with unknown measurements is not graded "not accessible"', () => {
    expect(wheelchair({ ...good, entrances: [unknownEntrance] })).toBe('unknown');
    expect(wheelchair({ ...good, entrances: [{ ...goodEntrance, door_width_cm: null }] })).toBe('unknown');
  });

  it('a level entrance with an unsurveyed toilet is partly, not fully, accessible', () => {
    expect(wheelchair({ ...good, accessible_toilet: null })).toBe('partial');
    expect(wheelchair({ ...good, accessible_toilet: false })).toBe('partial');
  });

  it('"no call button" and "call button not surveyed" differ', () => {
    expect(gradeFacility(stepped({ call_button: false }), DEFAULTS).callButton).toBe(false);
    expect(gradeFacility(stepped({ call_button: null }), DEFAULTS).callButton).toBeNull();
  });
});

describe('Other needs', () => {
  const inside = (o: Partial<FacilityFacts>): FacilityFacts => ({ ...unknownInside, entrances: [unknownEntrance], ...o });
  it.each([
    ['vision', 'full', { tactile_paving: true, braille_signage: true }],
    ['vision', 'partial', { tactile_paving: true, braille_signage: false, large_print_signage: false }],
    ['vision', 'none', { tactile_paving: false, braille_signage: false, large_print_signage: false, staff_help: false, entrances: [{ ...unknownEntrance, tactile_guidance: false }] }],
    ['vision', 'unknown', { tactile_paving: false }],
    ['hearing', 'full', { hearing_loop: true, sign_language: true }],
    ['hearing', 'partial', { hearing_loop: true, sign_language: false }],
    ['hearing', 'none', { hearing_loop: false, sign_language: false }],
    ['hearing', 'unknown', { hearing_loop: false }],
  ] as const)('%s is %s with %j', (need, grade, facts) => {
    expect(gradeFacility(inside(facts), DEFAULTS).grades[need].grade).toBe(grade);
  });

  it.each([
    ['a level entrance', 'full', { level: true }],
    [`a ramp at the slope limit with handrails`, 'full', { level: false, ramp: true, ramp_slope_pct: 8, ramp_handrails: true }],
    ['a gentle ramp without handrails', 'partial', { level: false, ramp: true, ramp_slope_pct: 6, ramp_handrails: false }],
    ['a ramp just over the slope limit', 'partial', { level: false, ramp: true, ramp_slope_pct: 8.5, ramp_handrails: true }],
    ['steps, no ramp, no button, no automatic door', 'none', { level: false, ramp: false, step_count: 3, call_button: false, automatic_door: false }],
  ] as const)('reduced mobility: %s is %s', (_what, grade, entrance) => {
    const f = { ...unknownInside, elevator: false, entrances: [{ ...unknownEntrance, ...entrance }] };
    expect(gradeFacility(f, DEFAULTS).grades.mobility.grade).toBe(grade);
  });
});
