/**
 * What the public faces of "Your deputy" read about districts and deputies: an election's
 * districts, one district with its shape (full, or simplified for a small map) and deputies,
 * the districts containing a point, and a deputy's page. Every read goes through the pub_*
 * views (migrations/0050_deputies.sql): a deputy's private phone cannot reach an answer.
 */
import type { Queryable } from '../../db/database.js';
import { attendanceOf, type Attendance } from './votes.js';

export interface DeputySummary {
  id: number;
  fullName: string;
  faction: string | null;
  photoUrl: string | null;
  receptionHours: string | null;
  receptionPlace: string | null;
  publicPhone: string | null;
  publicEmail: string | null;
}

export interface DeputyPage extends DeputySummary {
  committees: string[];
  assistants: string[];
  biography: string | null;
  electionId: number;
  district: { id: number; number: number; nameUk: string | null } | null;
  attendance: Attendance;
}

export interface DistrictSummary {
  id: number;
  number: number;
  nameUk: string | null;
  electionId: number;
  deputies: DeputySummary[];
  /** [lon, lat] of a point inside the district (ST_PointOnSurface): where the map writes its number. */
  labelPoint?: [number, number];
}

export interface DistrictDetail extends DistrictSummary {
  descriptionUk: string | null;
  /** GeoJSON MultiPolygon, full or simplified; absent when not asked for. */
  geometry?: unknown;
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
}

/**
 * Simplification tolerance in metres, in the hromada's UCS-2000 zone: 15 m is under a pixel at
 * zoom 13 (19 m/px), the scale a district fills a phone's screen at, and halves the vertices of a
 * typical demo district. ST_SimplifyPreserveTopology keeps each polygon valid.
 */
export const SIMPLIFY_METRES = 15;

export type Shape = 'full' | 'simplified' | 'none';

const DEPUTY_COLUMNS = `p.id, p.full_name, p.faction, p.photo_url, p.reception_hours, p.reception_place, p.public_phone, p.public_email`;

interface DeputyRow { id: number; full_name: string; faction: string | null; photo_url: string | null; reception_hours: string | null; reception_place: string | null; public_phone: string | null; public_email: string | null }

const toDeputy = (r: DeputyRow): DeputySummary => ({
  id: r.id, fullName: r.full_name, faction: r.faction, photoUrl: r.photo_url, receptionHours: r.reception_hours,
  receptionPlace: r.reception_place, publicPhone: r.public_phone, publicEmail: r.public_email,
});

/** Deputies of these districts, by district id, in name order. */
export async function deputiesOf(db: Queryable, municipalityId: number, districtIds: readonly number[]): Promise<Map<number, DeputySummary[]>> {
  const { rows } = await db.query<DeputyRow & { district_id: number }>(
    `SELECT ${DEPUTY_COLUMNS}, p.district_id FROM pub_deputies p
     WHERE p.municipality_id = $1 AND p.district_id = ANY($2::integer[]) ORDER BY p.full_name, p.id`,
    [municipalityId, districtIds]);
  const out = new Map<number, DeputySummary[]>(districtIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.district_id)?.push(toDeputy(r));
  return out;
}

/** An election's districts in number order, each with its deputies. */
export async function listDistricts(db: Queryable, municipalityId: number, electionId: number): Promise<DistrictSummary[]> {
  const { rows } = await db.query<{ id: number; number: number; name_uk: string | null; lon: number; lat: number }>(
    `SELECT id, number, name_uk, ST_X(p) AS lon, ST_Y(p) AS lat
     FROM pub_election_districts, LATERAL ST_PointOnSurface(geom) AS p
     WHERE municipality_id = $1 AND election_id = $2 ORDER BY number`,
    [municipalityId, electionId]);
  const deputies = await deputiesOf(db, municipalityId, rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, number: r.number, nameUk: r.name_uk, electionId, deputies: deputies.get(r.id) ?? [], labelPoint: [r.lon, r.lat] }));
}

/** One district of an election by its number (or by id), with its shape as asked. */
export async function districtDetail(db: Queryable, municipalityId: number, which: { electionId: number; number: number } | { id: number }, shape: Shape): Promise<DistrictDetail | null> {
  const geometry = shape === 'full' ? 'ST_AsGeoJSON(d.geom, 7)'
    : shape === 'simplified' ? `ST_AsGeoJSON(ST_Multi(ST_Transform(ST_SimplifyPreserveTopology(ST_Transform(d.geom, m.local_srid), ${SIMPLIFY_METRES}), 4326)), 6)`
      : 'NULL';
  const [condition, params] = 'id' in which
    ? ['d.id = $2', [municipalityId, which.id]]
    : ['d.election_id = $2 AND d.number = $3', [municipalityId, which.electionId, which.number]];
  const { rows } = await db.query<{ id: number; number: number; name_uk: string | null; description_uk: string | null; election_id: number; geometry: string | null; xmin: number; ymin: number; xmax: number; ymax: number }>(
    `SELECT d.id, d.number, d.name_uk, d.description_uk, d.election_id, ${geometry} AS geometry,
            ST_XMin(d.geom) AS xmin, ST_YMin(d.geom) AS ymin, ST_XMax(d.geom) AS xmax, ST_YMax(d.geom) AS ymax
     FROM pub_election_districts d JOIN municipality m ON m.id = d.municipality_id
     WHERE d.municipality_id = $1 AND ${condition}`,
    params);
  if (!rows.length) return null;
  const r = rows[0];
  const deputies = await deputiesOf(db, municipalityId, [r.id]);
  return {
    id: r.id, number: r.number, nameUk: r.name_uk, descriptionUk: r.description_uk, electionId: r.election_id,
    deputies: deputies.get(r.id) ?? [], bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
    ...(r.geometry ? { geometry: JSON.parse(r.geometry) } : {}),
  };
}

/** Every district of the election that covers the point (several on a shared line), by number. */
export async function districtsContaining(db: Queryable, municipalityId: number, electionId: number, lon: number, lat: number): Promise<DistrictSummary[]> {
  const { rows } = await db.query<{ id: number; number: number; name_uk: string | null }>(
    `SELECT id, number, name_uk FROM pub_election_districts
     WHERE municipality_id = $1 AND election_id = $2 AND ST_Covers(geom, ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326))
     ORDER BY number`,
    [municipalityId, electionId, lon, lat]);
  const deputies = await deputiesOf(db, municipalityId, rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, number: r.number, nameUk: r.name_uk, electionId, deputies: deputies.get(r.id) ?? [] }));
}

export async function deputyPage(db: Queryable, municipalityId: number, deputyId: number): Promise<DeputyPage | null> {
  const { rows } = await db.query<DeputyRow & { committees: string[]; assistants: string[]; biography: string | null; election_id: number; district_id: number | null; district_number: number | null; district_name: string | null }>(
    `SELECT ${DEPUTY_COLUMNS}, p.committees, p.assistants, p.biography, p.election_id, p.district_id, p.district_number, d.name_uk AS district_name
     FROM pub_deputies p LEFT JOIN pub_election_districts d ON d.id = p.district_id
     WHERE p.municipality_id = $1 AND p.id = $2`,
    [municipalityId, deputyId]);
  if (!rows.length) return null;
  const r = rows[0];
  return {
    ...toDeputy(r), committees: r.committees, assistants: r.assistants, biography: r.biography, electionId: r.election_id,
    district: r.district_id === null ? null : { id: r.district_id, number: r.district_number!, nameUk: r.district_name },
    attendance: await attendanceOf(db, municipalityId, deputyId),
  };
}

/** Deputies of an election whose name contains the text and, if given, of one district (the account CLI). */
export async function findDeputies(db: Queryable, municipalityId: number, electionId: number, name: string, districtNumber?: number): Promise<(DeputySummary & { districtNumber: number | null })[]> {
  const pattern = `%${name.trim().replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\s+/g, '%')}%`;
  const { rows } = await db.query<DeputyRow & { district_number: number | null }>(
    `SELECT ${DEPUTY_COLUMNS}, p.district_number FROM pub_deputies p
     WHERE p.municipality_id = $1 AND p.election_id = $2 AND p.full_name ILIKE $3 AND ($4::integer IS NULL OR p.district_number = $4)
     ORDER BY p.full_name LIMIT 20`,
    [municipalityId, electionId, pattern, districtNumber ?? null]);
  return rows.map((r) => ({ ...toDeputy(r), districtNumber: r.district_number }));
}
