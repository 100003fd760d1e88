/**
 * An object's permits (дозволи, паспорти прив'язки, договори) and payments, the write core.
 * A permit's own row_version guards its edits; a reissue marks the permit it replaces as
 * 'reissued' in the same transaction. Each write also touches the object (updated_at), since its
 * legality or revenue changed with it.
 */
import { recordChange } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { permitDatesProblem, type PaymentValues, type PermitValues } from '../../rules/registry.js';
import { requireCurrentVersion } from '../concurrency.js';
import type { NewPayment, NewPermit, PaymentCorrection, PermitPatch } from '../schemas.js';
import { fieldError } from '../validation.js';
import { auditRecord, snapshotOf } from './audit.js';
import { lockObject, touchObject } from './objects.js';
import type { Actor, Written } from './write.js';
import { setClause } from './patch.js';

export interface PermitRecord extends PermitValues {
  id: number;
  object_id: number;
  row_version: number;
  updated_at: Date;
}

export const PERMIT_SELECT = `SELECT id, object_id, kind, number, issued_on, valid_from, valid_until, decision, status,
  contract_number, contract_date, row_version, updated_at FROM permit`;

const PERMIT_EDITABLE = ['kind', 'number', 'issued_on', 'valid_from', 'valid_until', 'decision', 'status', 'contract_number', 'contract_date'] as const;

async function permitRecord(db: Queryable, municipalityId: number, objectId: number, id: number, lock = false): Promise<PermitRecord | undefined> {
  const { rows } = await db.query<PermitRecord>(
    `${PERMIT_SELECT} WHERE municipality_id = $1 AND object_id = $2 AND id = $3${lock ? ' FOR UPDATE' : ''}`,
    [municipalityId, objectId, id],
  );
  return rows[0];
}

function checkPermitDates(valid_from: string | null | undefined, valid_until: string | null | undefined, issued_on?: string | null): void {
  const problem = permitDatesProblem({ issued_on, valid_from, valid_until });
  if (problem) throw fieldError(problem.field, valid_until, problem.uk, problem.en);
}

function checkPeriod(from: string | null | undefined, to: string | null | undefined): void {
  if (from && to && to < from) throw fieldError('period_to', to, `раніше за period_from (${from})`, `earlier than period_from (${from})`);
}

export async function createPermit(tx: Queryable, written: Written, actor: Actor, objectId: number, input: NewPermit): Promise<PermitRecord> {
  const m = actor.municipalityId;
  checkPermitDates(input.valid_from, input.valid_until, input.issued_on);
  await lockObject(tx, m, objectId);
  if (input.replaces_permit_id !== undefined) {
    const old = await permitRecord(tx, m, objectId, input.replaces_permit_id, true);
    if (!old) throw fieldError('replaces_permit_id', input.replaces_permit_id, 'в цього об’єкта немає такого дозволу', 'this object has no such permit');
    const before = await snapshotOf(tx, 'permit', old.id);
    await tx.query("UPDATE permit SET status = 'reissued', row_version = row_version + 1, updated_at = now() WHERE id = $1", [old.id]);
    await auditRecord(tx, actor, 'permit', old.id, 'update', before);
  }
  const { rows: [{ id }] } = await tx.query<{ id: number }>(
    `INSERT INTO permit (municipality_id, object_id, kind, number, issued_on, valid_from, valid_until, decision, status, contract_number, contract_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [m, objectId, input.kind, input.number, input.issued_on ?? null, input.valid_from ?? null, input.valid_until ?? null,
      input.decision ?? null, input.status, input.contract_number ?? null, input.contract_date ?? null],
  );
  written.wrote('permit');
  await auditRecord(tx, actor, 'permit', id, 'create');
  await touchObject(tx, written, objectId);
  return (await permitRecord(tx, m, objectId, id))!;
}

export async function updatePermit(tx: Queryable, written: Written, actor: Actor, objectId: number, permitId: number, input: PermitPatch): Promise<PermitRecord> {
  const m = actor.municipalityId;
  await lockObject(tx, m, objectId);
  const current = await permitRecord(tx, m, objectId, permitId, true);
  if (!current) throw notFound('Дозвіл не знайдено. Permit not found.');
  await requireCurrentVersion(tx, {
    municipalityId: m, entity: 'permit', entityId: permitId,
    yourRowVersion: input.row_version, currentRowVersion: current.row_version, current,
  });
  checkPermitDates(input.valid_from !== undefined ? input.valid_from : current.valid_from,
    input.valid_until !== undefined ? input.valid_until : current.valid_until,
    input.issued_on !== undefined ? input.issued_on : current.issued_on);
  const values: unknown[] = [permitId];
  const sets = setClause(input, PERMIT_EDITABLE, values);
  if (sets.length === 0) return current;
  const before = await snapshotOf(tx, 'permit', permitId);
  await tx.query(`UPDATE permit SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE id = $1`, values);
  written.wrote('permit');
  await auditRecord(tx, actor, 'permit', permitId, 'update', before);
  await touchObject(tx, written, objectId);
  return (await permitRecord(tx, m, objectId, permitId))!;
}

export interface PaymentRecord extends PaymentValues {
  id: number;
  object_id: number;
  corrects_payment_id?: number | null;
  correction_reason?: string | null;
}

const PAYMENT_COLUMNS = 'id, object_id, amount_uah, paid_on, period_from, period_to, document, corrects_payment_id, correction_reason';

export async function createPayment(tx: Queryable, written: Written, actor: Actor, objectId: number, input: NewPayment): Promise<PaymentRecord> {
  const m = actor.municipalityId;
  checkPeriod(input.period_from, input.period_to);
  await lockObject(tx, m, objectId);
  const { rows: [created] } = await tx.query<PaymentRecord>(
    `INSERT INTO payment (municipality_id, object_id, amount_uah, paid_on, period_from, period_to, document)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING ${PAYMENT_COLUMNS}`,
    [m, objectId, input.amount_uah, input.paid_on, input.period_from ?? null, input.period_to ?? null, input.document ?? null],
  );
  written.wrote('payment');
  await recordChange(tx, { municipalityId: m, userId: actor.userId, entity: 'payment', entityId: created.id, action: 'create', after: created });
  await touchObject(tx, written, objectId);
  return created;
}

/**
 * Corrects a recorded payment without touching it (0021): a reversal of its full amount on the
 * same day (so each year's revenue comes out right), then — unless the right amount is 0 — a new
 * entry with the right amount and the original's dates and document. Both name the original and
 * the reason; each gets its audit row. A reversal is not itself corrected, and a payment is
 * reversed once: correct the new entry instead.
 */
export async function correctPayment(
  tx: Queryable, written: Written, actor: Actor, objectId: number, paymentId: number, input: PaymentCorrection,
): Promise<{ reversal: PaymentRecord; replacement: PaymentRecord | null }> {
  const m = actor.municipalityId;
  await lockObject(tx, m, objectId);
  const { rows: [original] } = await tx.query<PaymentRecord & { reversed: boolean }>(
    `SELECT ${PAYMENT_COLUMNS}, EXISTS (SELECT 1 FROM payment r WHERE r.corrects_payment_id = p.id AND r.amount_uah < 0) AS reversed
     FROM payment p WHERE municipality_id = $1 AND object_id = $2 AND id = $3 FOR UPDATE`,
    [m, objectId, paymentId],
  );
  if (!original) throw notFound('Оплату не знайдено. Payment not found.');
  if (original.amount_uah < 0) {
    throw fieldError('payment', paymentId, 'це сторно іншої оплати: виправляйте ту оплату', 'this is a reversal of another payment: correct that payment instead');
  }
  if (original.reversed) {
    throw fieldError('payment', paymentId, 'цю оплату вже сторновано: виправляйте новий запис', 'this payment was already reversed: correct the entry that replaced it');
  }
  if (input.amount_uah === original.amount_uah) {
    throw fieldError('amount_uah', input.amount_uah, 'сума та сама, що й у записі: виправляти нічого', 'the same amount as recorded: nothing to correct');
  }
  const insert = async (amount: number) => {
    const { rows: [row] } = await tx.query<PaymentRecord>(
      `INSERT INTO payment (municipality_id, object_id, amount_uah, paid_on, period_from, period_to, document, corrects_payment_id, correction_reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PAYMENT_COLUMNS}`,
      [m, objectId, amount, original.paid_on, original.period_from, original.period_to, original.document, original.id, input.reason],
    );
    await recordChange(tx, { municipalityId: m, userId: actor.userId, entity: 'payment', entityId: row.id, action: 'create', after: row });
    return row;
  };
  const reversal = await insert(-original.amount_uah);
  const replacement = input.amount_uah > 0 ? await insert(input.amount_uah) : null;
  written.wrote('payment');
  await touchObject(tx, written, objectId);
  return { reversal, replacement };
}
