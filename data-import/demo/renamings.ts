/**
 * The streets' former names. The decommunisation law (No. 317-VIII of 9 April 2015) renamed
 * thousands of streets in 2015-2016: Slovyansk's council renamed its Lenin and Karl Marx streets in
 * February 2016, and residents still write the old names. The demo gives a fifth of the main
 * streets and a tenth of the others a Soviet-era former name of the same street type, so address
 * search has renamings to forgive. Each renaming is one council decision, as they were passed in
 * batches.
 */
import type { Queryable } from '../../server/db/database.js';
import type { AddressPlan } from './addresses.js';
import type { Random } from './random.js';

/** Genitive or adjectival cores of the old names, as the Ukrainian Institute of National Memory's lists give them. */
const SOVIET_GENITIVE = [
  'Леніна', 'Карла Маркса', 'Кірова', 'Артема', 'Петровського', 'Свердлова', 'Фрунзе', 'Дзержинського',
  'Калініна', 'Щорса', 'Урицького', 'Луначарського', 'Куйбишева', 'Орджонікідзе', 'Володарського',
  'Енгельса', 'Фрідріха Енгельса', 'Карла Лібкнехта', 'Рози Люксембург', 'Постишева', 'Косіора',
  'Ворошилова', 'Будьонного', 'Жданова', 'Чкалова', '50-річчя Жовтня', 'Комінтерну', 'Паризької Комуни',
];
/** [feminine for вулиця, masculine for провулок/проспект/бульвар]. */
const SOVIET_ADJECTIVE: readonly [string, string][] = [
  ['Радянська', 'Радянський'], ['Комсомольська', 'Комсомольський'], ['Червоноармійська', 'Червоноармійський'],
  ['Жовтнева', 'Жовтневий'], ['Пролетарська', 'Пролетарський'], ['Піонерська', 'Піонерський'],
  ['Більшовицька', 'Більшовицький'], ['Червоногвардійська', 'Червоногвардійський'], ['Кооперативна', 'Кооперативний'],
];

export interface Renaming {
  oldName: string;
  streetUk: string;
  renamedOn: string;
  decision: string;
}

const DECISIONS = [
  { on: '2016-02-19', text: 'рішення міської ради № 12-VII від 19.02.2016' },
  { on: '2016-05-20', text: 'розпорядження голови обласної військово-цивільної адміністрації № 404 від 20.05.2016' },
  { on: '2023-02-24', text: 'рішення міської ради № 35-VIII від 24.02.2023' },
];

export function planRenamings(random: Random, plan: AddressPlan): Renaming[] {
  const used = new Set<string>();
  const out: Renaming[] = [];
  for (const street of plan.streets) {
    if (!random.chance(street.main ? 0.2 : 0.1)) continue;
    const [type] = street.nameUk.split(' ');
    const numbered = /^\d/.test(type);
    if (numbered) continue; // "2-й провулок Шевченка" kept its name
    const masculine = type !== 'вулиця';
    const core = random.chance(0.65) ? random.pick(SOVIET_GENITIVE) : random.pick(SOVIET_ADJECTIVE)[masculine ? 1 : 0];
    const oldName = `${type} ${core}`;
    if (used.has(oldName) || plan.streets.some((s) => s.nameUk === oldName)) continue;
    used.add(oldName);
    const decision = random.pick(DECISIONS);
    out.push({ oldName, streetUk: street.nameUk, renamedOn: decision.on, decision: decision.text });
  }
  return out;
}

export async function insertRenamings(tx: Queryable, municipalityId: number, renamings: readonly Renaming[]): Promise<void> {
  if (renamings.length === 0) return;
  await tx.query(
    `INSERT INTO street_alias (municipality_id, old_name, street_uk, renamed_on, decision)
     SELECT $1, old_name, street_uk, renamed_on, decision
     FROM unnest($2::text[], $3::text[], $4::date[], $5::text[]) AS r(old_name, street_uk, renamed_on, decision)`,
    [municipalityId, renamings.map((r) => r.oldName), renamings.map((r) => r.streetUk), renamings.map((r) => r.renamedOn), renamings.map((r) => r.decision)],
  );
}
