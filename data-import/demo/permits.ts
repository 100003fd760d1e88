/**
 * The paper trail of each object: placement permits (дозвіл, for advertising), placement
 * passports (паспорт прив'язки, for МАФ) and contracts, so that the public legality check
 * (registry_legality in 0003_registry.sql) finds every case as of today:
 *
 *   legal       a permit in force, ending more than 30 days from now, or an open-ended passport
 *   expiring    the permit ends within 30 days
 *   expired     the last permit has ended (marked 'expired' by the department, or still 'active'
 *               when it ended lately and nobody has touched the record yet)
 *   no_permit   never had one, had it annulled, or holds only a contract
 *   dismantled  removed; whatever papers it had stay in the history
 *
 * A story is drawn backwards from today: first the end of the last permit, then the permits
 * before it, each starting where the next one would have been applied for; the object was
 * installed soon after its first permit. Some permits were reissued (a new owner, a changed
 * size): the old one stays with status 'reissued'. All dates are offsets from today, so the
 * same seed tells the same story on any day.
 */
import type { Queryable } from '../../server/db/database.js';
import { addDays, daysBetween, earlier, ukDate, year, type IsoDate } from './calendar.js';
import type { Random } from './random.js';
import * as core from '../../server/registry/core/bulk.js';
import { Written } from '../../server/catalog/write.js';

export type { Legality } from '../../server/rules/vocabularies.js';
import type { Legality } from '../../server/rules/vocabularies.js';

/** How often each outcome occurs among the demo's objects. */
export const LEGALITY_SHARES: Record<Legality, number> = {
  legal: 0.56, expiring: 0.07, expired: 0.14, no_permit: 0.17, dismantled: 0.06,
};

export interface PermitRow {
  objectId: number;
  kind: 'permit' | 'passport' | 'contract';
  number: string;
  issuedOn: IsoDate;
  validFrom: IsoDate;
  validUntil: IsoDate | null;
  decision: string | null;
  status: 'active' | 'expired' | 'annulled' | 'reissued';
  contractNumber: string | null;
  contractDate: IsoDate | null;
}

export interface Timeline {
  installedOn: IsoDate;
  dismantledOn: IsoDate | null;
  permits: PermitRow[];
  /** The object holds a contract for its place (it pays a fee even without a permit). */
  hasContract: boolean;
}

/** Running numbers per kind and year, as a department's registers count them. */
export class PermitNumbers {
  private readonly counters = new Map<string, number>();

  next(kind: PermitRow['kind'], issuedOn: IsoDate): string {
    const key = `${kind}:${year(issuedOn)}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    const prefix = { permit: '', passport: 'МАФ-', contract: 'Д-' }[kind];
    return `${prefix}${String(n).padStart(3, '0')}/${year(issuedOn)}`;
  }
}

/** Advertising permits run five years (the Standard Rules of outdoor advertising, 2003); passports one to five. */
function termDays(random: Random, category: 'maf' | 'advertising'): number {
  return category === 'advertising' ? 5 * 365 : 365 * random.pick([1, 2, 3, 3, 5]);
}

export function planTimeline(
  random: Random,
  numbers: PermitNumbers,
  objectId: number,
  category: 'maf' | 'advertising',
  legality: Legality,
  today: IsoDate,
): Timeline {
  const kind = category === 'advertising' ? 'permit' : 'passport';
  const term = termDays(random, category);
  const permits: PermitRow[] = [];
  const issue = (validFrom: IsoDate, validUntil: IsoDate | null, status: PermitRow['status']): PermitRow => {
    const issuedOn = addDays(validFrom, -random.int(0, 14));
    const decidedOn = ukDate(addDays(issuedOn, -random.int(0, 7)));
    const withContract = kind === 'permit' && random.chance(0.4);
    const permit: PermitRow = {
      objectId, kind, status, issuedOn, validFrom, validUntil,
      number: numbers.next(kind, issuedOn),
      decision: kind === 'permit'
        ? `Рішення виконавчого комітету № ${random.int(100, 999)} від ${decidedOn}`
        : `Наказ управління архітектури та містобудування № ${random.int(10, 399)} від ${decidedOn}`,
      contractNumber: withContract ? numbers.next('contract', issuedOn) : null,
      contractDate: withContract ? earlier(addDays(issuedOn, random.int(0, 20)), today) : null,
    };
    permits.push(permit);
    return permit;
  };

  let dismantledOn: IsoDate | null = null;
  let lastUntil: IsoDate | null | undefined; // undefined: no permit at all
  let lastStatus: PermitRow['status'] = 'active';
  switch (legality) {
    case 'legal':
      lastUntil = kind === 'passport' && random.chance(0.2) ? null : addDays(today, random.int(31, term - 1));
      break;
    case 'expiring':
      lastUntil = addDays(today, random.int(1, 28));
      break;
    case 'expired':
      lastUntil = addDays(today, -random.int(1, 900));
      lastStatus = daysBetween(lastUntil, today) > 60 ? 'expired' : 'active';
      break;
    case 'dismantled':
      dismantledOn = addDays(today, -random.int(5, 700));
      if (random.chance(0.6)) {
        lastUntil = addDays(dismantledOn, random.int(-200, 200));
        lastStatus = lastUntil < today ? 'expired' : 'active';
      }
      break;
    case 'no_permit': {
      const story = random.weighted({ never: 0.55, annulled: 0.3, contractOnly: 0.15 });
      if (story === 'annulled') {
        lastUntil = addDays(today, random.int(-300, term - 30)); // annulled before or while in force
        lastStatus = 'annulled';
      }
      if (story === 'contractOnly') {
        const since = addDays(today, -random.int(60, 1500));
        const number = numbers.next('contract', since);
        permits.push({
          objectId, kind: 'contract', number, issuedOn: since, validFrom: since, validUntil: addDays(since, 3 * 365),
          decision: null, status: 'active', contractNumber: number, contractDate: since,
        });
        return { installedOn: addDays(since, random.int(3, 30)), dismantledOn, permits, hasContract: true };
      }
      break;
    }
  }

  if (lastUntil === undefined) {
    // Never had papers: it stands where it was put.
    return { installedOn: addDays(dismantledOn ?? today, -random.int(20, 2500)), dismantledOn, permits, hasContract: false };
  }

  // The last permit, then up to two earlier ones, each ending shortly before the next began.
  const lastFrom = lastUntil === null ? addDays(today, -random.int(30, 3000)) : addDays(lastUntil, -(term - 1));
  let from = lastFrom;
  const earlierPermits = random.weighted({ '0': 0.45, '1': 0.35, '2': 0.2 });
  for (let k = Number(earlierPermits); k > 0; k--) {
    const until = addDays(from, -1 - random.int(0, 20));
    from = addDays(until, -(term - 1));
    issue(from, until, 'expired');
  }
  if (legality !== 'no_permit' && random.chance(0.12) && daysBetween(lastFrom, today) > 60) {
    // Reissued: a permit for the same term replaced by a new one part-way (a new owner, a new size).
    const replacedOn = addDays(lastFrom, random.int(30, Math.max(31, daysBetween(lastFrom, earlier(today, lastUntil ?? today)) - 1)));
    issue(lastFrom, lastUntil, 'reissued');
    issue(earlier(replacedOn, addDays(today, -1)), lastUntil, lastStatus);
  } else {
    issue(lastFrom, lastUntil, lastStatus);
  }

  const installedOn = earlier(addDays(from, random.int(3, 45)), addDays(dismantledOn ?? today, -1));
  return { installedOn, dismantledOn, permits, hasContract: permits.some((p) => p.contractNumber !== null) };
}

/** The planned permits, through the registry's write core. */
export async function insertPermits(tx: Queryable, municipalityId: number, permits: readonly PermitRow[]): Promise<void> {
  await core.insertPermits(tx, new Written(), { municipalityId, userId: null }, permits.map((p) => ({
    object_id: p.objectId, kind: p.kind, number: p.number, issued_on: p.issuedOn, valid_from: p.validFrom, valid_until: p.validUntil,
    decision: p.decision, status: p.status, contract_number: p.contractNumber, contract_date: p.contractDate,
  })));
}
