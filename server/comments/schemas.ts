/**
 * What the comments API accepts, as zod schemas with their inferred types. The limits are
 * server/rules/comments.ts's COMMENT_LIMITS, which the form checks too.
 */
import { z } from 'zod';
import { badRequest } from '../errors.js';
import { COMMENT_LIMITS as L } from '../rules/comments.js';

const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** A resident's new comment, from the map's form (or Open311, mapped onto this). */
export const newCommentBody = z.object({
  category: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  body: text(L.bodyMax, L.bodyMin),
  /** At a point … */
  lon: lon.optional(),
  lat: lat.optional(),
  /** … or on an object of a catalog collection (its point on surface, unless a point is given too). */
  target: z.object({ collection: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/), id: z.number().int().positive() }).strict().optional(),
  name: text(L.nameMax).optional().nullable(),
  showName: z.boolean().optional(),
  email: z.email().max(L.emailMax).optional().nullable().or(z.literal('')),
  /** The honeypot: a field people do not see; a robot fills it. */
  website: z.string().max(500).optional(),
  /** The form's ticket (GET …/comments/form): when it was opened, signed. */
  ticket: z.string().max(100).optional(),
}).strict().refine((b) => b.target !== undefined || (b.lon !== undefined && b.lat !== undefined), {
  message: 'потрібна точка (lon, lat) або об’єкт (target) / a point (lon, lat) or an object (target) is required',
  path: ['lon'],
});
export type NewCommentBody = z.infer<typeof newCommentBody>;

/** A step taken by staff or the author. Which fields a step needs is its transition's `needs`. */
export const stepBody = z.object({
  note: text(L.noteMax).optional(),
  reason: text(1000).optional(),
  answer: text(L.noteMax).optional(),
  /** A redaction's new text (the original is kept for admins). */
  body: text(L.bodyMax, L.bodyMin).optional(),
  /** An answer's link to the object it acted on (a registry object). */
  link: z.object({ collection: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/), id: z.number().int().positive() }).strict().optional(),
  /** merge: the comment this one duplicates. */
  into: z.number().int().positive().optional(),
  /** route: a department, a deputy, or both. */
  department: text(200).optional(),
  deputyId: z.number().int().positive().optional(),
}).strict();
export type StepBody = z.infer<typeof stepBody>;

/** An admin's category of the hromada (PUT …/categories/{code}). */
export const categoryBody = z.object({
  kind: z.enum(['illegal_object', 'damage', 'accessibility', 'data_error', 'improvement', 'other']),
  nameUk: text(120),
  nameEn: text(120),
  descriptionUk: text(500).optional().nullable(),
  position: z.number().int().min(0).max(10000).optional(),
  active: z.boolean().optional(),
}).strict();

/** An admin's change to the hromada's comment settings (PUT …/settings). */
export const settingsBody = z.object({
  responseDays: z.number().int().min(1).max(365),
}).strict();

export const queueQuery = z.object({
  status: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional(),
  category: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
}).strict();

/** A row id from a URL: a PostgreSQL integer, or a 400 naming the parameter. */
export function positiveId(value: unknown, parameter = 'id'): number {
  const n = Number(value);
  if (!/^\d{1,10}$/.test(String(value)) || n < 1 || n > 2_147_483_647) throw badRequest(`Неправильний номер «${String(value).slice(0, 40)}». Invalid ${parameter}.`, { parameter });
  return n;
}
