/**
 * Owners of kiosks and billboards: companies (ТОВ, ПП) with a valid ЄДРПОУ code, sole
 * proprietors (ФОП) with a 10-digit РНОКПП, and the city's municipal enterprises.
 *
 * A ФОП's РНОКПП and private phone are personal data: the database keeps them for the
 * architecture department, and pub_registry shows a ФОП's name only (its owner_edrpou is NULL).
 * The tests check that no РНОКПП reaches a public view.
 *
 * A few owners hold much of the market (an outdoor-advertising agency owns dozens of billboards,
 * a ФОП one or two kiosks): each owner has a weight by its rank, Zipf-like, and objects draw
 * their owner by it.
 */
import type { Queryable } from '../../server/db/database.js';
import { edrpouCheckDigit } from '../../server/rules/edrpou.js';
import { reserveIds } from './batch.js';
import type { CityProfile } from './cities.js';
import { companyName, mailbox, mobilePhone, MUNICIPAL_ENTERPRISES, personName, surnameWithInitials } from './names.js';
import type { Random } from './random.js';
import { transliterate } from '../../server/rules/transliterate.js';
import * as core from '../../server/registry/core/bulk.js';
import { Written } from '../../server/catalog/write.js';

export const OWNERS_PER_CITY = 150;

export type OwnerKind = 'legal_entity' | 'sole_proprietor' | 'municipal_enterprise';

export interface Owner {
  id: number;
  kind: OwnerKind;
  /** What it owns: 'media' owners hold advertising, 'trade' owners kiosks, 'city' both. */
  business: 'media' | 'trade' | 'city';
  name: string;
  edrpou: string | null;
  rnokpp: string | null;
  publicContact: string | null;
  privatePhone: string | null;
  privateEmail: string | null;
  /** Share of the objects of its business it tends to own (relative). */
  weight: number;
  /** How it pays its fees (see payments.ts). */
  payer: 'monthly' | 'quarterly' | 'late' | 'stopped';
}

/** A valid ЄДРПОУ code whose first digits fall in `range` (codes were issued in ranges over time). */
function edrpou(random: Random, range: [number, number], taken: Set<string>): string {
  for (;;) {
    const first7 = String(random.int(range[0], range[1])).padStart(7, '0');
    const code = first7 + edrpouCheckDigit(first7);
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

/**
 * A РНОКПП (individual tax number): the first five digits count the days from 31.12.1899 to the
 * date of birth, the ninth is even for women and odd for men, the tenth is a check digit: the sum
 * of the first nine digits weighted −1 5 7 9 4 6 10 5 7, mod 11, mod 10.
 */
export function rnokpp(random: Random, female: boolean): string {
  const born = Date.UTC(random.int(1955, 2002), random.int(0, 11), random.int(1, 28));
  const days = Math.round((born - Date.UTC(1899, 11, 31)) / 86_400_000);
  const sexDigit = 2 * random.int(0, 4) + (female ? 0 : 1);
  const first9 = String(days).padStart(5, '0') + random.digits(3) + sexDigit;
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = weights.reduce((s, w, i) => s + w * Number(first9[i]), 0);
  return first9 + String((((sum % 11) + 11) % 11) % 10);
}

const PAYERS = { monthly: 0.3, quarterly: 0.5, late: 0.12, stopped: 0.08 } as const;

export function planOwners(city: CityProfile, random: Random, scale: number): Omit<Owner, 'id'>[] {
  const codes = new Set<string>();
  const names = new Set<string>();
  const owners: Omit<Owner, 'id'>[] = MUNICIPAL_ENTERPRISES.map((name) => ({
    kind: 'municipal_enterprise' as const,
    business: 'city' as const,
    name,
    edrpou: edrpou(random, [300_000, 599_999], codes), // old state-sector codes: 003xxxxx-005xxxxx
    rnokpp: null,
    publicContact: city.landline(random),
    privatePhone: null,
    privateEmail: null,
    weight: 1,
    payer: 'monthly' as const,
  }));
  const count = Math.max(10, Math.round(OWNERS_PER_CITY * scale) - owners.length);
  for (let rank = 1; rank <= count; rank++) {
    const kind = random.weighted({ legal_entity: 0.55, sole_proprietor: 0.45 });
    const business = kind === 'legal_entity' && random.chance(0.4) ? 'media' : random.chance(0.1) ? 'media' : 'trade';
    const weight = 1 / rank ** 0.8;
    const payer = random.weighted(PAYERS);
    if (kind === 'sole_proprietor') {
      const person = personName(random);
      owners.push({
        kind, business, weight, payer,
        name: `ФОП ${surnameWithInitials(person)}`,
        edrpou: null,
        rnokpp: rnokpp(random, person.female),
        publicContact: random.chance(0.3) ? mobilePhone(random) : null,
        privatePhone: mobilePhone(random),
        privateEmail: random.chance(0.5) ? `${mailbox(person.firstName, person.surname)}${random.int(1, 99)}@example.com` : null,
      });
      continue;
    }
    let name = '';
    for (let attempt = 0; attempt < 20 && (!name || names.has(name)); attempt++) {
      name = `${random.chance(0.75) ? 'ТОВ' : 'ПП'} ${companyName(random, business)}`;
    }
    names.add(name);
    const site = transliterate(name.replace(/^\S+ /, '')).toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
    owners.push({
      kind, business, weight, payer, name,
      edrpou: edrpou(random, [3_000_000, 4_499_999], codes), // companies registered since the 2000s
      rnokpp: null,
      publicContact: random.chance(0.6) ? `${city.landline(random)}, office@${site}.example` : null,
      privatePhone: random.chance(0.5) ? mobilePhone(random) : null,
      privateEmail: null,
    });
  }
  return owners;
}

/** The planned owners, with ids drawn now, written through the registry's write core. */
export async function insertOwners(tx: Queryable, municipalityId: number, planned: Omit<Owner, 'id'>[]): Promise<Owner[]> {
  const ids = await reserveIds(tx, 'owner', planned.length);
  const owners = planned.map((o, i) => ({ ...o, id: ids[i] }));
  await core.insertOwners(tx, new Written(), { municipalityId, userId: null }, owners.map((o) => ({
    id: o.id, kind: o.kind, name: o.name, edrpou: o.edrpou, rnokpp: o.rnokpp,
    public_contact: o.publicContact, private_phone: o.privatePhone, private_email: o.privateEmail,
  })));
  return owners;
}

/** Picks an owner for an object of a business, by the owners' weights. */
export class OwnerPicker {
  private readonly pools = new Map<string, { owners: Owner[]; cumulative: number[] }>();
  private readonly cityOwners: Owner[];

  constructor(owners: Owner[]) {
    const businesses = owners.filter((o) => o.business !== 'city');
    for (const business of ['media', 'trade'] as const) {
      // At a tiny scale one kind of business may have no owner at all: then any business will do.
      const own = businesses.filter((o) => o.business === business);
      const pool = own.length > 0 ? own : businesses;
      let sum = 0;
      this.pools.set(business, { owners: pool, cumulative: pool.map((o) => (sum += o.weight)) });
    }
    this.cityOwners = owners.filter((o) => o.business === 'city');
  }

  pick(random: Random, business: 'media' | 'trade'): Owner {
    const pool = this.pools.get(business)!;
    const r = random.next() * pool.cumulative[pool.cumulative.length - 1];
    let lo = 0;
    let hi = pool.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pool.cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return pool.owners[lo];
  }

  /** The municipal enterprise whose name says it runs this kind of object (stops, city advertising). */
  municipal(nameIncludes: string): Owner {
    return this.cityOwners.find((o) => o.name.includes(nameIncludes)) ?? this.cityOwners[0];
  }
}
