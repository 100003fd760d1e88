/**
 * Sessions, agenda items, registrations and roll-call votes: the write core every writer of them
 * goes through (the voting system's import; the demo writes the same tables in bulk at seeding),
 * and the reads a deputy's page makes.
 *
 * A session is the convocation's session with the same number: importing it again replaces its
 * agenda, registrations and votes as a whole (the voting system's export is the record; a
 * corrected export corrects it), in one transaction with one audit row.
 */
import { recordChange, type Actor } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';

export type Choice = 'for' | 'against' | 'abstain' | 'not_voting' | 'absent';
export const CHOICES: readonly Choice[] = ['for', 'against', 'abstain', 'not_voting', 'absent'];

export interface SessionVotes {
  electionId: number;
  number: string;
  heldOn: string;
  title: string;
  items: { number: number; title: string; votes: { deputyId: number; choice: Choice }[] }[];
  registrations: { deputyId: number; registered: boolean }[];
}

export async function writeSessions(tx: Queryable, actor: Actor, sessions: readonly SessionVotes[], source: string): Promise<{ created: number; replaced: number; votes: number }> {
  let created = 0;
  let replaced = 0;
  let votes = 0;
  for (const s of sessions) {
    const { rows: existing } = await tx.query<{ id: number }>(
      'SELECT id FROM council_session WHERE municipality_id = $1 AND election_id = $2 AND number = $3', [actor.municipalityId, s.electionId, s.number]);
    let sessionId: number;
    if (existing.length) {
      sessionId = existing[0].id;
      replaced++;
      await tx.query('UPDATE council_session SET held_on = $2, title = $3 WHERE id = $1', [sessionId, s.heldOn, s.title]);
      await tx.query('DELETE FROM agenda_item WHERE session_id = $1', [sessionId]);
      await tx.query('DELETE FROM session_registration WHERE session_id = $1', [sessionId]);
    } else {
      created++;
      const { rows } = await tx.query<{ id: number }>(
        'INSERT INTO council_session (municipality_id, election_id, number, held_on, title) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [actor.municipalityId, s.electionId, s.number, s.heldOn, s.title]);
      sessionId = rows[0].id;
    }
    const { rows: items } = await tx.query<{ id: number; number: number }>(
      `INSERT INTO agenda_item (municipality_id, session_id, number, title)
       SELECT $1, $2, n, t FROM unnest($3::integer[], $4::text[]) AS i(n, t) RETURNING id, number`,
      [actor.municipalityId, sessionId, s.items.map((i) => i.number), s.items.map((i) => i.title)]);
    const itemId = new Map(items.map((i) => [i.number, i.id]));
    const flat = s.items.flatMap((i) => i.votes.map((v) => ({ item: itemId.get(i.number)!, ...v })));
    await tx.query(
      `INSERT INTO deputy_vote (municipality_id, agenda_item_id, deputy_id, choice)
       SELECT $1, i, d, c FROM unnest($2::integer[], $3::integer[], $4::text[]) AS v(i, d, c)`,
      [actor.municipalityId, flat.map((v) => v.item), flat.map((v) => v.deputyId), flat.map((v) => v.choice)]);
    await tx.query(
      `INSERT INTO session_registration (municipality_id, session_id, deputy_id, registered)
       SELECT $1, $2, d, r FROM unnest($3::integer[], $4::boolean[]) AS x(d, r)`,
      [actor.municipalityId, sessionId, s.registrations.map((r) => r.deputyId), s.registrations.map((r) => r.registered)]);
    votes += flat.length;
  }
  await recordChange(tx, {
    municipalityId: actor.municipalityId, userId: actor.userId, entity: 'council_session', entityId: `import:${source}`, action: 'import',
    after: { file: source, sessions: sessions.map((s) => s.number), created, replaced, votes },
  });
  return { created, replaced, votes };
}

export interface Attendance { sessions: number; registered: number; votes: Record<Choice, number> }

/** How often a deputy registered, and how they voted, over the convocation. */
export async function attendanceOf(db: Queryable, municipalityId: number, deputyId: number): Promise<Attendance> {
  const { rows: reg } = await db.query<{ sessions: number; registered: number }>(
    `SELECT count(*)::integer AS sessions, count(*) FILTER (WHERE registered)::integer AS registered
     FROM pub_session_registrations WHERE municipality_id = $1 AND deputy_id = $2`, [municipalityId, deputyId]);
  const { rows: votes } = await db.query<{ choice: Choice; n: number }>(
    `SELECT choice, count(*)::integer AS n FROM pub_deputy_votes WHERE municipality_id = $1 AND deputy_id = $2 GROUP BY choice`, [municipalityId, deputyId]);
  const counts = Object.fromEntries(CHOICES.map((c) => [c, 0])) as Record<Choice, number>;
  for (const v of votes) counts[v.choice] = v.n;
  return { sessions: reg[0].sessions, registered: reg[0].registered, votes: counts };
}

export interface VoteRow { sessionNumber: string; heldOn: string; sessionTitle: string; itemNumber: number; itemTitle: string; choice: Choice }

/**
 * A deputy's votes, newest session first, optionally only items whose title contains `q`
 * (case-insensitive; ILIKE's wildcards in q are taken literally).
 */
export async function votesOf(db: Queryable, municipalityId: number, deputyId: number, options: { q?: string; limit: number; offset: number }): Promise<{ total: number; votes: VoteRow[] }> {
  const pattern = options.q ? `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = `municipality_id = $1 AND deputy_id = $2 AND ($3::text IS NULL OR item_title ILIKE $3 OR session_title ILIKE $3)`;
  const { rows: total } = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM pub_deputy_votes WHERE ${where}`, [municipalityId, deputyId, pattern]);
  const { rows } = await db.query<{ session_number: string; held_on: string; session_title: string; item_number: number; item_title: string; choice: Choice }>(
    `SELECT session_number, held_on::text AS held_on, session_title, item_number, item_title, choice
     FROM pub_deputy_votes WHERE ${where}
     ORDER BY held_on DESC, session_id DESC, item_number LIMIT $4 OFFSET $5`,
    [municipalityId, deputyId, pattern, options.limit, options.offset]);
  return {
    total: total[0].n,
    votes: rows.map((r) => ({ sessionNumber: r.session_number, heldOn: r.held_on, sessionTitle: r.session_title, itemNumber: r.item_number, itemTitle: r.item_title, choice: r.choice })),
  };
}
