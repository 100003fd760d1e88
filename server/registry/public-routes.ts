/**
 * What residents read, without signing in: the table of objects with filters and search, an
 * object's panel, owners and an owner's page, the city's figures. All from public views
 * (queries.ts, stats.ts), all with ETags that a caching proxy can revalidate for free.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { notFound } from '../errors.js';
import { registryETag } from './caching.js';
import { listObjects, listOwners, objectPanel, ownerPage } from './queries.js';
import { objectQuery } from './schemas.js';
import { registryStats } from './stats.js';
import { parseInput, pathId } from './validation.js';

const ownerQuery = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();

const statsQuery = objectQuery.omit({ limit: true, offset: true, sort: true });

export function publicRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router({ mergeParams: true });
  const etag = registryETag(ctx);

  router.get('/objects', etag, async (req, res) => {
    res.json(await listObjects(db, req.municipality.id, parseInput(objectQuery, req.query)));
  });

  router.get('/objects/:id', etag, async (req, res) => {
    const id = pathId(req.params.id);
    const panel = await objectPanel(db, req.municipality.id, id, (photoId) => `${req.baseUrl}/photos/${photoId}`);
    if (!panel) throw notFound('Об’єкт не знайдено. Object not found.');
    res.json(panel);
  });

  router.get('/owners', etag, async (req, res) => {
    const { q, limit, offset } = parseInput(ownerQuery, req.query);
    res.json(await listOwners(db, req.municipality.id, q, limit, offset));
  });

  router.get('/owners/:id', etag, async (req, res) => {
    const page = await ownerPage(db, req.municipality.id, pathId(req.params.id));
    if (!page) throw notFound('Власника не знайдено. Owner not found.');
    res.json(page);
  });

  router.get('/stats', etag, async (req, res) => {
    res.json(await registryStats(db, req.municipality.id, parseInput(statsQuery, req.query)));
  });

  return router;
}
