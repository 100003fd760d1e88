/**
 * Residents' comments of the last two years (seed items 30.1 and 30.2), in every status of their
 * life: new → in progress → answered or resolved → confirmed or refuted by the resident, or
 * rejected. Older comments are further along; the newest are still new. A few were hidden by
 * moderation.
 *
 * Complaints about illegal objects go mostly to the objects without papers or with lapsed ones;
 * damage reports to objects or to places; accessibility remarks to facilities. A comment about an
 * object is written while the object stands: after it was installed, before it was dismantled.
 */
import type { Queryable } from '../../server/db/database.js';
import { addressText, type AddressPlan } from './addresses.js';
import { inChunks } from './batch.js';
import { daysBefore, daysBetween, ukDate, type IsoDate } from './calendar.js';
import { ANSWERS, BODIES, capitalise, DEPARTMENTS, fill, OBJECT_NOUNS } from './comment-texts.js';
import type { CityProfile } from './cities.js';
import type { Facility } from './facilities.js';
import { firstNameAndInitial, mailbox, personName } from './names.js';
import { LocalPlane, type Ring, type XY } from './plane.js';
import type { Random } from './random.js';
import type { RegistryObject } from './registry.js';

export const COMMENTS_PER_CITY = 2000;
const HISTORY_DAYS = 730;

type Status = 'new' | 'in_progress' | 'answered' | 'resolved' | 'confirmed' | 'refuted' | 'rejected';
type Category = 'illegal_object' | 'damage' | 'accessibility' | 'improvement' | 'other';

export interface CommentRow {
  lon: number;
  lat: number;
  registryObjectId: number | null;
  facilityId: number | null;
  category: Category;
  body: string;
  status: Status;
  authorName: string | null;
  authorEmail: string | null;
  hidden: boolean;
  createdAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  verdictAt: Date | null;
}

/** Where a comment stands in its life, by its age in days: the older, the further along. */
function statusForAge(random: Random, age: number): Status {
  if (age < 3) return random.weighted({ new: 0.8, in_progress: 0.2 });
  if (age < 30) {
    return random.weighted({ new: 0.25, in_progress: 0.3, answered: 0.22, resolved: 0.1, confirmed: 0.04, refuted: 0.03, rejected: 0.06 });
  }
  return random.weighted({ new: 0.03, in_progress: 0.07, answered: 0.2, resolved: 0.22, confirmed: 0.27, refuted: 0.09, rejected: 0.12 });
}

/** How likely an object draws an "illegal object" complaint, by its legality. */
const SUSPICION = { no_permit: 6, expired: 3, expiring: 1, legal: 0.4, dismantled: 2 } as const;

export function planComments(
  random: Random,
  city: CityProfile,
  boundary: Ring,
  plan: AddressPlan,
  objects: readonly RegistryObject[],
  facilities: readonly Facility[],
  count: number,
  today: IsoDate,
  now: Date,
): CommentRow[] {
  const plane = new LocalPlane(city.center);
  // Cumulative weights, searched by bisection: thousands of draws over tens of thousands of objects.
  const cumulative: number[] = [];
  objects.forEach((o, i) => cumulative.push((cumulative[i - 1] ?? 0) + SUSPICION[o.legality]));
  const suspiciousObject = () => {
    const r = random.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    return objects[lo];
  };
  const rows: CommentRow[] = [];

  while (rows.length < count) {
    const category = random.weighted({ illegal_object: 0.2, damage: 0.22, accessibility: 0.18, improvement: 0.28, other: 0.12 });
    // Recent comments outnumber old ones: the service grows.
    let age = HISTORY_DAYS * random.next() ** 1.4;
    const house = random.pick(plan.houses);
    let object: RegistryObject | null = null;
    let facility: Facility | null = null;
    let template: string;
    let xy: XY;
    if (category === 'illegal_object' || (category === 'damage' && random.chance(0.5))) {
      object = category === 'illegal_object' ? suspiciousObject() : random.pick(objects);
      // Written while the object stood: after installation, before dismantling.
      const oldest = Math.min(HISTORY_DAYS, daysBetween(object.installedOn, today) - 1);
      const newest = object.dismantledOn ? daysBetween(object.dismantledOn, today) + 1 : 0;
      if (oldest <= newest) continue;
      age = newest + (oldest - newest) * random.next() ** 1.4;
      template = random.pick(category === 'illegal_object' ? BODIES.illegal_object : BODIES.damage_object);
      xy = [object.x + random.float(-4, 4), object.y + random.float(-4, 4)];
    } else if (category === 'accessibility' && random.chance(0.75)) {
      facility = random.pick(facilities);
      template = random.pick(BODIES.accessibility_facility);
      xy = [facility.x, facility.y];
    } else {
      const key = category === 'damage' ? 'damage_place' : category === 'accessibility' ? 'accessibility_place' : category;
      template = random.pick(BODIES[key]);
      // On the pavement in front of the house.
      const toStreet = house.setback - random.float(3, 8);
      xy = [house.x + house.uy * house.side * toStreet, house.y - house.ux * house.side * toStreet];
    }
    if (!boundary.contains(xy[0], xy[1])) xy = [house.x, house.y];

    const noun = object ? OBJECT_NOUNS[object.typeCode] : '';
    const body = fill(template, {
      object: noun, Object: capitalise(noun),
      address: object?.address ?? facility?.address ?? addressText(plan, house),
      facility: facility?.name ?? '', street: plan.streets[house.street].nameUk,
    });

    const status = statusForAge(random, age);
    const createdAt = daysBefore(now, age);
    const answeredDelay = Math.min(random.float(0.5, 20), age * 0.7);
    const answered = ['answered', 'resolved', 'confirmed', 'refuted', 'rejected'].includes(status);
    const answeredAt = answered ? daysBefore(now, age - answeredDelay) : null;
    const verdictAt = status === 'confirmed' || status === 'refuted'
      ? daysBefore(now, (age - answeredDelay) * (1 - random.float(0.05, 0.8)))
      : null;
    const answerKind = status === 'rejected' ? 'rejected'
      : status !== 'answered' ? (`resolved_${category}` as const)
      : object && category === 'illegal_object' && object.legality === 'legal' ? 'answered_legal_object'
      : 'answered';
    const answer = answered
      ? fill(random.pick(ANSWERS[answerKind]), {
        department: DEPARTMENTS[category],
        date: ukDate(answeredAt!.toISOString().slice(0, 10)),
      })
      : null;

    const author = personName(random);
    const [lon, lat] = plane.toLonLat(xy[0], xy[1]);
    rows.push({
      lon, lat, category, body, status, createdAt, answer, answeredAt, verdictAt,
      registryObjectId: object?.id ?? null,
      facilityId: facility?.id ?? null,
      authorName: random.chance(0.7) ? firstNameAndInitial(author) : null,
      authorEmail: random.chance(0.6) ? `${mailbox(author.firstName, author.surname)}${random.int(1, 999)}@example.org` : null,
      hidden: random.chance(status === 'rejected' ? 0.15 : 0.01),
    });
  }
  return rows;
}

/** Timestamps travel as ISO 8601 text: both drivers read that the same way inside an array. */
const iso = (moments: (Date | null)[]) => moments.map((m) => m?.toISOString() ?? null);

export async function insertComments(tx: Queryable, municipalityId: number, comments: readonly CommentRow[]): Promise<void> {
  await inChunks(comments, (chunk) => {
    const col = <K extends keyof CommentRow>(key: K) => chunk.map((c) => c[key]);
    return tx.query(
      `INSERT INTO comment (municipality_id, geom, registry_object_id, facility_id, category, body, status, author_name,
                            author_email, hidden, created_at, answer, answered_at, verdict_at)
       SELECT $1, ST_SetSRID(ST_MakePoint(lon, lat), 4326), registry_object_id, facility_id, category, body, status,
              author_name, author_email, hidden, created_at, answer, answered_at, verdict_at
       FROM unnest($2::float8[], $3::float8[], $4::integer[], $5::integer[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::boolean[], $12::timestamptz[], $13::text[], $14::timestamptz[],
                   $15::timestamptz[])
            AS c(lon, lat, registry_object_id, facility_id, category, body, status, author_name, author_email, hidden,
                 created_at, answer, answered_at, verdict_at)`,
      [
        municipalityId, col('lon'), col('lat'), col('registryObjectId'), col('facilityId'), col('category'), col('body'),
        col('status'), col('authorName'), col('authorEmail'), col('hidden'), iso(col('createdAt')), col('answer'),
        iso(col('answeredAt')), iso(col('verdictAt')),
      ],
    );
  });
}
