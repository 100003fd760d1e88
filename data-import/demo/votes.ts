/**
 * A convocation's plenary sessions as the voting system «Віче» records them: a session about
 * every six weeks from the first one three weeks after election day until today, each with 5-10
 * agenda items; each deputy registers (or is absent) and votes за / проти / утримався /
 * не голосував on every item, or is recorded absent.
 *
 * Deputies differ as on a real council: each has an attendance rate (most 80-97 %, a few far
 * lower) and a habit of not pressing the button; most items pass with a wide margin, a few are
 * contested, where the factions split. About 40,000 votes for the two hromadas: a second to write.
 */
import type { Queryable } from '../../server/db/database.js';
import { addDays, year, type IsoDate } from './calendar.js';
import { inChunks } from './batch.js';
import type { Random } from './random.js';

export interface VotingDeputy {
  id: number;
  faction: string | null;
}

export interface SessionPlan {
  number: string;
  heldOn: IsoDate;
  title: string;
  items: { number: number; title: string }[];
  registered: boolean[];
  /** Per item, per deputy (in the order of the deputies given). */
  choices: Choice[][];
}

export type Choice = 'for' | 'against' | 'abstain' | 'not_voting' | 'absent';

const ITEM_TITLES = [
  'Про внесення змін до бюджету міської територіальної громади на {year} рік',
  'Про затвердження Програми розвитку малого і середнього підприємництва на {year}–{next} роки',
  'Про затвердження Порядку розміщення тимчасових споруд для провадження підприємницької діяльності',
  'Про затвердження Правил розміщення зовнішньої реклами',
  'Про надання дозволу на розроблення детального плану території',
  'Про затвердження Програми «Відкрите місто» на {year}–{next} роки',
  'Про встановлення місцевих податків і зборів на {next} рік',
  'Про затвердження Програми благоустрою на {year} рік',
  'Про передачу в оренду нежитлових приміщень комунальної власності',
  'Про затвердження звіту про виконання бюджету за {prev} рік',
  'Про звернення депутатів міської ради щодо ремонту доріг',
  'Про затвердження Програми забезпечення доступності будівель для осіб з інвалідністю',
  'Про надання земельних ділянок у власність учасникам бойових дій',
  'Про затвердження тарифів на послуги з вивезення побутових відходів',
  'Про перейменування вулиць і провулків',
  'Про створення комунального закладу «Центр надання адміністративних послуг»',
  'Про затвердження Програми підтримки внутрішньо переміщених осіб на {year} рік',
  'Про внесення змін до структури виконавчих органів міської ради',
];

const ORDINAL_SUFFIX = '-а';

export function planSessions(random: Random, councilUk: string, convocation: string, electedOn: IsoDate, today: IsoDate, deputies: readonly VotingDeputy[]): SessionPlan[] {
  const attendance = deputies.map(() => (random.chance(0.1) ? random.float(0.45, 0.75) : random.float(0.8, 0.97)));
  const abstainer = deputies.map(() => random.float(0.01, 0.08));
  const sessions: SessionPlan[] = [];
  let day = addDays(electedOn, 21);
  for (let n = 1; day <= today; n++) {
    const y = year(day);
    const items = Array.from({ length: random.int(5, 10) }, (_, i) => ({
      number: i + 1,
      title: random.pick(ITEM_TITLES).replace('{year}', String(y)).replace('{next}', String(y + 1)).replace('{prev}', String(y - 1)),
    }));
    const registered = deputies.map((_, d) => random.chance(attendance[d]));
    const choices = items.map(() => {
      // most items pass easily; a contested one splits the factions
      const contested = random.chance(0.15);
      const factionAgainst = new Map<string | null, boolean>();
      return deputies.map((deputy, d): Choice => {
        if (!registered[d]) return 'absent';
        if (!factionAgainst.has(deputy.faction)) factionAgainst.set(deputy.faction, contested && random.chance(0.4));
        if (random.chance(abstainer[d])) return 'not_voting';
        if (factionAgainst.get(deputy.faction)) return random.chance(0.7) ? 'against' : 'abstain';
        const r = random.next();
        return r < 0.9 ? 'for' : r < 0.95 ? 'abstain' : 'against';
      });
    });
    sessions.push({ number: String(n), heldOn: day, title: `${n}${ORDINAL_SUFFIX} сесія ${councilUk} ${convocation} скликання`, items, registered, choices });
    day = addDays(day, random.int(28, 56));
  }
  return sessions;
}

export async function insertSessions(tx: Queryable, municipalityId: number, electionId: number, deputies: readonly VotingDeputy[], sessions: readonly SessionPlan[]): Promise<number> {
  if (sessions.length === 0) return 0;
  const { rows: sessionRows } = await tx.query<{ id: number; number: string }>(
    `INSERT INTO council_session (municipality_id, election_id, number, held_on, title)
     SELECT $1, $2, number, held_on, title FROM unnest($3::text[], $4::date[], $5::text[]) AS s(number, held_on, title)
     RETURNING id, number`,
    [municipalityId, electionId, sessions.map((s) => s.number), sessions.map((s) => s.heldOn), sessions.map((s) => s.title)],
  );
  const sessionId = new Map(sessionRows.map((r) => [r.number, r.id]));
  const items = sessions.flatMap((s) => s.items.map((i) => ({ session: sessionId.get(s.number)!, ...i })));
  const { rows: itemRows } = await tx.query<{ id: number; session_id: number; number: number }>(
    `INSERT INTO agenda_item (municipality_id, session_id, number, title)
     SELECT $1, session_id, number, title FROM unnest($2::integer[], $3::integer[], $4::text[]) AS i(session_id, number, title)
     RETURNING id, session_id, number`,
    [municipalityId, items.map((i) => i.session), items.map((i) => i.number), items.map((i) => i.title)],
  );
  const itemId = new Map(itemRows.map((r) => [`${r.session_id}/${r.number}`, r.id]));
  const registrations = sessions.flatMap((s) => deputies.map((d, k) => ({ session: sessionId.get(s.number)!, deputy: d.id, registered: s.registered[k] })));
  await inChunks(registrations, (chunk) => tx.query(
    `INSERT INTO session_registration (municipality_id, session_id, deputy_id, registered)
     SELECT $1, s, d, r FROM unnest($2::integer[], $3::integer[], $4::boolean[]) AS x(s, d, r)`,
    [municipalityId, chunk.map((r) => r.session), chunk.map((r) => r.deputy), chunk.map((r) => r.registered)],
  ));
  const votes = sessions.flatMap((s) => s.items.flatMap((item, i) => deputies.map((d, k) => ({
    item: itemId.get(`${sessionId.get(s.number)}/${item.number}`)!, deputy: d.id, choice: s.choices[i][k],
  }))));
  await inChunks(votes, (chunk) => tx.query(
    `INSERT INTO deputy_vote (municipality_id, agenda_item_id, deputy_id, choice)
     SELECT $1, i, d, c FROM unnest($2::integer[], $3::integer[], $4::text[]) AS x(i, d, c)`,
    [municipalityId, chunk.map((v) => v.item), chunk.map((v) => v.deputy), chunk.map((v) => v.choice)],
  ), 20_000);
  return votes.length;
}
