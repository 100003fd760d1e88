/**
 * /:municipality/api/places — the hromada's base places. Admins:
 *   POST /addresses/import   the address register (CSV or GeoJSON) through the one importer
 */
import { Router } from 'express';
import { ADDRESS_DATASET } from '../../data-import/addresses/dataset.js';
import type { AppContext } from '../context.js';
import { datasetUploadRoutes } from '../imports/upload-routes.js';

export function placeRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.use('/addresses', datasetUploadRoutes(ctx, ADDRESS_DATASET, 'admin'));
  return router;
}
