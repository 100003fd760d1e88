/**
 * The voting system's export (CSV or JSON): a good file becomes sessions, registrations and
 * roll-call votes that a deputy's attendance is counted from; importing it again replaces the
 * session rather than doubling it; a file with an unknown deputy or a malformed row is refused
 * whole, with every line named.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importVotes } from '../../data-import/votes/import.js';
import type { Database } from '../../server/db/database.js';
import { attendanceOf, votesOf } from '../../server/districts/core/votes.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';
import { csv, utf8, windows1251 } from '../import/support.js';

const SLUG = 'slovyansk';

describe.each(backends())('vote import on %s', (kind) => {
  let db: Database;
  let municipalityId: number;
  let deputies: { id: number; full_name: string }[];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    municipalityId = (await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG])).rows[0].id;
    ({ rows: deputies } = await db.query<{ id: number; full_name: string }>(
      `SELECT p.id, p.full_name FROM pub_deputies p JOIN election e ON e.id = p.election_id AND e.is_current
       WHERE p.municipality_id = $1 ORDER BY p.id LIMIT 3`, [municipalityId]));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  const counts = async () => (await db.query<{ sessions: number; votes: number }>(
    `SELECT (SELECT count(*) FROM council_session WHERE municipality_id = $1)::integer AS sessions,
            (SELECT count(*) FROM deputy_vote WHERE municipality_id = $1)::integer AS votes`, [municipalityId])).rows[0];
  const run = (input: Buffer, fileName = 'votes.csv') => importVotes(db, { municipalitySlug: SLUG, input, fileName });

  it('imports a session from CSV (Windows-1251, «;»), counts attendance, and replaces it on a second import', async () => {
    const [a, b, c] = deputies;
    const initials = (name: string) => { const [s, f, p] = name.split(' '); return `${s} ${f[0]}. ${p[0]}.`; };
    const rows = [
      ['Сесія', 'Дата', 'Питання', 'Назва питання', 'Депутат', 'Голос'],
      ['901', '14.11.2026', '0', 'Реєстрація', a.full_name, 'присутній'],
      ['901', '14.11.2026', '0', 'Реєстрація', initials(b.full_name), 'присутня'],
      ['901', '14.11.2026', '0', 'Реєстрація', c.full_name.toUpperCase(), 'відсутній'],
      ['901', '14.11.2026', '1', 'Про встановлення пам’ятного знака', a.full_name, 'за'],
      ['901', '14.11.2026', '1', 'Про встановлення пам’ятного знака', b.full_name, 'утримався'],
      ['901', '14.11.2026', '1', 'Про встановлення пам’ятного знака', c.full_name, 'відсутній'],
      ['901', '14.11.2026', '2', 'Про ремонт бульвару', a.full_name, 'не голосував'],
      ['901', '14.11.2026', '2', 'Про ремонт бульвару', b.full_name, 'проти'],
    ];
    const before = await counts();
    const attendanceBefore = await attendanceOf(db, municipalityId, c.id);
    const report = await run(windows1251(csv(rows, ';')));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ written: true, sessions: { created: 1, replaced: 0 }, votes: 5 });
    expect(await counts()).toEqual({ sessions: before.sessions + 1, votes: before.votes + 5 });
    const attendance = await attendanceOf(db, municipalityId, c.id);
    expect(attendance.sessions).toBe(attendanceBefore.sessions + 1);
    expect(attendance.registered).toBe(attendanceBefore.registered);
    const { votes } = await votesOf(db, municipalityId, b.id, { q: 'бульвар', limit: 10, offset: 0 });
    expect(votes).toEqual([{ sessionNumber: '901', heldOn: '2026-11-14', sessionTitle: '901-а сесія', itemNumber: 2, itemTitle: 'Про ремонт бульвару', choice: 'against' }]);

    const again = await run(windows1251(csv(rows, ';')));
    expect(again).toMatchObject({ written: true, sessions: { created: 0, replaced: 1 } });
    expect(await counts()).toEqual({ sessions: before.sessions + 1, votes: before.votes + 5 });
  }, 120_000);

  it('refuses the whole file for an unknown deputy or a malformed row, naming each line', async () => {
    const [a, b] = deputies;
    const before = await counts();
    const report = await run(utf8(csv([
      ['Сесія', 'Дата', 'Питання', 'Назва питання', 'Депутат', 'Голос'],
      ['902', '2026-11-20', '1', 'Про бюджет', a.full_name, 'за'],
      ['902', '2026-11-20', '1', 'Про бюджет', b.full_name, 'за'],
      ['902', '2026-11-20', '1', 'Про бюджет', 'Неіснуючий Депутат Іванович', 'за'],
      ['902', '2026-11-20', '2', 'Про тарифи', a.full_name, 'так собі'],
      ['902', '31.02.2026', '2', 'Про тарифи', b.full_name, 'проти'],
      ['902', '2026-11-20', 'друге', 'Про тарифи', b.full_name, 'проти'],
    ])));
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([
      [4, 'unknown_deputy'], [5, 'bad_vote'], [6, 'no_such_date'], [7, 'bad_item'],
    ]);
    expect(report.problems[0]).toMatchObject({ field: 'Депутат', value: 'Неіснуючий Депутат Іванович', uk: expect.stringContaining('немає такого депутата') });
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('reads the JSON shape, and names an unknown deputy by its place in the document', async () => {
    const [a, b] = deputies;
    const doc = (extra: Record<string, string> = {}) => utf8(JSON.stringify({
      sessions: [{
        number: '903', date: '2026-11-27', title: '903-я сесія (позачергова)',
        registration: { [a.full_name]: 'присутній', [b.full_name]: 'присутній' },
        items: [{ number: 1, title: 'Про звернення до Кабінету Міністрів', votes: { [a.full_name]: 'за', [b.full_name]: 'за', ...extra } }],
      }],
    }, null, 2));
    const bad = await run(doc({ 'Хтось Інший Петрович': 'проти' }), 'votes.json');
    expect(bad.written).toBe(false);
    expect(bad.problems).toEqual([expect.objectContaining({ field: 'sessions[0].items[0].votes["Хтось Інший Петрович"]', code: 'unknown_deputy' })]);
    const good = await run(doc(), 'votes.json');
    expect(good).toMatchObject({ format: 'json', written: true, votes: 2, problems: [] });
    const { total } = await votesOf(db, municipalityId, a.id, { q: 'Кабінету', limit: 5, offset: 0 });
    expect(total).toBe(1);
  }, 120_000);
});
