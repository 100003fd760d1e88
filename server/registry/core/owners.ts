/**
 * Owners, the write core: add and edit (with row_version). ЄДРПОУ belongs to legal entities and
 * municipal enterprises, a РНОКПП to a sole proprietor (server/rules/registry.ts). An owner's name
 * shows on every object of theirs, so a change marks both registry layers.
 */
import type { Queryable } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { ownerIdentifiersProblem, type OwnerKind } from '../../rules/registry.js';
import { requireCurrentVersion } from '../concurrency.js';
import type { NewOwner, OwnerPatch } from '../schemas.js';
import { fieldError } from '../validation.js';
import { auditRecord, snapshotOf } from './audit.js';
import type { Actor, Written } from './write.js';
import { setClause } from './patch.js';

export interface OwnerRecord {
  id: number;
  kind: OwnerKind;
  name: string;
  edrpou: string | null;
  public_contact: string | null;
  rnokpp: string | null;
  private_phone: string | null;
  private_email: string | null;
  row_version: number;
  created_at: Date;
  updated_at: Date;
}

const EDITABLE = ['kind', 'name', 'edrpou', 'public_contact', 'rnokpp', 'private_phone', 'private_email'] as const;

export async function ownerRecord(db: Queryable, municipalityId: number, id: number, lock = false): Promise<OwnerRecord | undefined> {
  const { rows } = await db.query<OwnerRecord>(
    `SELECT id, kind, name, edrpou, public_contact, rnokpp, private_phone, private_email, row_version, created_at, updated_at
     FROM owner WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [municipalityId, id],
  );
  return rows[0];
}

function checkIdentifiers(o: { kind: OwnerKind; edrpou: string | null; rnokpp: string | null }): void {
  const problem = ownerIdentifiersProblem(o);
  if (problem) throw fieldError(problem.field, o[problem.field], problem.uk, problem.en);
}

export async function createOwner(tx: Queryable, written: Written, actor: Actor, input: NewOwner): Promise<OwnerRecord> {
  checkIdentifiers({ kind: input.kind, edrpou: input.edrpou ?? null, rnokpp: input.rnokpp ?? null });
  const { rows: [{ id }] } = await tx.query<{ id: number }>(
    `INSERT INTO owner (municipality_id, kind, name, edrpou, public_contact, rnokpp, private_phone, private_email)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [actor.municipalityId, input.kind, input.name, input.edrpou ?? null, input.public_contact ?? null, input.rnokpp ?? null,
      input.private_phone ?? null, input.private_email ?? null],
  );
  written.wrote('owner');
  await auditRecord(tx, actor, 'owner', id, 'create');
  return (await ownerRecord(tx, actor.municipalityId, id))!;
}

export async function updateOwner(tx: Queryable, written: Written, actor: Actor, id: number, input: OwnerPatch): Promise<OwnerRecord> {
  const m = actor.municipalityId;
  const current = await ownerRecord(tx, m, id, true);
  if (!current) throw notFound('Власника не знайдено. Owner not found.');
  await requireCurrentVersion(tx, {
    municipalityId: m, entity: 'owner', entityId: id,
    yourRowVersion: input.row_version, currentRowVersion: current.row_version, current,
  });
  checkIdentifiers({
    kind: input.kind ?? current.kind,
    edrpou: input.edrpou !== undefined ? input.edrpou : current.edrpou,
    rnokpp: input.rnokpp !== undefined ? input.rnokpp : current.rnokpp,
  });
  const values: unknown[] = [m, id];
  const sets = setClause(input, EDITABLE, values);
  if (sets.length === 0) return current;
  const before = await snapshotOf(tx, 'owner', id);
  await tx.query(`UPDATE owner SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE municipality_id = $1 AND id = $2`, values);
  written.wrote('owner');
  await auditRecord(tx, actor, 'owner', id, 'update', before);
  return (await ownerRecord(tx, m, id))!;
}
