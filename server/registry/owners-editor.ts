/**
 * Owners as editors keep them: add, edit (with row_version), and read with the private fields —
 * an individual's РНОКПП, private phone and e-mail — which only these editor-only answers carry.
 * The writes are the core's (core/owners.ts).
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { notFound } from '../errors.js';
import { createOwner, ownerRecord, updateOwner } from './core/owners.js';
import { registryWrite } from './core/write.js';
import { editorOf } from './objects-editor.js';
import { newOwner, ownerPatch } from './schemas.js';
import { parseInput, pathId } from './validation.js';

export function ownerEditorRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  const editor = requireRole('registry_editor');

  router.get('/owners/:id/private', editor, async (req, res) => {
    const owner = await ownerRecord(ctx.db, req.municipality.id, pathId(req.params.id));
    if (!owner) throw notFound('Власника не знайдено. Owner not found.');
    res.set('Cache-Control', 'private, no-store').json(owner);
  });

  router.post('/owners', editor, async (req, res) => {
    const input = parseInput(newOwner, req.body);
    const actor = editorOf(req);
    const owner = await registryWrite(ctx, actor, (tx, written) => createOwner(tx, written, actor, input));
    res.status(201).location(`${req.baseUrl}/owners/${owner.id}`).set('Cache-Control', 'private, no-store').json(owner);
  });

  router.patch('/owners/:id', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const input = parseInput(ownerPatch, req.body);
    const actor = editorOf(req);
    const owner = await registryWrite(ctx, actor, (tx, written) => updateOwner(tx, written, actor, id, input));
    res.set('Cache-Control', 'private, no-store').json(owner);
  });

  return router;
}
