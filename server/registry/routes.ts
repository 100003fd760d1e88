/**
 * /:municipality/api/registry — the registry of MAFs and advertising structures (seed item 30.5).
 *
 * Public (no sign-in):
 *   GET  /objects?category=&type=&legality=&owner=&district=&q=&limit=&offset=&sort=   the table
 *   GET  /objects/{id}                 an object's panel
 *   GET  /owners?q=  /owners/{id}      owners, an owner's page
 *   GET  /stats?…filters               figures for the city (or a district)
 *   GET  /export.csv  /export.geojson  the open-data set "Інформація про рекламні засоби"
 *   GET  /photos/{id}                  a photo
 *   GET  /types  /publisher            object types; who publishes the registry
 * Registry editors (and admins):
 *   POST /objects   PATCH /objects/{id}   POST /objects/{id}/dismantle
 *   GET  /objects/{id}/record  /history  /permits  /payments
 *   POST /objects/{id}/permits   PATCH /objects/{id}/permits/{permitId}
 *   POST /objects/{id}/payments   POST /objects/{id}/payments/{paymentId}/correction (reversal + new entry)
 *   POST /objects/{id}/photos    DELETE /objects/{id}/photos/{photoId}
 *   POST /owners   PATCH /owners/{id}   GET /owners/{id}/private
 * Admins: POST /types, PATCH /publisher.
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { documentEditorRoutes } from './documents-editor.js';
import { exportRoutes } from './exports.js';
import { importRoutes } from './import-routes.js';
import { objectEditorRoutes } from './objects-editor.js';
import { ownerEditorRoutes } from './owners-editor.js';
import { photoRoutes } from './photos.js';
import { publicRoutes } from './public-routes.js';
import { publisherRoutes } from './publisher.js';
import { typeRoutes } from './types.js';

export function registryRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.use(exportRoutes(ctx));
  router.use(objectEditorRoutes(ctx));
  router.use(importRoutes(ctx));
  router.use(documentEditorRoutes(ctx));
  router.use(photoRoutes(ctx));
  router.use(ownerEditorRoutes(ctx));
  router.use(typeRoutes(ctx));
  router.use(publisherRoutes(ctx));
  router.use(publicRoutes(ctx));
  return router;
}
