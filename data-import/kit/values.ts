/**
 * Cell values as Ukrainian spreadsheets write them, to typed values — or to the reason they
 * cannot be, in Ukrainian and English. Nothing here knows about rows or columns.
 */
import { numberProblem, type DecimalRule, type IntegerRule, type Word } from '../../server/rules/registry.js';

export interface Reason {
  /** Stable, for programs (the editor UI highlights by it). */
  code: string;
  uk: string;
  en: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Reason };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: string, uk: string, en: string): Parsed<never> => ({ ok: false, reason: { code, uk, en } });

/**
 * A decimal number: "37,6123" or "37.6123", with spaces (also no-break and narrow no-break,
 * which Excel puts in "1 234,50") as thousands separators. A value with both ',' and '.' is
 * refused: "1.234,5" and "1,234.5" read as different numbers in different offices.
 */
export function parseDecimal(text: string): Parsed<number> {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (compact.includes(',') && compact.includes('.')) {
    return fail('ambiguous_number', 'незрозуміло, що тут десятковий розділювач: є і кома, і крапка', 'ambiguous decimal separator: both comma and point');
  }
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(compact)) return fail('not_a_number', 'це не число', 'not a number');
  return ok(Number(compact.replace(',', '.')));
}

/**
 * A calendar day as 'YYYY-MM-DD': from dd.mm.yyyy (the Ukrainian way, also d.m.yyyy and with '/'
 * or '-'), or ISO yyyy-mm-dd. A midnight time that Excel appends ("01.03.2024 0:00") is dropped;
 * any other time is refused, since these are days. 31.02.2024 is refused: no such day.
 */
export function parseDate(text: string): Parsed<string> {
  const t = text.trim().replace(/[ T]0?0:00(:00(\.0+)?)?$/, '');
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2}$/.test(t)) {
    return fail('bad_date', 'рік має бути чотирма цифрами (дд.мм.рррр)', 'the year needs four digits (dd.mm.yyyy)');
  } else {
    return fail('bad_date', 'дата має бути у вигляді дд.мм.рррр або рррр-мм-дд', 'a date must be dd.mm.yyyy or yyyy-mm-dd');
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return fail('no_such_date', 'такої дати не існує', 'no such date');
  }
  if (y < 1900 || y > 2200) return fail('out_of_range', 'рік поза межами 1900–2200', 'year outside 1900-2200');
  return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

const YES = new Set(['так', 'є', 'yes', 'y', 'true', '1', '+', 'да', 'т']);
const NO = new Set(['ні', 'немає', 'нема', 'no', 'n', 'false', '0', '-', 'нет', 'н']);

export function parseBoolean(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return fail('not_a_boolean', 'очікується так/ні', 'expected yes/no');
}

/**
 * A ЄДРПОУ code, checked by its check digit. Excel, taking the code for a number, drops its
 * leading zeros ("32129" for 00032129): a 5-7 digit value is padded back, but only accepted when
 * the padded code passes the check, and the caller is told (padded: true) so it can say so.
 */
export function parseEdrpou(text: string, isValid: (code: string) => boolean): Parsed<{ code: string; padded: boolean }> {
  const t = text.replace(/[\s\u00a0]/g, '');
  if (!/^\d{5,8}$/.test(t)) return fail('bad_edrpou', 'код ЄДРПОУ має 8 цифр', 'an ЄДРПОУ code has 8 digits');
  const code = t.padStart(8, '0');
  if (!isValid(code)) return fail('bad_edrpou', 'неправильна контрольна цифра коду ЄДРПОУ', 'wrong ЄДРПОУ check digit');
  return ok({ code, padded: code !== t });
}

/** An individual's tax number (РНОКПП): ten digits. */
export function parseRnokpp(text: string): Parsed<string> {
  const t = text.replace(/[\s\u00a0]/g, '');
  if (!/^\d{10}$/.test(t)) return fail('bad_rnokpp', 'РНОКПП має 10 цифр', 'an РНОКПП has 10 digits');
  return ok(t);
}

/** Letters only, lower case: how vocabulary words are compared ("ФОП", "фоп", "Ф.О.П." alike). */
export const vocabularyKey = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A value from a closed vocabulary (server/rules/registry.ts), by its code, label or any of its spellings. */
export function parseVocabulary<T extends string>(text: string, words: readonly Word<T>[], what: { uk: string; en: string }): Parsed<T> {
  const key = vocabularyKey(text);
  for (const word of words) {
    if ([word.value, word.label.uk, word.label.en, ...word.spellings].some((s) => vocabularyKey(s) === key)) return ok(word.value);
  }
  return fail('unknown_value', `невідомий ${what.uk}; можливі: ${words.map((w) => w.spellings[0]).join(', ')}`, `unknown ${what.en}; expected one of: ${words.map((w) => w.value).join(', ')}`);
}

/** A number cell under its field rule (server/rules/registry.ts): the limits every writer applies. */
export function parseNumberByRule(text: string, rule: DecimalRule | IntegerRule): Parsed<number> {
  const parsed = parseDecimal(text);
  if (!parsed.ok) return parsed;
  const problem = numberProblem(rule, parsed.value);
  return problem ? { ok: false, reason: problem } : parsed;
}
