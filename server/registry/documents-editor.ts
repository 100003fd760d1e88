/**
 * An object's permits (дозволи, паспорти прив'язки, договори) and payments, as editors record them.
 * A permit's own row_version guards its edits; a reissue marks the permit it replaces as
 * 'reissued' in the same transaction. Each write also touches the object (updated_at), since its
 * legality or revenue changed with it.
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { requireRole } from '../auth/guards.js';
import { recordChange } from '../audit/audit.js';
import { notFound } from '../errors.js';
import { requireCurrentVersion } from './concurrency.js';
import { lockObject, objectRecord, touchObject } from './objects-editor.js';
import { newPayment, newPermit, permitPatch } from './schemas.js';
import { fieldError, parseInput, pathId } from './validation.js';

export interface PermitRecord {
  id: number;
  object_id: number;
  kind: string;
  number: string;
  issued_on: string | null;
  valid_from: string | null;
  valid_until: string | null;
  decision: string | null;
  status: string;
  contract_number: string | null;
  contract_date: string | null;
  row_version: number;
  updated_at: Date;
}

const PERMIT_SELECT = `SELECT id, object_id, kind, number, issued_on, valid_from, valid_until, decision, status,
  contract_number, contract_date, row_version, updated_at FROM permit`;

const PERMIT_EDITABLE = ['kind', 'number', 'issued_on', 'valid_from', 'valid_until', 'decision', 'status', 'contract_number', 'contract_date'] as const;

async function permitRecord(db: Queryable, municipalityId: number, objectId: number, id: number, lock = false): Promise<PermitRecord | undefined> {
  const { rows } = await db.query<PermitRecord>(
    `${PERMIT_SELECT} WHERE municipality_id = $1 AND object_id = $2 AND id = $3${lock ? ' FOR UPDATE' : ''}`,
    [municipalityId, objectId, id],
  );
  return rows[0];
}

const permitSnapshot = ({ updated_at: _u, ...fields }: PermitRecord) => fields;

function checkPeriod(fromField: string, from: string | null | undefined, toField: string, to: string | null | undefined): void {
  if (from && to && to < from) {
    throw fieldError(toField, to, `раніше за ${fromField} (${from})`, `earlier than ${fromField} (${from})`);
  }
}

/** The object's legality and revenue after a write, for the editor's form to refresh. */
async function objectSummary(db: Queryable, municipalityId: number, objectId: number) {
  const { rows } = await db.query(
    `SELECT legality, permit_number, permit_valid_until, revenue_this_year_uah, revenue_total_uah
     FROM pub_registry WHERE municipality_id = $1 AND id = $2`,
    [municipalityId, objectId],
  );
  return rows[0];
}

export function documentEditorRoutes({ db, versions }: AppContext): Router {
  const router = Router({ mergeParams: true });
  const editor = requireRole('registry_editor');

  router.get('/objects/:id/permits', editor, async (req, res) => {
    const id = pathId(req.params.id);
    if (!(await objectRecord(db, req.municipality.id, id))) throw notFound('Об’єкт не знайдено. Object not found.');
    const { rows } = await db.query<PermitRecord>(`${PERMIT_SELECT} WHERE municipality_id = $1 AND object_id = $2 ORDER BY id`, [req.municipality.id, id]);
    res.set('Cache-Control', 'private, no-store').json({ items: rows });
  });

  router.post('/objects/:id/permits', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const input = parseInput(newPermit, req.body);
    const m = req.municipality.id;
    checkPeriod('valid_from', input.valid_from, 'valid_until', input.valid_until);
    const { permit, category } = await db.transaction(async (tx) => {
      const object = await lockObject(tx, m, objectId);
      if (input.replaces_permit_id !== undefined) {
        const old = await permitRecord(tx, m, objectId, input.replaces_permit_id, true);
        if (!old) throw fieldError('replaces_permit_id', input.replaces_permit_id, 'в цього об’єкта немає такого дозволу', 'this object has no such permit');
        await tx.query("UPDATE permit SET status = 'reissued', row_version = row_version + 1, updated_at = now() WHERE id = $1", [old.id]);
        const reissued = (await permitRecord(tx, m, objectId, old.id))!;
        await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'permit', entityId: old.id, action: 'update', before: permitSnapshot(old), after: permitSnapshot(reissued) });
      }
      const { rows: [{ id }] } = await tx.query<{ id: number }>(
        `INSERT INTO permit (municipality_id, object_id, kind, number, issued_on, valid_from, valid_until, decision, status, contract_number, contract_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [m, objectId, input.kind, input.number, input.issued_on ?? null, input.valid_from ?? null, input.valid_until ?? null,
          input.decision ?? null, input.status, input.contract_number ?? null, input.contract_date ?? null],
      );
      const created = (await permitRecord(tx, m, objectId, id))!;
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'permit', entityId: id, action: 'create', after: permitSnapshot(created) });
      await touchObject(tx, objectId);
      return { permit: created, category: object.category };
    });
    versions.invalidate(m, category);
    res.status(201).json({ permit, object: await objectSummary(db, m, objectId) });
  });

  router.patch('/objects/:id/permits/:permitId', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const permitId = pathId(req.params.permitId, 'permitId');
    const input = parseInput(permitPatch, req.body);
    const m = req.municipality.id;
    const { permit, category } = await db.transaction(async (tx) => {
      const object = await lockObject(tx, m, objectId);
      const current = await permitRecord(tx, m, objectId, permitId, true);
      if (!current) throw notFound('Дозвіл не знайдено. Permit not found.');
      await requireCurrentVersion(tx, {
        municipalityId: m, entity: 'permit', entityId: permitId,
        yourRowVersion: input.row_version, currentRowVersion: current.row_version, current,
      });
      checkPeriod('valid_from', input.valid_from !== undefined ? input.valid_from : current.valid_from,
        'valid_until', input.valid_until !== undefined ? input.valid_until : current.valid_until);
      const sets: string[] = [];
      const values: unknown[] = [permitId];
      for (const column of PERMIT_EDITABLE) {
        if (input[column] === undefined) continue;
        values.push(input[column]);
        sets.push(`${column} = $${values.length}`);
      }
      if (sets.length === 0) return { permit: current, category: object.category };
      await tx.query(`UPDATE permit SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE id = $1`, values);
      const changed = (await permitRecord(tx, m, objectId, permitId))!;
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'permit', entityId: permitId, action: 'update', before: permitSnapshot(current), after: permitSnapshot(changed) });
      await touchObject(tx, objectId);
      return { permit: changed, category: object.category };
    });
    versions.invalidate(m, category);
    res.json({ permit, object: await objectSummary(db, m, objectId) });
  });

  router.get('/objects/:id/payments', editor, async (req, res) => {
    const id = pathId(req.params.id);
    if (!(await objectRecord(db, req.municipality.id, id))) throw notFound('Об’єкт не знайдено. Object not found.');
    const { rows } = await db.query(
      `SELECT id, object_id, amount_uah, paid_on, period_from, period_to, document FROM payment
       WHERE municipality_id = $1 AND object_id = $2 ORDER BY paid_on DESC, id DESC`,
      [req.municipality.id, id],
    );
    res.set('Cache-Control', 'private, no-store').json({ items: rows });
  });

  router.post('/objects/:id/payments', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const input = parseInput(newPayment, req.body);
    const m = req.municipality.id;
    checkPeriod('period_from', input.period_from, 'period_to', input.period_to);
    const { payment, category } = await db.transaction(async (tx) => {
      const object = await lockObject(tx, m, objectId);
      const { rows: [created] } = await tx.query<{ id: number }>(
        `INSERT INTO payment (municipality_id, object_id, amount_uah, paid_on, period_from, period_to, document)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, object_id, amount_uah, paid_on, period_from, period_to, document`,
        [m, objectId, input.amount_uah, input.paid_on, input.period_from ?? null, input.period_to ?? null, input.document ?? null],
      );
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'payment', entityId: created.id, action: 'create', after: created });
      await touchObject(tx, objectId);
      return { payment: created, category: object.category };
    });
    versions.invalidate(m, category);
    res.status(201).json({ payment, object: await objectSummary(db, m, objectId) });
  });

  return router;
}
