/**
 * What the accessibility API accepts, as zod schemas. Field names are the database's (and the
 * catalog's) so that a form, a feature's properties and an audit row name a thing the same way.
 * Every fact is nullable: null is "not surveyed", false or 0 "surveyed and absent", and a PATCH
 * that leaves a field out leaves it as it is.
 */
import { z } from 'zod';
import { FACILITY_CATEGORIES } from '../rules/vocabularies.js';
import { NEEDS, THRESHOLD_CODES } from '../rules/accessibility.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2200-12-31', 'рік поза межами 1900–2200 / year outside 1900-2200');
const fact = z.boolean().nullable();
const measure = (min: number, max: number) => z.number().min(min).max(max).nullable();
const whole = (min: number, max: number) => z.number().int().min(min).max(max).nullable();
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const point = z.object({ type: z.literal('Point'), coordinates: position }).strict();

export const DOOR_TYPES = ['hinged', 'sliding', 'revolving', 'swinging', 'opening', 'none'] as const;
export const SURVEY_SOURCES = ['survey', 'resident', 'import'] as const;
export const CATEGORY_CODES = FACILITY_CATEGORIES.map((c) => c.value) as [string, ...string[]];

/** An entrance's checklist (ДБН В.2.2-40:2018: the entrance group), every item nullable. */
export const entranceFacts = {
  name: text(200).nullable(),
  is_main: z.boolean(),
  geometry: point.nullable(),
  level: fact,
  step_count: whole(0, 100),
  step_height_cm: measure(0, 100),
  ramp: fact,
  ramp_removable: fact,
  ramp_slope_pct: measure(0, 100),
  ramp_width_cm: whole(1, 1000),
  ramp_handrails: fact,
  door_width_cm: whole(1, 1000),
  door_type: z.enum(DOOR_TYPES).nullable(),
  threshold_height_cm: measure(0, 50),
  automatic_door: fact,
  call_button: fact,
  call_button_height_cm: whole(1, 300),
  intercom: fact,
  tactile_guidance: fact,
  surveyed_on: isoDate.nullable(),
  notes: text(2000).nullable(),
};
export const newEntrance = z.object(entranceFacts).partial().strict();
export const entrancePatch = z.object({ ...entranceFacts, row_version: z.number().int().positive() }).partial().required({ row_version: true }).strict();
export type NewEntrance = z.infer<typeof newEntrance>;
export type EntrancePatch = z.infer<typeof entrancePatch>;

/** A facility's own fields: what it is, who runs it, and its inside and parking facts. */
export const facilityFields = {
  name: text(300),
  category: z.enum(CATEGORY_CODES),
  address: text(300).nullable(),
  geometry: point,
  external_id: text(100).nullable(),
  operator: text(300).nullable(),
  phone: text(100).nullable(),
  website: z.url({ protocol: /^https?$/ }).max(300).nullable(),
  opening_hours: text(300).nullable(),
  survey_source: z.enum(SURVEY_SOURCES).nullable(),
  surveyed_on: isoDate.nullable(),
  notes: text(2000).nullable(),
  elevator: fact,
  elevator_cabin_width_cm: whole(1, 1000),
  elevator_cabin_depth_cm: whole(1, 1000),
  elevator_braille: fact,
  elevator_voice: fact,
  accessible_toilet: fact,
  toilet_grab_rails: fact,
  toilet_turning_cm: whole(1, 1000),
  tactile_paving: fact,
  braille_signage: fact,
  large_print_signage: fact,
  hearing_loop: fact,
  sign_language: fact,
  staff_help: fact,
  accessible_parking: fact,
  parking_spaces: whole(0, 1000),
  parking_distance_m: whole(0, 10000),
};
export const newFacility = z.object({
  ...facilityFields,
  entrances: z.array(newEntrance).max(20).optional(),
}).partial().required({ name: true, category: true, geometry: true }).strict();
export const facilityPatch = z.object({ ...facilityFields, row_version: z.number().int().positive() })
  .partial().required({ row_version: true }).strict();
export type NewFacility = z.infer<typeof newFacility>;
export type FacilityPatch = z.infer<typeof facilityPatch>;

export const thresholdChange = z.object({ value: z.number().min(0).max(100000).nullable() }).strict();
export const thresholdCode = z.enum(THRESHOLD_CODES);

export const need = z.enum(NEEDS);

/** GET /nearest: from a point, the nearest facilities that serve a need, by category and features. */
export const nearestQuery = z.object({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  need: need.default('wheelchair'),
  /** The least grade that counts: full, or partial and better. */
  at_least: z.enum(['full', 'partial']).default('partial'),
  category: z.enum(CATEGORY_CODES).optional(),
  feature: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(5),
}).strict();
