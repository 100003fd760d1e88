/**
 * What each object has paid the city budget over the last three years: the "revenue to the city
 * budget" the programme asks the map to show (seed item 30.5).
 *
 * An object with a fee is billed each month from the month after it was installed until it was
 * dismantled, or until some months after its papers ran out (the department is slow to stop
 * billing, and some owners keep paying). How it pays depends on its owner:
 *
 *   monthly    in the first weeks of each month, now and then missing one
 *   quarterly  three months at a time, at the start of the quarter
 *   late       several months at once, weeks after they were due: the last ones are in arrears
 *   stopped    paid monthly until some months ago, nothing since
 *
 * Tariffs rise about 8 % a year, so older payments are smaller. The dates depend on today, so
 * this is the one generator whose row count changes with the calendar; it draws from its own
 * random stream so that nothing else does.
 */
import type { Queryable } from '../../server/db/database.js';
import { addDays, daysBetween, earlier, later, monthEnd, monthStart, type IsoDate } from './calendar.js';
import type { Random } from './random.js';
import type { RegistryObject } from './registry.js';
import type { PermitRow } from './permits.js';
import * as core from '../../server/registry/core/bulk.js';
import { Written } from '../../server/catalog/write.js';

export interface PaymentRow {
  objectId: number;
  amount: number;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  paidOn: IsoDate;
  document: string;
}

const HISTORY_MONTHS = 36;
const YEARLY_TARIFF_RISE = 1.08;

/** The last day the object was billed for: papers' end (plus a lag), dismantling, or today. */
function billedUntil(random: Random, object: RegistryObject, papers: PermitRow[], today: IsoDate): IsoDate {
  let end = object.dismantledOn ?? today;
  const inForce = papers.filter((p) => p.status !== 'reissued');
  const open = inForce.some((p) => p.validUntil === null);
  const lastUntil = inForce.reduce<IsoDate | null>((max, p) => (p.validUntil && (!max || p.validUntil > max) ? p.validUntil : max), null);
  if (!open && lastUntil && lastUntil < end) end = earlier(end, addDays(lastUntil, random.int(0, 180)));
  return end;
}

export function planPayments(random: Random, objects: readonly RegistryObject[], permits: readonly PermitRow[], today: IsoDate): PaymentRow[] {
  const papersOf = new Map<number, PermitRow[]>();
  for (const p of permits) papersOf.set(p.objectId, [...(papersOf.get(p.objectId) ?? []), p]);
  const rows: PaymentRow[] = [];
  const firstMonth = monthStart(today, -HISTORY_MONTHS);

  for (const object of objects) {
    if (!object.monthlyFee || !object.owner) continue;
    const fee = object.monthlyFee;
    const from = later(monthStart(object.installedOn, 1), firstMonth);
    const until = billedUntil(random, object, papersOf.get(object.id) ?? [], today);
    const months: IsoDate[] = [];
    for (let m = from; m <= until && m <= today; m = monthStart(m, 1)) months.push(m);
    if (months.length === 0) continue;

    const amountFor = (month: IsoDate) => Math.round(fee * YEARLY_TARIFF_RISE ** (daysBetween(today, month) / 365) * 100) / 100;
    const pay = (periodMonths: IsoDate[], paidOn: IsoDate) => {
      if (paidOn > today) return; // not yet paid: arrears
      const amount = Math.round(periodMonths.reduce((s, m) => s + amountFor(m), 0) * 100) / 100;
      rows.push({
        objectId: object.id, amount, paidOn,
        periodFrom: periodMonths[0],
        periodTo: monthEnd(periodMonths[periodMonths.length - 1]),
        document: `Платіжна інструкція № ${random.int(100, 99_999)}`,
      });
    };

    switch (object.owner.payer) {
      case 'monthly':
        for (const m of months) if (!random.chance(0.04)) pay([m], addDays(m, random.int(0, 20)));
        break;
      case 'quarterly':
        for (let i = 0; i < months.length; ) {
          const quarter = months.slice(i, i + 3 - (Number(months[i].slice(5, 7)) - 1) % 3);
          pay(quarter, addDays(quarter[0], random.int(0, 25)));
          i += quarter.length;
        }
        break;
      case 'late':
        for (let i = 0; i < months.length; ) {
          const batch = months.slice(i, i + random.int(2, 4));
          pay(batch, addDays(monthEnd(batch[batch.length - 1]), random.int(10, 75)));
          i += batch.length;
        }
        break;
      case 'stopped': {
        const stoppedAfter = monthStart(today, -random.int(3, 14));
        for (const m of months) if (m < stoppedAfter) pay([m], addDays(m, random.int(0, 25)));
        break;
      }
    }
  }
  return rows;
}

/** The planned payments, through the registry's write core. */
export async function insertPayments(tx: Queryable, municipalityId: number, payments: readonly PaymentRow[]): Promise<void> {
  await core.insertPayments(tx, new Written(), { municipalityId, userId: null }, payments.map((p) => ({
    object_id: p.objectId, amount_uah: p.amount, paid_on: p.paidOn, period_from: p.periodFrom, period_to: p.periodTo, document: p.document,
  })));
}
