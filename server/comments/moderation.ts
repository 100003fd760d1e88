/**
 * What a moderator chooses from when merging or routing a comment (the queue's forms): the
 * comments it may duplicate, and where it may go. Staff reads only, no resident's contact.
 *
 *  - duplicates: the hromada's comments within DUPLICATE_RADIUS_M of it that a merge accepts
 *    (not rejected, not merged themselves), the same topic first, then the nearest; a moderator
 *    may still type any other number.
 *  - route options: the departments comments of this hromada were routed to before (a hromada's
 *    list grows from use; any new name may be typed), and the current council's deputies, those
 *    of the comment's district first.
 */
import type { Queryable } from '../db/database.js';
import { notFound } from '../errors.js';
import { DISTRICT_OF } from './queries.js';

/** Wider than the residents' 50 m ("is it one of these?"): a moderator judges the texts. */
const DUPLICATE_RADIUS_M = 150;
const DUPLICATES_SHOWN = 10;

export interface DuplicateCandidate { id: number; status: string; category: string; body: string; supporters: number; distanceM: number }

export async function duplicateCandidates(db: Queryable, municipalityId: number, id: number): Promise<DuplicateCandidate[]> {
  const { rows: found } = await db.query<{ id: number }>('SELECT id FROM comment WHERE municipality_id = $1 AND id = $2', [municipalityId, id]);
  if (!found[0]) throw notFound('Такого звернення немає. No such comment.');
  const { rows } = await db.query<DuplicateCandidate>(
    `SELECT o.id, o.status, o.category, o.body, o.supporters,
            round(ST_Distance(o.geom::geography, c.geom::geography))::int AS "distanceM"
     FROM comment c JOIN comment o ON o.municipality_id = c.municipality_id AND o.id <> c.id
     WHERE c.municipality_id = $1 AND c.id = $2 AND o.merged_into IS NULL AND o.status <> 'rejected'
       AND ST_DWithin(o.geom::geography, c.geom::geography, $3)
     ORDER BY (o.category = c.category) DESC, ST_Distance(o.geom::geography, c.geom::geography), o.id
     LIMIT $4`,
    [municipalityId, id, DUPLICATE_RADIUS_M, DUPLICATES_SHOWN]);
  return rows;
}

export interface RouteDeputy { id: number; name: string; district: number | null; ofThisDistrict: boolean }
export interface RouteOptions { departments: string[]; deputies: RouteDeputy[] }

export async function routeOptions(db: Queryable, municipalityId: number, id: number): Promise<RouteOptions> {
  const { rows: here } = await db.query<{ district_id: number | null }>(
    `SELECT dist.id AS district_id FROM comment c ${DISTRICT_OF} WHERE c.municipality_id = $1 AND c.id = $2`, [municipalityId, id]);
  if (!here[0]) throw notFound('Такого звернення немає. No such comment.');
  const { rows: departments } = await db.query<{ name: string }>(
    `SELECT routed_department AS name FROM comment WHERE municipality_id = $1 AND routed_department IS NOT NULL
     GROUP BY routed_department ORDER BY count(*) DESC, routed_department LIMIT 50`, [municipalityId]);
  const { rows: deputies } = await db.query<RouteDeputy>(
    `SELECT p.id, p.full_name AS name, d.number AS district, p.district_id IS NOT DISTINCT FROM $2::int AND $2::int IS NOT NULL AS "ofThisDistrict"
     FROM deputy p JOIN election e ON e.id = p.election_id AND e.is_current
     LEFT JOIN electoral_district d ON d.id = p.district_id
     WHERE p.municipality_id = $1
     ORDER BY 4 DESC, p.full_name`, [municipalityId, here[0].district_id]);
  return { departments: departments.map((d) => d.name), deputies };
}
