/**
 * Point in district: which electoral district of an election a point lies in.
 *
 * The tie rule. A district's boundary belongs to it (ST_Covers, not ST_Contains), so a point on
 * the line between two districts, or on a vertex several share, is covered by each of them. The
 * answer must not depend on the order rows come back in, nor on the database, so among the
 * districts that cover the point the one with the LOWEST NUMBER wins: a house on the street that
 * divides districts 4 and 7 always belongs to 4. Election commissions describe districts by whole
 * houses, and a house point drawn exactly on the line is rare; what matters is that a resident asking twice, or
 * on a phone and on a computer, gets the same deputy.
 *
 * A point in no district is either outside the hromada (the caller says "outside {hromada}") or
 * in a gap of the districts inside it (an import refuses gaps above its tolerance, see
 * data-import/districts/, so only slivers remain).
 */
import type { Queryable } from '../../db/database.js';

export interface DistrictHit {
  id: number;
  number: number;
  nameUk: string | null;
  electionId: number;
}

export type Location =
  | { kind: 'district'; district: DistrictHit }
  | { kind: 'outside'; hromada: { nameUk: string; nameEn: string } }
  | { kind: 'gap' };

/** A WGS 84 longitude/latitude that can be looked up; anything else is the caller's mistake. */
export function validLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

const POINT = 'ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)';
/** The election asked for, or the hromada's current one. */
const ELECTION = `COALESCE($4::integer, (SELECT e.id FROM election e WHERE e.municipality_id = $1 AND e.is_current))`;

/**
 * The district of `electionId` (default: the current election) that covers the point, by the tie
 * rule above; null when none does. The comments service calls this to route a comment to its
 * district's deputies.
 */
export async function districtAt(db: Queryable, municipalityId: number, lon: number, lat: number, electionId?: number): Promise<DistrictHit | null> {
  if (!validLonLat(lon, lat)) return null;
  const { rows } = await db.query<{ id: number; number: number; name_uk: string | null; election_id: number }>(
    `SELECT d.id, d.number, d.name_uk, d.election_id
     FROM pub_election_districts d
     WHERE d.municipality_id = $1 AND d.election_id = ${ELECTION} AND ST_Covers(d.geom, ${POINT})
     ORDER BY d.number
     LIMIT 1`,
    [municipalityId, lon, lat, electionId ?? null],
  );
  return rows.length ? { id: rows[0].id, number: rows[0].number, nameUk: rows[0].name_uk, electionId: rows[0].election_id } : null;
}

/** Where a point is: its district, outside the hromada, or in a gap between districts inside it. */
export async function locate(db: Queryable, municipalityId: number, lon: number, lat: number, electionId?: number): Promise<Location> {
  const district = await districtAt(db, municipalityId, lon, lat, electionId);
  if (district) return { kind: 'district', district };
  const { rows } = await db.query<{ inside: boolean; name_uk: string; name_en: string }>(
    `SELECT ST_Covers(m.boundary, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)) AS inside, m.name_uk, m.name_en
     FROM municipality m WHERE m.id = $1`,
    [municipalityId, lon, lat],
  );
  if (!rows.length || !rows[0].inside) return { kind: 'outside', hromada: { nameUk: rows[0]?.name_uk ?? '', nameEn: rows[0]?.name_en ?? '' } };
  return { kind: 'gap' };
}
