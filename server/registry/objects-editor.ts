/**
 * The architecture department's edits of objects over HTTP: parse, call the write core
 * (core/objects.ts) inside registryWrite(), answer. Reads of the editable record and its history.
 */
import { Router } from 'express';
import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { notFound } from '../errors.js';
import { createObject, dismantleObject, objectRecord, updateObject } from './core/objects.js';
import { registryWrite, type Actor } from './core/write.js';
import { objectHistory } from './history.js';
import { dismantle, newObject, objectPatch } from './schemas.js';
import { parseInput, pathId } from './validation.js';


/** The signed-in editor, in the hromada of the URL (requireRole has checked both). */
export const editorOf = (req: Request): Actor => ({ municipalityId: req.municipality.id, userId: req.user!.id });

export function objectEditorRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router({ mergeParams: true });
  const editor = requireRole('registry_editor');

  router.get('/objects/:id/record', editor, async (req, res) => {
    const record = await objectRecord(db, req.municipality.id, pathId(req.params.id));
    if (!record) throw notFound('Об’єкт не знайдено. Object not found.');
    res.set('Cache-Control', 'private, no-store').json(record);
  });

  router.get('/objects/:id/history', editor, async (req, res) => {
    const id = pathId(req.params.id);
    if (!(await objectRecord(db, req.municipality.id, id))) throw notFound('Об’єкт не знайдено. Object not found.');
    res.set('Cache-Control', 'private, no-store').json({ object_id: id, entries: await objectHistory(db, req.municipality.id, id) });
  });

  router.post('/objects', editor, async (req, res) => {
    const input = parseInput(newObject, req.body);
    const actor = editorOf(req);
    const record = await registryWrite(ctx, actor, (tx, written) => createObject(tx, written, actor, input));
    res.status(201).location(`${req.baseUrl}/objects/${record.id}`).json(record);
  });

  router.patch('/objects/:id', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const input = parseInput(objectPatch, req.body);
    const actor = editorOf(req);
    const { after } = await registryWrite(ctx, actor, (tx, written) => updateObject(tx, written, actor, id, input));
    res.json(after);
  });

  router.post('/objects/:id/dismantle', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const input = parseInput(dismantle, req.body ?? {});
    const actor = editorOf(req);
    res.json(await registryWrite(ctx, actor, (tx, written) => dismantleObject(tx, written, actor, id, input)));
  });

  return router;
}
