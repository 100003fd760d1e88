/**
 * Calendar days for the generator. The demo's dates are drawn as offsets from "today" (the
 * database's current_date, which is what legality is judged against), so a seed gives the same
 * story on any day: a permit that runs out "in 12 days" does so whenever the demo is created.
 *
 * Days are 'YYYY-MM-DD' strings, computed in UTC so no time zone or daylight-saving change can
 * move a date by one.
 */

export type IsoDate = string;

const MS_PER_DAY = 86_400_000;

// A demo spans a few thousand distinct days but converts them millions of times (payments at
// scale 20): both directions are memoised.
const msOfDate = new Map<IsoDate, number>();
const dateOfMs = new Map<number, IsoDate>();

function toUtc(iso: IsoDate): number {
  let ms = msOfDate.get(iso);
  if (ms === undefined) {
    const [y, m, d] = iso.split('-').map(Number);
    ms = Date.UTC(y, m - 1, d);
    msOfDate.set(iso, ms);
  }
  return ms;
}

function fromUtc(ms: number): IsoDate {
  let iso = dateOfMs.get(ms);
  if (iso === undefined) {
    iso = new Date(ms).toISOString().slice(0, 10);
    dateOfMs.set(ms, iso);
  }
  return iso;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(iso) + Math.round(days) * MS_PER_DAY);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / MS_PER_DAY);
}

/** The first day of the month `months` after the month of iso (negative: before). */
export function monthStart(iso: IsoDate, months = 0): IsoDate {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return fromUtc(Date.UTC(y, m - 1 + months, 1));
}

/** The last day of the month of iso. */
export function monthEnd(iso: IsoDate): IsoDate {
  return addDays(monthStart(iso, 1), -1);
}

export const year = (iso: IsoDate) => Number(iso.slice(0, 4));

export const earlier = (a: IsoDate, b: IsoDate) => (a <= b ? a : b);
export const later = (a: IsoDate, b: IsoDate) => (a >= b ? a : b);

/** "14.03.2021": how Ukrainian documents write a date. */
export function ukDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** A moment `days` (fractional) before `now`. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * MS_PER_DAY);
}
