/**
 * Facilities and their entrances, the write core: add (with entrances), edit and move, add, edit
 * and remove an entrance. Each function runs inside accessibilityWrite()'s transaction, checks
 * what needs the database (the place is inside the hromada, the record number is free, one main
 * entrance), writes, bumps row_version and updated_at, regrades what it touched and audits. A
 * facility's building (the base map's footprint it stands in) is found by building_at()
 * (migration 0043) whenever its point is set, never typed in.
 */
import type { Queryable } from '../../db/database.js';
import { conflict, notFound } from '../../errors.js';
import { insideHromada } from '../../municipalities/boundary.js';
import { requireCurrentVersion } from '../../registry/concurrency.js';
import { setClause } from '../../registry/core/patch.js';
import { fieldError } from '../../registry/validation.js';
import type { EntrancePatch, FacilityPatch, NewEntrance, NewFacility } from '../schemas.js';
import { regrade } from './grading.js';
import type { Actor, Written } from './write.js';

type Point = { type: 'Point'; coordinates: [number, number] };
const POINT = (param: string) => `ST_SetSRID(ST_MakePoint((${param}::json->'coordinates'->>0)::float8, (${param}::json->'coordinates'->>1)::float8), 4326)`;

/** Columns an edit of a facility may set directly (the point has its own expression). */
export const FACILITY_EDITABLE = [
  'name', 'category', 'address', 'external_id', 'operator', 'phone', 'website', 'opening_hours', 'survey_source', 'surveyed_on',
  'notes', 'elevator', 'elevator_cabin_width_cm', 'elevator_cabin_depth_cm', 'elevator_braille', 'elevator_voice',
  'accessible_toilet', 'toilet_grab_rails', 'toilet_turning_cm', 'tactile_paving', 'braille_signage', 'large_print_signage',
  'hearing_loop', 'sign_language', 'staff_help', 'accessible_parking', 'parking_spaces', 'parking_distance_m',
] as const;

export const ENTRANCE_EDITABLE = [
  'name', 'is_main', 'level', 'step_count', 'step_height_cm', 'ramp', 'ramp_removable', 'ramp_slope_pct', 'ramp_width_cm',
  'ramp_handrails', 'door_width_cm', 'door_type', 'threshold_height_cm', 'automatic_door', 'call_button', 'call_button_height_cm',
  'intercom', 'tactile_guidance', 'surveyed_on', 'notes',
] as const;

/** What the audit log keeps of a row: its fields, the point as GeoJSON; bookkeeping and derived values left out. */
const SNAPSHOT = (table: 'facility' | 'facility_entrance', alias: string) =>
  `(to_jsonb(${alias}) - 'geom' - 'created_at' - 'updated_at' - 'graded_at'${table === 'facility' ? " - 'grade_wheelchair' - 'grade_mobility' - 'grade_vision' - 'grade_hearing' - 'step_free_entrance' - 'call_button'" : ''})
   || jsonb_build_object('geometry', ST_AsGeoJSON(${alias}.geom, 7)::jsonb)`;

async function snapshotOf(tx: Queryable, table: 'facility' | 'facility_entrance', id: number): Promise<unknown> {
  const { rows } = await tx.query<{ s: unknown }>(`SELECT ${SNAPSHOT(table, 't')} AS s FROM ${table} t WHERE t.id = $1`, [id]);
  return rows[0]?.s;
}

async function audit(tx: Queryable, actor: Actor, table: 'facility' | 'facility_entrance', id: number, action: 'create' | 'update' | 'delete', before?: unknown): Promise<void> {
  const after = action === 'delete' ? 'NULL::jsonb' : SNAPSHOT(table, 't');
  await tx.query(
    `INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, before, after)
     SELECT $1::integer, $2::integer, $3::text, $6::text, $4::text, $5::jsonb, ${after}
     FROM (SELECT 1) one LEFT JOIN ${table} t ON t.id = $6::integer`,
    [actor.municipalityId, actor.userId, table, action, before === undefined ? null : JSON.stringify(before), id],
  );
}

export interface EntranceRecord extends Record<string, unknown> { id: number; facility_id: number; is_main: boolean; row_version: number }
export interface FacilityRecord extends Record<string, unknown> { id: number; row_version: number; entrances: EntranceRecord[] }

/** The editor's view of a facility: every stored field, its entrances, the grades as stored. */
export async function facilityRecord(db: Queryable, municipalityId: number, id: number): Promise<FacilityRecord | undefined> {
  const { rows } = await db.query<FacilityRecord>(
    `SELECT (to_jsonb(f) - 'geom') || jsonb_build_object('geometry', ST_AsGeoJSON(f.geom, 7)::jsonb,
              'entrances', COALESCE((SELECT jsonb_agg((to_jsonb(e) - 'geom') || jsonb_build_object('geometry', ST_AsGeoJSON(e.geom, 7)::jsonb)
                                                     ORDER BY e.is_main DESC, e.id)
                                     FROM facility_entrance e WHERE e.facility_id = f.id), '[]'::jsonb)) AS r
     FROM facility f WHERE f.municipality_id = $1 AND f.id = $2`,
    [municipalityId, id],
  );
  return (rows[0] as unknown as { r: FacilityRecord } | undefined)?.r;
}

async function lockFacility(tx: Queryable, municipalityId: number, id: number): Promise<FacilityRecord> {
  const { rows } = await tx.query('SELECT 1 FROM facility WHERE municipality_id = $1 AND id = $2 FOR UPDATE', [municipalityId, id]);
  if (!rows[0]) throw notFound('Заклад не знайдено. Facility not found.');
  return (await facilityRecord(tx, municipalityId, id))!;
}

async function checkPoint(tx: Queryable, municipalityId: number, field: string, geometry: Point): Promise<void> {
  const { rows: [g] } = await tx.query<{ inside: boolean }>(
    `SELECT ${insideHromada(POINT('$2'), 'm.boundary')} AS inside FROM municipality m WHERE m.id = $1`,
    [municipalityId, JSON.stringify(geometry)],
  );
  if (!g?.inside) {
    throw fieldError(field, geometry, 'точка лежить поза межами громади (перевірте, чи не переплутано довготу й широту)',
      'the point lies outside the hromada (check that longitude and latitude are not swapped)');
  }
}

async function checkExternalId(tx: Queryable, municipalityId: number, externalId: string, exceptId: number): Promise<void> {
  const { rows } = await tx.query<{ id: number }>('SELECT id FROM facility WHERE municipality_id = $1 AND external_id = $2 AND id <> $3', [municipalityId, externalId, exceptId]);
  if (rows[0]) throw conflict(`Обліковий номер «${externalId}» уже має заклад №${rows[0].id}. Record number already used by facility ${rows[0].id}.`, { field: 'external_id', value: externalId });
}

/** One main entrance per facility (a unique index holds it): a new main one demotes the old. */
async function demoteMain(tx: Queryable, facilityId: number, exceptId: number): Promise<void> {
  await tx.query('UPDATE facility_entrance SET is_main = false, row_version = row_version + 1, updated_at = now() WHERE facility_id = $1 AND is_main AND id <> $2', [facilityId, exceptId]);
}

/** A facility with entrances but no main one (the main removed, the first added) gets its oldest as main. */
async function ensureMain(tx: Queryable, facilityId: number): Promise<void> {
  await tx.query(
    `UPDATE facility_entrance SET is_main = true WHERE id = (SELECT id FROM facility_entrance WHERE facility_id = $1 ORDER BY id LIMIT 1)
       AND NOT EXISTS (SELECT 1 FROM facility_entrance WHERE facility_id = $1 AND is_main)`,
    [facilityId],
  );
}

async function insertEntrance(tx: Queryable, actor: Actor, facilityId: number, input: NewEntrance): Promise<number> {
  if (input.geometry) await checkPoint(tx, actor.municipalityId, 'geometry', input.geometry as Point);
  if (input.is_main) await demoteMain(tx, facilityId, 0);
  const values: unknown[] = [actor.municipalityId, facilityId];
  const columns = ENTRANCE_EDITABLE.filter((c) => input[c] !== undefined);
  for (const c of columns) values.push(input[c]);
  values.push(input.geometry ? JSON.stringify(input.geometry) : null);
  const g = `$${values.length}`;
  const { rows: [{ id }] } = await tx.query<{ id: number }>(
    `INSERT INTO facility_entrance (municipality_id, facility_id, ${[...columns, 'geom'].join(', ')})
     VALUES ($1, $2, ${[...columns.map((_, i) => `$${i + 3}`), `CASE WHEN ${g}::text IS NULL THEN NULL ELSE ${POINT(g)} END`].join(', ')}) RETURNING id`,
    values,
  );
  await ensureMain(tx, facilityId);
  await audit(tx, actor, 'facility_entrance', id, 'create');
  return id;
}

export async function createFacility(tx: Queryable, written: Written, actor: Actor, input: NewFacility): Promise<FacilityRecord> {
  const m = actor.municipalityId;
  await checkPoint(tx, m, 'geometry', input.geometry as Point);
  if (input.external_id) await checkExternalId(tx, m, input.external_id, 0);
  const columns = FACILITY_EDITABLE.filter((c) => input[c] !== undefined);
  const values: unknown[] = [m, JSON.stringify(input.geometry), ...columns.map((c) => input[c])];
  const { rows: [{ id }] } = await tx.query<{ id: number }>(
    `INSERT INTO facility (municipality_id, geom, building_id${columns.map((c) => `, ${c}`).join('')})
     VALUES ($1, ${POINT('$2')}, building_at($1, ${POINT('$2')})${columns.map((_, i) => `, $${i + 3}`).join('')}) RETURNING id`,
    values,
  );
  written.wrote('facility');
  for (const entrance of input.entrances ?? []) await insertEntrance(tx, actor, id, entrance);
  if (input.entrances?.length) written.wrote('facility_entrance');
  await regrade(tx, written, m, [id]);
  await audit(tx, actor, 'facility', id, 'create');
  return (await facilityRecord(tx, m, id))!;
}

/** An edit (or a move) from the row_version the editor loaded. */
export async function updateFacility(tx: Queryable, written: Written, actor: Actor, id: number, input: FacilityPatch): Promise<FacilityRecord> {
  const m = actor.municipalityId;
  const current = await lockFacility(tx, m, id);
  await requireCurrentVersion(tx, { municipalityId: m, entity: 'facility', entityId: id, yourRowVersion: input.row_version, currentRowVersion: current.row_version, current });
  if (input.geometry) await checkPoint(tx, m, 'geometry', input.geometry as Point);
  if (input.external_id) await checkExternalId(tx, m, input.external_id, id);
  const values: unknown[] = [m, id];
  const sets = setClause(input, FACILITY_EDITABLE, values);
  if (input.geometry) {
    values.push(JSON.stringify(input.geometry));
    sets.push(`geom = ${POINT(`$${values.length}`)}`, `building_id = building_at($1, ${POINT(`$${values.length}`)})`);
  }
  if (sets.length === 0) return current;
  const before = await snapshotOf(tx, 'facility', id);
  await tx.query(`UPDATE facility SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE municipality_id = $1 AND id = $2`, values);
  written.wrote('facility');
  await regrade(tx, written, m, [id]);
  await audit(tx, actor, 'facility', id, 'update', before);
  return (await facilityRecord(tx, m, id))!;
}

/** A facts change of an entrance shows as a change of its facility (its updated_at, its version). */
async function touchFacility(tx: Queryable, written: Written, actor: Actor, facilityId: number): Promise<void> {
  await tx.query('UPDATE facility SET updated_at = now(), row_version = row_version + 1 WHERE id = $1', [facilityId]);
  written.wrote('facility', 'facility_entrance');
  await regrade(tx, written, actor.municipalityId, [facilityId]);
}

export async function addEntrance(tx: Queryable, written: Written, actor: Actor, facilityId: number, input: NewEntrance): Promise<FacilityRecord> {
  await lockFacility(tx, actor.municipalityId, facilityId);
  await insertEntrance(tx, actor, facilityId, input);
  await touchFacility(tx, written, actor, facilityId);
  return (await facilityRecord(tx, actor.municipalityId, facilityId))!;
}

async function entranceOf(tx: Queryable, facility: FacilityRecord, entranceId: number): Promise<EntranceRecord> {
  const entrance = facility.entrances.find((e) => e.id === entranceId);
  if (!entrance) throw notFound('Вхід не знайдено. Entrance not found.');
  return entrance;
}

export async function updateEntrance(tx: Queryable, written: Written, actor: Actor, facilityId: number, entranceId: number, input: EntrancePatch): Promise<FacilityRecord> {
  const m = actor.municipalityId;
  const facility = await lockFacility(tx, m, facilityId);
  const current = await entranceOf(tx, facility, entranceId);
  await requireCurrentVersion(tx, { municipalityId: m, entity: 'facility_entrance', entityId: entranceId, yourRowVersion: input.row_version, currentRowVersion: current.row_version, current });
  if (input.geometry) await checkPoint(tx, m, 'geometry', input.geometry as Point);
  const values: unknown[] = [facilityId, entranceId];
  const sets = setClause({ ...input, is_main: input.is_main === false ? undefined : input.is_main }, ENTRANCE_EDITABLE, values);
  if (input.geometry !== undefined) {
    values.push(input.geometry ? JSON.stringify(input.geometry) : null);
    const g = `$${values.length}`;
    sets.push(`geom = CASE WHEN ${g}::text IS NULL THEN NULL ELSE ${POINT(g)} END`);
  }
  if (sets.length === 0) return facility;
  const before = await snapshotOf(tx, 'facility_entrance', entranceId);
  if (input.is_main) await demoteMain(tx, facilityId, entranceId);
  await tx.query(`UPDATE facility_entrance SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE facility_id = $1 AND id = $2`, values);
  await audit(tx, actor, 'facility_entrance', entranceId, 'update', before);
  await touchFacility(tx, written, actor, facilityId);
  return (await facilityRecord(tx, m, facilityId))!;
}

export async function removeEntrance(tx: Queryable, written: Written, actor: Actor, facilityId: number, entranceId: number): Promise<FacilityRecord> {
  const m = actor.municipalityId;
  const facility = await lockFacility(tx, m, facilityId);
  await entranceOf(tx, facility, entranceId);
  const before = await snapshotOf(tx, 'facility_entrance', entranceId);
  await tx.query('DELETE FROM facility_entrance WHERE id = $1', [entranceId]);
  await audit(tx, actor, 'facility_entrance', entranceId, 'delete', before);
  await ensureMain(tx, facilityId);
  await touchFacility(tx, written, actor, facilityId);
  return (await facilityRecord(tx, m, facilityId))!;
}
