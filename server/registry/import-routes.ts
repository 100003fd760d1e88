/**
 * POST /:municipality/api/registry/import — a spreadsheet (CSV) or GeoJSON of the registry,
 * uploaded by a registry editor from the map, with a preview (../imports/upload-routes.ts).
 */
import type { Router } from 'express';
import { REGISTRY_DATASET } from '../../data-import/registry/import.js';
import type { AppContext } from '../context.js';
import { datasetUploadRoutes } from '../imports/upload-routes.js';

export function importRoutes(ctx: AppContext): Router {
  return datasetUploadRoutes(ctx, REGISTRY_DATASET, 'registry_editor');
}
