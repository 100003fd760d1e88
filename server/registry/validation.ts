import { z } from 'zod';
import { badRequest } from '../errors.js';
import { findForbiddenText } from '../rules/text.js';

const ukMessages = z.locales.uk().localeError;
const enMessages = z.locales.en().localeError;

/** A value as it may be echoed in an error: short, and never a whole upload. */
function shown(value: unknown): unknown {
  if (typeof value === 'string' && value.length > 80) return `${value.slice(0, 77)}…`;
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? '[…]' : '{…}';
  return value;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export interface FieldError {
  field: string;
  value: unknown;
  message: string;
}

/**
 * Parses a request body or query with a zod schema. A refusal is one 400 problem document that
 * names the first failing field and the value it got, in Ukrainian and English, and lists every
 * failing field in `errors` (a form marks them all at once).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = ''): z.output<S> {
  refuseOddValues(input, where);
  const uk = schema.safeParse(input, { error: ukMessages });
  if (uk.success) return uk.data;
  const en = schema.safeParse(input, { error: enMessages });
  const errors: FieldError[] = uk.error.issues.map((issue, i) => {
    // an unknown key is reported on the object that holds it; name the key itself
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    const field = [where, ...path.map(String)].filter(Boolean).join('.') || '(тіло запиту)';
    const enMessage = en.success ? '' : en.error.issues[i]?.message ?? '';
    return { field, value: shown(valueAt(input, path)), message: `${issue.message}${enMessage ? ` / ${enMessage}` : ''}` };
  });
  const first = errors[0];
  throw badRequest(`Поле «${first.field}» (отримано ${JSON.stringify(first.value) ?? 'нічого'}): ${first.message}`, {
    field: first.field,
    value: first.value,
    errors,
  });
}

/** Every row id and row_version is a PostgreSQL integer; a larger one is refused, not a 500. */
const MAX_INT4 = 2_147_483_647;
const isIntegerKey = (key: string) => key === 'id' || key.endsWith('_id') || key === 'row_version';

/**
 * What no field may hold, whatever its schema says: forbidden characters in any string
 * (rules/text.ts: NUL, bidirectional overrides, lone surrogates), ids beyond integer, and dates
 * in year 0000.
 */
function refuseOddValues(input: unknown, where: string): void {
  const name = (path: string[]) => [where, ...path].filter(Boolean).join('.') || '(тіло запиту)';
  const text = findForbiddenText(input);
  if (text) {
    const value = typeof valueAt(input, text.path) === 'string' ? valueAt(input, text.path) : text.path[text.path.length - 1];
    throw fieldError(name(text.path), value, text.uk, text.en);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return;
  for (const [key, value] of Object.entries(input)) {
    const big = typeof value === 'number' ? value > MAX_INT4 : typeof value === 'string' && /^\d{10,}$/.test(value) && Number(value) > MAX_INT4;
    if (isIntegerKey(key) && big) throw fieldError(name([key]), value, `не більше ${MAX_INT4}`, `at most ${MAX_INT4}`);
    // an ISO date in year 0000 passes a date schema, but there is no such year (PostgreSQL refuses it)
    if (typeof value === 'string' && /^0000-\d{2}-\d{2}$/.test(value)) throw fieldError(name([key]), value, 'року 0000 не існує', 'there is no year 0000');
  }
}

/** A refusal about one field that the schema could not judge alone (the boundary, the owner …). */
export function fieldError(field: string, value: unknown, uk: string, en: string) {
  return badRequest(`Поле «${field}» (отримано ${JSON.stringify(shown(value))}): ${uk} / ${en}`, {
    field,
    value: shown(value),
    errors: [{ field, value: shown(value), message: `${uk} / ${en}` }],
  });
}

/** A numeric id from the path (objects, owners, permits, photos). */
export function pathId(value: unknown, field = 'id'): number {
  const text = String(value ?? '');
  if (!/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw fieldError(field, text, 'очікується додатне ціле число', 'expected a positive integer');
  }
  return Number(text);
}
