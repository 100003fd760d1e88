/**
 * An object's permits and payments over HTTP: the lists, and the writes through the core
 * (core/documents.ts).
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { requireRole } from '../auth/guards.js';
import { notFound } from '../errors.js';
import { correctPayment, createPayment, createPermit, PERMIT_SELECT, updatePermit, type PermitRecord } from './core/documents.js';
import { objectRecord } from './core/objects.js';
import { registryWrite } from './core/write.js';
import { editorOf } from './objects-editor.js';
import { newPayment, newPermit, paymentCorrection, permitPatch } from './schemas.js';
import { parseInput, pathId } from './validation.js';

/** The object's legality and revenue after a write, for the editor's form to refresh. */
async function objectSummary(db: Queryable, municipalityId: number, objectId: number) {
  const { rows } = await db.query(
    `SELECT legality, permit_number, permit_valid_until, revenue_this_year_uah, revenue_total_uah
     FROM pub_registry WHERE municipality_id = $1 AND id = $2`,
    [municipalityId, objectId],
  );
  return rows[0];
}

export function documentEditorRoutes(ctx: AppContext): Router {
  const { db } = ctx;
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
    const actor = editorOf(req);
    const permit = await registryWrite(ctx, actor, (tx, written) => createPermit(tx, written, actor, objectId, input));
    res.status(201).json({ permit, object: await objectSummary(db, actor.municipalityId, objectId) });
  });

  router.patch('/objects/:id/permits/:permitId', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const permitId = pathId(req.params.permitId, 'permitId');
    const input = parseInput(permitPatch, req.body);
    const actor = editorOf(req);
    const permit = await registryWrite(ctx, actor, (tx, written) => updatePermit(tx, written, actor, objectId, permitId, input));
    res.json({ permit, object: await objectSummary(db, actor.municipalityId, objectId) });
  });

  router.get('/objects/:id/payments', editor, async (req, res) => {
    const id = pathId(req.params.id);
    if (!(await objectRecord(db, req.municipality.id, id))) throw notFound('Об’єкт не знайдено. Object not found.');
    const { rows } = await db.query(
      `SELECT p.id, p.object_id, p.amount_uah, p.paid_on, p.period_from, p.period_to, p.document, p.corrects_payment_id, p.correction_reason,
              EXISTS (SELECT 1 FROM payment r WHERE r.corrects_payment_id = p.id AND r.amount_uah < 0) AS reversed
       FROM payment p WHERE p.municipality_id = $1 AND p.object_id = $2 ORDER BY p.paid_on DESC, p.id DESC`,
      [req.municipality.id, id],
    );
    res.set('Cache-Control', 'private, no-store').json({ items: rows });
  });

  router.post('/objects/:id/payments', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const input = parseInput(newPayment, req.body);
    const actor = editorOf(req);
    const payment = await registryWrite(ctx, actor, (tx, written) => createPayment(tx, written, actor, objectId, input));
    res.status(201).json({ payment, object: await objectSummary(db, actor.municipalityId, objectId) });
  });

  // A payment is never edited or deleted: it is corrected by a reversal and a new entry (0021).
  router.post('/objects/:id/payments/:paymentId/correction', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const paymentId = pathId(req.params.paymentId, 'paymentId');
    const input = parseInput(paymentCorrection, req.body);
    const actor = editorOf(req);
    const result = await registryWrite(ctx, actor, (tx, written) => correctPayment(tx, written, actor, objectId, paymentId, input));
    res.status(201).json({ ...result, object: await objectSummary(db, actor.municipalityId, objectId) });
  });

  return router;
}
