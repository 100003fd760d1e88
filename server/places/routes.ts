/**
 * /:municipality/api/places — the hromada's base places.
 *   GET  /search?q=&limit=   the hromada's geocoder: addresses as residents type them (core/search.ts)
 * Admins:
 *   POST /addresses/import   the address register (CSV or GeoJSON) through the one importer
 */
import { Router } from 'express';
import { z } from 'zod';
import { ADDRESS_DATASET } from '../../data-import/addresses/dataset.js';
import type { AppContext } from '../context.js';
import { datasetUploadRoutes } from '../imports/upload-routes.js';
import { parseInput } from '../registry/validation.js';
import { searchAddresses } from './core/search.js';

const searchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
}).strict();

export function placeRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/search', async (req, res) => {
    const { q, limit } = parseInput(searchQuery, req.query);
    res.set('Cache-Control', 'public, max-age=60').json({ results: await searchAddresses(ctx.db, req.municipality.id, q, limit) });
  });
  router.use('/addresses', datasetUploadRoutes(ctx, ADDRESS_DATASET, 'admin'));
  return router;
}
