/**
 * Which election (convocation) a lookup means. District boundaries belong to one election, so a
 * redistricting never rewrites history: a question about 2017 is answered with the 2015
 * districts. Every lookup takes an election id or a date and, given neither, means the current
 * convocation (election.is_current).
 */
import type { Queryable } from '../../db/database.js';

export interface Election {
  id: number;
  nameUk: string;
  nameEn: string;
  /** ISO date of election day. */
  heldOn: string;
  /** 'single': one deputy per district (2015 system); 'multi': several (2020 system). */
  seats: 'single' | 'multi';
  isCurrent: boolean;
}

/** An election by id, or the one in office on a date, or (neither given) the current one. */
export interface ElectionChoice {
  electionId?: number;
  /** ISO date: the convocation elected last on or before it. */
  date?: string;
}

interface Row { id: number; name_uk: string; name_en: string; held_on: string; seats_per_district: 'single' | 'multi'; is_current: boolean }

const SELECT = `SELECT id, name_uk, name_en, held_on::text AS held_on, seats_per_district, is_current FROM pub_elections`;

const toElection = (r: Row): Election => ({
  id: r.id, nameUk: r.name_uk, nameEn: r.name_en, heldOn: r.held_on, seats: r.seats_per_district, isCurrent: r.is_current,
});

/** The hromada's elections, newest first. */
export async function listElections(db: Queryable, municipalityId: number): Promise<Election[]> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE municipality_id = $1 ORDER BY held_on DESC, id DESC`, [municipalityId]);
  return rows.map(toElection);
}

/** The election a lookup means, or null (no such election in this hromada, or none before the date). */
export async function electionFor(db: Queryable, municipalityId: number, choice: ElectionChoice = {}): Promise<Election | null> {
  const { rows } = choice.electionId !== undefined
    ? await db.query<Row>(`${SELECT} WHERE municipality_id = $1 AND id = $2`, [municipalityId, choice.electionId])
    : choice.date !== undefined
      // the convocation in office on that day: elected last on or before it
      ? await db.query<Row>(`${SELECT} WHERE municipality_id = $1 AND held_on <= $2::date ORDER BY held_on DESC, id DESC LIMIT 1`, [municipalityId, choice.date])
      : await db.query<Row>(`${SELECT} WHERE municipality_id = $1 AND is_current`, [municipalityId]);
  return rows.length ? toElection(rows[0]) : null;
}
