/**
 * Registry objects, the write core: add (a point or a drawn footprint), edit and move, dismantle
 * (the record and its history stay). Each function runs inside registryWrite()'s transaction,
 * checks what needs the database (the type is this hromada's, the place is inside it, the owner
 * is ours, the record number is free), writes, bumps row_version and updated_at, and audits.
 */
import type { Queryable } from '../../db/database.js';
import { conflict, notFound } from '../../errors.js';
import { objectDatesProblem, type ObjectValues } from '../../rules/registry.js';
import { requireCurrentVersion } from '../concurrency.js';
import type { dismantle, Geometry, NewObject, ObjectPatch } from '../schemas.js';
import { fieldError } from '../validation.js';
import { auditRecord, snapshotOf } from './audit.js';
import { insideHromada } from '../../municipalities/boundary.js';
import type { Actor, Written } from './write.js';
import type { z } from 'zod';
import { setClause } from './patch.js';

/** The geometry as it is stored: 2D (an altitude is dropped), EPSG:4326. */
export const GEOM_FROM_JSON = (param: string) => `ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${param}), 4326))`;

export interface ObjectRecord extends ObjectValues {
  id: number;
  category: 'maf' | 'advertising';
  geometry: Geometry;
  owner_id: number | null;
  row_version: number;
  legality: string;
  created_at: Date;
  updated_at: Date;
}

/** Columns an edit may set directly (the geometry has its own expression). */
const EDITABLE = [
  'type_code', 'address', 'width_m', 'height_m', 'sides', 'area_m2', 'lighting', 'installed_on', 'dismantled_on',
  'external_id', 'owner_id', 'monthly_fee_uah', 'description',
] as const;

/** The editor's view of an object: every stored field, the row_version to edit from, legality. */
export async function objectRecord(db: Queryable, municipalityId: number, id: number): Promise<ObjectRecord | undefined> {
  const { rows } = await db.query<ObjectRecord>(
    `SELECT o.id, o.type_code, t.category, ST_AsGeoJSON(o.geom, 7)::json AS geometry, o.address, o.width_m, o.height_m,
            o.sides, o.area_m2, o.lighting, o.installed_on, o.dismantled_on, o.external_id, o.owner_id,
            o.monthly_fee_uah, o.description, o.row_version,
            registry_legality(o.dismantled_on, cp.id IS NOT NULL, cp.status, cp.valid_until, current_date) AS legality,
            o.created_at, o.updated_at
     FROM registry_object o JOIN object_type t ON t.code = o.type_code
     LEFT JOIN registry_current_permit cp ON cp.object_id = o.id
     WHERE o.municipality_id = $1 AND o.id = $2`,
    [municipalityId, id],
  );
  return rows[0];
}

/** Locks the object for the rest of the transaction; 404 when the hromada has no such object. */
export async function lockObject(tx: Queryable, municipalityId: number, id: number): Promise<ObjectRecord> {
  const { rows } = await tx.query('SELECT 1 FROM registry_object WHERE municipality_id = $1 AND id = $2 FOR UPDATE', [municipalityId, id]);
  if (!rows[0]) throw notFound('Об’єкт не знайдено. Object not found.');
  return (await objectRecord(tx, municipalityId, id))!;
}

/** A write to an object's permits, payments or photos shows as a change of the object. */
export async function touchObject(tx: Queryable, written: Written, id: number): Promise<void> {
  await tx.query('UPDATE registry_object SET updated_at = now() WHERE id = $1', [id]);
  written.wrote('registry_object');
}

// ---------------------------------------------------------------------------------------------
// Checks that need the database

/** The geometry must be valid and lie inside the hromada (boundary.ts). */
async function checkGeometry(tx: Queryable, municipalityId: number, geometry: Geometry): Promise<void> {
  const { rows: [g] } = await tx.query<{ valid: boolean; reason: string; inside: boolean }>(
    `SELECT ST_IsValid(x.g) AS valid, ST_IsValidReason(x.g) AS reason, ST_IsValid(x.g) AND ${insideHromada('x.g', 'm.boundary')} AS inside
     FROM municipality m, (SELECT ${GEOM_FROM_JSON('$2')} AS g) x WHERE m.id = $1`,
    [municipalityId, JSON.stringify(geometry)],
  );
  if (!g.valid) throw fieldError('geometry', geometry, `некоректна геометрія: ${g.reason}`, `invalid geometry: ${g.reason}`);
  if (!g.inside) {
    throw fieldError('geometry', geometry, 'об’єкт лежить поза межами громади (перевірте, чи не переплутано довготу й широту)',
      'the object lies outside the hromada (check that longitude and latitude are not swapped)');
  }
}

/** The type must be national or this hromada's own; returns its category. */
async function checkType(tx: Queryable, municipalityId: number, code: string): Promise<'maf' | 'advertising'> {
  const { rows } = await tx.query<{ category: 'maf' | 'advertising' }>(
    'SELECT category FROM object_type WHERE code = $1 AND (municipality_id IS NULL OR municipality_id = $2)',
    [code, municipalityId],
  );
  if (!rows[0]) throw fieldError('type_code', code, 'немає такого типу об’єкта в цій громаді', 'no such object type in this hromada');
  return rows[0].category;
}

async function checkOwner(tx: Queryable, municipalityId: number, ownerId: number): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM owner WHERE municipality_id = $1 AND id = $2', [municipalityId, ownerId]);
  if (!rows[0]) throw fieldError('owner_id', ownerId, 'немає такого власника в цій громаді', 'no such owner in this hromada');
}

async function checkExternalId(tx: Queryable, municipalityId: number, externalId: string, exceptId: number): Promise<void> {
  const { rows } = await tx.query<{ id: number }>(
    'SELECT id FROM registry_object WHERE municipality_id = $1 AND external_id = $2 AND id <> $3',
    [municipalityId, externalId, exceptId],
  );
  if (rows[0]) {
    throw conflict(`Обліковий номер «${externalId}» уже має об’єкт №${rows[0].id}. Record number already used by object ${rows[0].id}.`, {
      field: 'external_id', value: externalId, object_id: rows[0].id,
    });
  }
}

function checkDates(installed_on: string | null, dismantled_on: string | null): void {
  const problem = objectDatesProblem({ installed_on, dismantled_on });
  if (problem) throw fieldError(problem.field, dismantled_on, problem.uk, problem.en);
}

// ---------------------------------------------------------------------------------------------
// Writes

export async function createObject(tx: Queryable, written: Written, actor: Actor, input: NewObject): Promise<ObjectRecord> {
  const m = actor.municipalityId;
  await checkType(tx, m, input.type_code);
  await checkGeometry(tx, m, input.geometry);
  if (input.owner_id) await checkOwner(tx, m, input.owner_id);
  if (input.external_id) await checkExternalId(tx, m, input.external_id, 0);
  const { rows: [{ id }] } = await tx.query<{ id: number }>(
    `INSERT INTO registry_object (municipality_id, type_code, geom, address, width_m, height_m, sides, area_m2, lighting,
                                  installed_on, external_id, owner_id, monthly_fee_uah, description)
     VALUES ($1, $2, ${GEOM_FROM_JSON('$3')}, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [m, input.type_code, JSON.stringify(input.geometry), input.address ?? null, input.width_m ?? null, input.height_m ?? null,
      input.sides ?? null, input.area_m2 ?? null, input.lighting ?? null, input.installed_on ?? null, input.external_id ?? null,
      input.owner_id ?? null, input.monthly_fee_uah ?? null, input.description ?? null],
  );
  written.wrote('registry_object');
  await auditRecord(tx, actor, 'registry_object', id, 'create');
  return (await objectRecord(tx, m, id))!;
}

/** An edit from the row_version the editor loaded; returns the record before and after (the same when nothing changed). */
export async function updateObject(tx: Queryable, written: Written, actor: Actor, id: number, input: ObjectPatch): Promise<{ before: ObjectRecord; after: ObjectRecord }> {
  const m = actor.municipalityId;
  const current = await lockObject(tx, m, id);
  await requireCurrentVersion(tx, {
    municipalityId: m, entity: 'registry_object', entityId: id,
    yourRowVersion: input.row_version, currentRowVersion: current.row_version, current,
  });
  if (input.type_code !== undefined && input.type_code !== current.type_code) await checkType(tx, m, input.type_code);
  if (input.geometry !== undefined) await checkGeometry(tx, m, input.geometry);
  if (input.owner_id) await checkOwner(tx, m, input.owner_id);
  if (input.external_id) await checkExternalId(tx, m, input.external_id, id);
  checkDates(
    input.installed_on !== undefined ? input.installed_on : current.installed_on,
    input.dismantled_on !== undefined ? input.dismantled_on : current.dismantled_on,
  );
  const values: unknown[] = [m, id];
  const sets = setClause(input, EDITABLE, values);
  if (input.geometry !== undefined) {
    values.push(JSON.stringify(input.geometry));
    sets.push(`geom = ${GEOM_FROM_JSON(`$${values.length}`)}`);
  }
  if (sets.length === 0) return { before: current, after: current };
  const before = await snapshotOf(tx, 'registry_object', id);
  await tx.query(
    `UPDATE registry_object SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now()
     WHERE municipality_id = $1 AND id = $2`,
    values,
  );
  written.wrote('registry_object');
  await auditRecord(tx, actor, 'registry_object', id, 'update', before);
  return { before: current, after: (await objectRecord(tx, m, id))! };
}

export async function dismantleObject(tx: Queryable, written: Written, actor: Actor, id: number, input: z.infer<typeof dismantle>): Promise<ObjectRecord> {
  const m = actor.municipalityId;
  const current = await lockObject(tx, m, id);
  if (input.row_version !== undefined) {
    await requireCurrentVersion(tx, {
      municipalityId: m, entity: 'registry_object', entityId: id,
      yourRowVersion: input.row_version, currentRowVersion: current.row_version, current,
    });
  }
  if (current.dismantled_on) {
    throw conflict(`Об’єкт уже демонтовано ${current.dismantled_on}. Already dismantled on ${current.dismantled_on}.`, {
      field: 'dismantled_on', current,
    });
  }
  const { rows: [{ today }] } = await tx.query<{ today: string }>('SELECT current_date::text AS today');
  const on = input.dismantled_on ?? today;
  checkDates(current.installed_on, on);
  const before = await snapshotOf(tx, 'registry_object', id);
  await tx.query(
    'UPDATE registry_object SET dismantled_on = $3, row_version = row_version + 1, updated_at = now() WHERE municipality_id = $1 AND id = $2',
    [m, id, on],
  );
  written.wrote('registry_object');
  await auditRecord(tx, actor, 'registry_object', id, 'update', before);
  return (await objectRecord(tx, m, id))!;
}
