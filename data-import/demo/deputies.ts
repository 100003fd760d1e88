/**
 * Deputies of the demo councils: what a resident sees on a deputy's page (seed item 30.2):
 * faction, standing committees, reception hours, assistants, public phone and e-mail. The
 * private phone is for the council's staff and never reaches a public view.
 *
 * One deputy per district in a 'single' election (the 2015 system), two or three in a 'multi'
 * one (2020). A deputy receives residents in their own district, at the address its seed house
 * gives, or at the council building.
 */
import type { Queryable } from '../../server/db/database.js';
import { addressText, type AddressPlan } from './addresses.js';
import { inChunks, reserveIds } from './batch.js';
import type { CityProfile, ElectionProfile } from './cities.js';
import type { DistrictSeed } from './districts.js';
import { COMMITTEES, FACTIONS, fullName, mailbox, mobilePhone, NO_FACTION, personName } from './names.js';
import type { Random } from './random.js';

export interface DeputyRow {
  districtId: number;
  fullName: string;
  /** NULL for a deputy outside every faction. */
  faction: string | null;
  committees: string[];
  receptionHours: string;
  assistants: string[];
  publicPhone: string;
  publicEmail: string;
  privatePhone: string;
  biography: string;
}

const PROFESSIONS = [
  'вчитель', 'лікар', 'інженер', 'юрист', 'економіст', 'підприємець', 'керівник громадської організації',
  'майстер виробничої дільниці', 'журналіст', 'архітектор', 'медсестра', 'енергетик',
];
const EDUCATION = [
  'Донбаський державний педагогічний університет', 'Донбаська державна машинобудівна академія',
  'Криворізький національний університет', 'Національний юридичний університет імені Ярослава Мудрого',
  'Дніпровський національний університет імені Олеся Гончара', 'Харківський національний медичний університет',
];

/** A short public biography, as councils publish them: born, studied, works. */
function biography(random: Random, female: boolean, city: CityProfile): string {
  const born = random.int(1958, 1996);
  return `${female ? 'Народилася' : 'Народився'} ${born} року в місті ${city.cityUk}. ` +
    `Закінчи${female ? 'ла' : 'в'} ${random.pick(EDUCATION)} (${born + random.int(21, 24)}). ` +
    `За фахом — ${random.pick(PROFESSIONS)}. Депутат міської ради${random.chance(0.3) ? ' другого скликання поспіль' : ''}.`;
}

const RECEPTION_DAYS = [
  'Щопонеділка', 'Щовівторка', 'Щосереди', 'Щочетверга', 'Щоп’ятниці',
  'Перший і третій понеділок місяця', 'Другий і четвертий вівторок місяця',
  'Перша середа місяця', 'Остання п’ятниця місяця', 'Друга і четверта субота місяця',
];
const RECEPTION_TIMES = ['09:00–11:00', '10:00–12:00', '14:00–16:00', '15:00–17:00', '16:00–18:00', '17:00–19:00'];
/**
 * Each election has its own balance of factions: the weights are drawn once per election, so one
 * faction leads and a few are small, as on a real council.
 */
function factionWeights(random: Random): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const faction of random.sample(FACTIONS, random.int(4, FACTIONS.length))) weights[faction] = random.float(0.2, 1) ** 2;
  weights[NO_FACTION] = 0.06; // outside every faction: stored as NULL
  return weights;
}

const nullIfNone = (faction: string) => (faction === NO_FACTION ? null : faction);

export function planDeputies(
  random: Random,
  city: CityProfile,
  election: ElectionProfile,
  plan: AddressPlan,
  seeds: DistrictSeed[],
  districtIds: Map<number, number>,
): DeputyRow[] {
  const factions = factionWeights(random);
  // its own stream: the biographies do not change anyone's name or faction
  const bios = random.fork('biographies');
  const emails = new Set<string>();
  const rows: DeputyRow[] = [];
  for (const seed of seeds) {
    const count = election.seats === 'single' ? 1 : random.int(2, 3);
    for (let i = 0; i < count; i++) {
      const person = personName(random);
      const place = random.chance(0.7)
        ? `громадська приймальня, ${addressText(plan, plan.houses[seed.house])}`
        : `міська рада, каб. ${random.int(1, 4)}${random.digits(2)}`;
      let email = `${mailbox(person.firstName, person.surname)}@${city.mailDomain}`;
      for (let n = 2; emails.has(email); n++) email = `${mailbox(person.firstName, person.surname)}${n}@${city.mailDomain}`;
      emails.add(email);
      rows.push({
        districtId: districtIds.get(seed.number)!,
        fullName: fullName(person),
        faction: nullIfNone(random.weighted(factions)),
        committees: random.sample(COMMITTEES, random.chance(0.8) ? 1 : 2),
        receptionHours: `${random.pick(RECEPTION_DAYS)}, ${random.pick(RECEPTION_TIMES)}, ${place}`,
        assistants: Array.from({ length: Number(random.weighted({ '0': 0.15, '1': 0.4, '2': 0.35, '3': 0.1 })) }, () =>
          fullName(personName(random)),
        ),
        publicPhone: random.chance(0.6) ? city.landline(random) : mobilePhone(random),
        publicEmail: email,
        privatePhone: mobilePhone(random),
        biography: biography(bios, person.female, city),
      });
    }
  }
  return rows;
}

/** Inserts the deputies; returns their ids in the order of the rows. */
export async function insertDeputies(tx: Queryable, municipalityId: number, electionId: number, rows: DeputyRow[]): Promise<number[]> {
  const ids = await reserveIds(tx, 'deputy', rows.length);
  await inChunks(rows.map((r, i) => ({ ...r, id: ids[i] })), (chunk) =>
    tx.query(
      `INSERT INTO deputy (id, municipality_id, election_id, district_id, full_name, faction, committees,
                           reception_hours, assistants, public_phone, public_email, private_phone, biography)
       SELECT id, $1, $2, district_id, full_name, faction,
              -- a text[][] cannot be ragged, so list columns travel as JSON arrays
              ARRAY(SELECT jsonb_array_elements_text(committees)), reception_hours,
              ARRAY(SELECT jsonb_array_elements_text(assistants)), public_phone, public_email, private_phone, biography
       FROM unnest($3::integer[], $4::integer[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::jsonb[],
                   $10::text[], $11::text[], $12::text[], $13::text[])
            AS d(id, district_id, full_name, faction, committees, reception_hours, assistants,
                 public_phone, public_email, private_phone, biography)`,
      [
        municipalityId, electionId,
        chunk.map((r) => r.id), chunk.map((r) => r.districtId), chunk.map((r) => r.fullName), chunk.map((r) => r.faction),
        chunk.map((r) => JSON.stringify(r.committees)), chunk.map((r) => r.receptionHours),
        chunk.map((r) => JSON.stringify(r.assistants)), chunk.map((r) => r.publicPhone),
        chunk.map((r) => r.publicEmail), chunk.map((r) => r.privatePhone), chunk.map((r) => r.biography),
      ],
    ),
  );
  return ids;
}
