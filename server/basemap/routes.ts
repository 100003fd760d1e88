/**
 * /:municipality/api/basemap — the hromada's own base map (issue 8). Admins:
 *   POST /streets/import     street centre lines with names (GeoJSON, or CSV with WKT)
 *   POST /buildings/import   building footprints with address and storeys
 * through the one importer (data-import/basemap/), with its preview (dry run) and report.
 */
import { Router } from 'express';
import { BUILDING_DATASET } from '../../data-import/basemap/buildings.js';
import { STREET_DATASET } from '../../data-import/basemap/streets.js';
import type { AppContext } from '../context.js';
import { datasetUploadRoutes } from '../imports/upload-routes.js';

export function baseMapRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.use('/streets', datasetUploadRoutes(ctx, STREET_DATASET, 'admin'));
  router.use('/buildings', datasetUploadRoutes(ctx, BUILDING_DATASET, 'admin'));
  return router;
}
