/**
 * The fee an object owes the city this year, and its arrears, where the department set a monthly
 * fee (monthly_fee_uah: the tariff of its contract for the place).
 *
 * The rule, as the panel states it:
 *
 *   charged from  = the later of 1 January this year and the day it was installed
 *   charged until = the earlier of today and the day it was dismantled
 *   months due    = whole calendar months from `from` to `until` (as PostgreSQL's age() counts:
 *                   15 March → 14 May is one month, → 15 May two)
 *   expected      = monthly fee × months due
 *   paid          = payments made this year (by the day paid, as "revenue this year" counts)
 *   arrears       = expected − paid, when positive; an overpayment shows as credit
 *
 * Only whole months count: a month becomes due when it is over, so nobody is shown as a debtor for
 * the month in progress (contracts for a place usually let the owner pay for a month within the
 * next one). Only this year counts: older debts need payment periods, which records imported from
 * the department's spreadsheets often lack, and the panel's revenue figure is this year's too.
 */

export interface FeeFacts {
  monthlyFeeUah: number | null;
  installedOn: string | null;
  dismantledOn: string | null;
  paidThisYearUah: number;
  /** The database's today, 'YYYY-MM-DD'. */
  today: string;
}

export interface FeeStatus {
  monthly_fee_uah: number;
  charged_from: string;
  charged_until: string;
  months_due: number;
  expected_this_year_uah: number;
  paid_this_year_uah: number;
  arrears_uah: number;
  credit_uah: number;
}

const parts = (iso: string) => [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))] as const;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Whole calendar months from one day to a later one (0 when `to` is not after `from`). */
export function wholeMonthsBetween(from: string, to: string): number {
  if (to <= from) return 0;
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.max(0, (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0));
}

/** The fee status, or null where no fee is set. */
export function feeStatus(f: FeeFacts): FeeStatus | null {
  if (f.monthlyFeeUah === null) return null;
  const yearStart = `${f.today.slice(0, 4)}-01-01`;
  const from = f.installedOn && f.installedOn > yearStart ? f.installedOn : yearStart;
  const until = f.dismantledOn && f.dismantledOn < f.today ? f.dismantledOn : f.today;
  const months = wholeMonthsBetween(from, until);
  const expected = round2(f.monthlyFeeUah * months);
  const balance = round2(expected - f.paidThisYearUah);
  return {
    monthly_fee_uah: f.monthlyFeeUah,
    charged_from: from,
    charged_until: until,
    months_due: months,
    expected_this_year_uah: expected,
    paid_this_year_uah: round2(f.paidThisYearUah),
    arrears_uah: Math.max(0, balance),
    credit_uah: Math.max(0, -balance),
  };
}
