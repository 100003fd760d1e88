/**
 * Registry values in words a resident reads: money, a permit's validity and days left. Pure.
 */
import { formatDate, formatNumber } from '../format.js';
import { language, say, type Lang } from '../i18n.js';

const NBSP = '\u00a0';

/** 12345.5 → "12 345,50 грн" (en: "12,345.50 UAH"). */
export function money(value: number, lang: Lang = language()): string {
  return `${formatNumber(Number(value) || 0, lang, { decimals: 2, grouped: true })}${NBSP}${lang === 'en' ? 'UAH' : 'грн'}`;
}

const DAYS: Record<Lang, Record<Intl.LDMLPluralRule, string>> = {
  uk: { zero: 'днів', one: 'день', two: 'дні', few: 'дні', many: 'днів', other: 'дня' },
  en: { zero: 'days', one: 'day', two: 'days', few: 'days', many: 'days', other: 'days' },
};

export function days(n: number, lang: Lang = language()): string {
  return `${n}${NBSP}${DAYS[lang][new Intl.PluralRules(lang).select(n)]}`;
}

/**
 * A permit's validity in words, by the days left after today (the API's days_left):
 *   null → open-ended; ≥ 1 → "чинний до 31.12.2027, залишилось 402 дні"; 0 → ends today;
 *   < 0 → "сплив 12.01.2026 (5 днів тому)".
 */
export function validityWords(validUntil: string | null, daysLeft: number | null, lang: Lang = language()): string {
  if (!validUntil || daysLeft === null) return say({ uk: 'безстроковий', en: 'open-ended' }, {}, lang);
  const date = formatDate(validUntil);
  if (daysLeft > 0) return say({ uk: 'чинний до {date}, залишилось {n}', en: 'valid until {date}, {n} left' }, { date, n: days(daysLeft, lang) }, lang);
  if (daysLeft === 0) return say({ uk: 'чинний до {date}: спливає сьогодні', en: 'valid until {date}: ends today' }, { date }, lang);
  return say({ uk: 'сплив {date} ({n} тому)', en: 'expired on {date} ({n} ago)' }, { date, n: days(-daysLeft, lang) }, lang);
}
