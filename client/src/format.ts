/**
 * Property values as a resident reads them, by the property's catalog type:
 *   date      2026-11-23            → 23.11.2026
 *   datetime  2026-11-23T12:05:00Z  → 23.11.2026 14:05   (Kyiv time)
 *   money     12345.5 (unit 'грн')  → 12 345,50 грн      (en: 12,345.50 UAH)
 *   number    3.5 (unit 'м')        → 3,5 м
 *   boolean   true                  → так                (en: yes)
 *   enum      'expired'             → Дозвіл прострочено (the value's catalog label)
 * Thousands are grouped by a no-break space (U+00A0) so "12 345" never wraps apart; only values
 * with a unit are grouped (an object number such as 1024 stays as it is). Pure functions: the
 * browser tests format the OGC values with the same code to compare them with the panel.
 */
import type { CatalogCollection, CatalogProperty } from './catalog.js';
import { pick, t, type Lang } from './i18n.js';

const NBSP = '\u00a0';
const MONEY_UNITS = new Set(['грн']);
const UNIT_EN: Record<string, string> = { грн: 'UAH', м: 'm', 'м²': 'm²', см: 'cm', '%': '%' };

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'YYYY-MM-DD' (or an ISO date-time, whose date part is taken) → 'dd.mm.yyyy'. */
export function formatDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

const kyivParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** An instant → 'dd.mm.yyyy HH:MM' on the clock of Kyiv, whatever the reader's time zone. */
export function formatDateTime(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const part = Object.fromEntries(kyivParts.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.day}.${part.month}.${part.year} ${part.hour}:${part.minute}`;
}

/**
 * A number with `decimals` fixed (or up to 2 when undefined, trailing zeros dropped); grouped in
 * threes when `grouped`. Ukrainian: 12 345,5; English: 12,345.5.
 */
export function formatNumber(value: number, lang: Lang, { decimals, grouped }: { decimals?: number; grouped: boolean }): string {
  const fixed = decimals === undefined ? String(Math.round(value * 100) / 100) : value.toFixed(decimals);
  const negative = fixed.startsWith('-');
  const [whole, fraction] = (negative ? fixed.slice(1) : fixed).split('.');
  const separator = lang === 'uk' ? NBSP : ',';
  const wholeText = grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator) : whole;
  const text = fraction ? `${wholeText}${lang === 'uk' ? ',' : '.'}${fraction}` : wholeText;
  return negative ? `−${text}` : text;
}

export function formatUnit(unit: string, lang: Lang): string {
  return lang === 'en' ? (UNIT_EN[unit] ?? unit) : unit;
}

/** True when a value counts as absent (shown as "немає даних"). */
export const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '';

/** One property value as text in `lang`; absent values read "немає даних" / "no data". */
export function formatValue(property: CatalogProperty, value: unknown, lang: Lang): string {
  if (isEmpty(value)) return t('noData', {}, lang);
  if (property.values) {
    const entry = property.values.find((v) => v.value === String(value));
    if (entry) return pick(entry.label, lang);
  }
  switch (property.type) {
    case 'boolean': {
      const yes = value === true || value === 'true' || value === 1;
      return t(yes ? 'yes' : 'no', {}, lang);
    }
    case 'date':
      return formatDate(String(value));
    case 'datetime':
      return formatDateTime(value as string);
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return String(value);
      if (!property.unit) return formatNumber(n, lang, { grouped: false, decimals: property.type === 'integer' ? 0 : undefined });
      const money = MONEY_UNITS.has(property.unit);
      const number = formatNumber(n, lang, { grouped: true, decimals: money ? 2 : property.type === 'integer' ? 0 : undefined });
      return `${number}${NBSP}${formatUnit(property.unit, lang)}`;
    }
    default:
      return String(value);
  }
}

/**
 * The name of a feature in lists and panel headings: its title property, formatted; in English
 * the `_en` twin of a `_uk` title property when the feature has it (type_uk → type_en); a bare
 * number is prefixed by the property's label ("Номер округу 12"); a missing title falls back to
 * the collection title and the id.
 */
export function featureTitle(collection: CatalogCollection, properties: Record<string, unknown>, id: string | number | undefined, lang: Lang): string {
  const english = lang === 'en' && collection.titleProperty.endsWith('_uk') ? collection.titleProperty.replace(/_uk$/, '_en') : null;
  const name = english && !isEmpty(properties[english]) ? english : collection.titleProperty;
  const property = collection.properties.find((p) => p.name === name);
  const value = properties[name];
  if (!property || isEmpty(value)) return `${pick(collection.title, lang)} ${id ?? ''}`.trim();
  const text = formatValue(property, value, lang);
  return property.type === 'integer' || property.type === 'number' ? `${pick(property.label, lang)} ${text}` : text;
}
