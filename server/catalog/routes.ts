import { Router } from 'express';
import type { AppContext } from '../context.js';
import { sendRevalidated } from '../http/conditional.js';
import { catalogDocument } from './document.js';

/**
 * GET /:municipality/api/catalog — what the map client needs to draw this hromada (document.ts),
 * straight from the server's catalog.
 */
export function catalogRoutes({ config, catalog }: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/catalog', (req, res) => {
    const body = JSON.stringify(catalogDocument(catalog, req.municipality, config));
    sendRevalidated(req, res, body, 'application/json', { 'Cache-Control': 'public, max-age=60' });
  });
  return router;
}
