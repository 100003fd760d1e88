/**
 * Residents' comments of the last two years (seed items 30.1 and 30.2), in every status of their
 * life (server/rules/comments.ts): new (awaiting moderation) → published or rejected → in progress
 * → resolved → confirmed or disputed by the resident. Older comments are further along; the
 * newest still wait for a moderator. Written through the comments' write core with their steps.
 *
 * Complaints about illegal objects go mostly to the objects without papers or with lapsed ones;
 * damage reports to objects or to places; accessibility remarks to facilities. A comment about an
 * object is written while the object stands: after it was installed, before it was dismantled.
 */
import type { Queryable } from '../../server/db/database.js';
import { Written } from '../../server/catalog/write.js';
import { insertComments as insertThroughCore, type BulkComment } from '../../server/comments/core/bulk.js';
import { addressText, type AddressPlan } from './addresses.js';
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

type Status = 'new' | 'published' | 'rejected' | 'in_progress' | 'resolved' | 'confirmed' | 'disputed';
type Category = 'illegal_object' | 'damage' | 'accessibility' | 'improvement' | 'other';

export type CommentRow = BulkComment;

/** Where a comment stands in its life, by its age in days: the older, the further along. */
function statusForAge(random: Random, age: number): Status {
  if (age < 3) return random.weighted({ new: 0.6, published: 0.3, in_progress: 0.1 });
  if (age < 30) {
    return random.weighted({ new: 0.08, published: 0.25, in_progress: 0.3, resolved: 0.2, confirmed: 0.05, disputed: 0.04, rejected: 0.08 });
  }
  return random.weighted({ new: 0.01, published: 0.04, in_progress: 0.07, resolved: 0.38, confirmed: 0.3, disputed: 0.07, rejected: 0.13 });
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
    const moderatedAt = status === 'new' ? null : daysBefore(now, age - Math.min(random.float(0.05, 2), age * 0.2));
    const answeredDelay = Math.min(random.float(0.5, 20), age * 0.7);
    const answered = ['in_progress', 'resolved', 'confirmed', 'disputed', 'rejected'].includes(status) && (status !== 'in_progress' || random.chance(0.5));
    const answeredAt = answered && status !== 'rejected' ? daysBefore(now, age - answeredDelay) : null;
    const verdictAt = status === 'confirmed' || status === 'disputed'
      ? daysBefore(now, (age - answeredDelay) * (1 - random.float(0.05, 0.8)))
      : null;
    const answerKind = status === 'rejected' ? 'rejected'
      : status === 'in_progress' ? 'answered'
      : object && category === 'illegal_object' && object.legality === 'legal' ? 'answered_legal_object'
      : (`resolved_${category}` as const);
    const text = answered
      ? fill(random.pick(ANSWERS[answerKind]), {
        department: DEPARTMENTS[category],
        date: ukDate((answeredAt ?? moderatedAt ?? createdAt).toISOString().slice(0, 10)),
      })
      : null;

    const author = personName(random);
    const [lon, lat] = plane.toLonLat(xy[0], xy[1]);
    const authorName = random.chance(0.7) ? firstNameAndInitial(author) : null;
    rows.push({
      lon, lat, category, body, status, createdAt, moderatedAt, answeredAt, verdictAt,
      answer: status === 'rejected' ? null : text,
      rejectReason: status === 'rejected' ? text : null,
      target: object ? { collection: object.category, id: object.id } : facility ? { collection: 'facilities', id: facility.id } : null,
      authorName,
      showName: authorName !== null && random.chance(0.8),
      authorEmail: random.chance(0.6) ? `${mailbox(author.firstName, author.surname)}${random.int(1, 999)}@example.org` : null,
      supporters: status === 'new' || status === 'rejected' ? 0 : Math.floor(random.next() ** 3 * 12),
    });
  }
  return rows;
}

/** Through the comments' write core (server/comments/core/bulk.ts): the comments and every step of their lives. */
export async function insertComments(tx: Queryable, municipalityId: number, comments: readonly CommentRow[]): Promise<void> {
  await insertThroughCore(tx, new Written(), { municipalityId, userId: null }, comments);
}
