import { z } from 'zod';
import { badRequest } from '../errors.js';

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
