/**
 * Photos of an entrance's measured things: POST …/facilities/{id}/entrances/{entranceId}/photos
 * (the image as the body, ?caption=), by surveyors, through the shared photo pipeline
 * (server/media/photo.ts) and the write core's transaction with an audit row; GET /photos/{id}
 * and /photos/{id}/thumbnail for everyone (pub_facility_photos).
 */
import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { notFound } from '../errors.js';
import { normalizePhoto } from '../media/photo.js';
import { pathId } from '../registry/validation.js';
import { recordChange } from '../audit/audit.js';
import { accessibilityWrite } from './core/write.js';

const MAX_UPLOAD = 15 * 1024 * 1024;

export function photoRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  const raw = express.raw({ type: () => true, limit: MAX_UPLOAD });

  router.post('/facilities/:id/entrances/:entranceId/photos', requireRole('accessibility_editor'), raw, async (req, res) => {
    const facilityId = pathId(req.params.id);
    const entranceId = pathId(req.params.entranceId, 'entranceId');
    const photo = await normalizePhoto(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    const caption = typeof req.query.caption === 'string' && req.query.caption.trim() ? req.query.caption.trim().slice(0, 500) : null;
    const actor = { municipalityId: req.municipality.id, userId: req.user!.id };
    const id = await accessibilityWrite(ctx, actor, async (tx) => {
      const { rows: [e] } = await tx.query('SELECT 1 FROM facility_entrance WHERE id = $1 AND facility_id = $2 AND municipality_id = $3', [entranceId, facilityId, actor.municipalityId]);
      if (!e) throw notFound('Вхід не знайдено. Entrance not found.');
      const { rows: [{ id: photoId }] } = await tx.query<{ id: number }>(
        `INSERT INTO facility_photo (municipality_id, facility_id, entrance_id, caption, image, thumbnail, width, height, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [actor.municipalityId, facilityId, entranceId, caption, photo.image, photo.thumbnail, photo.width, photo.height, actor.userId]);
      await recordChange(tx, { ...actor, entity: 'facility_photo', entityId: photoId, action: 'create', after: { facility_id: facilityId, entrance_id: entranceId, caption, width: photo.width, height: photo.height } });
      return photoId;
    });
    res.status(201).json({ id, facility_id: facilityId, entrance_id: entranceId, caption, width: photo.width, height: photo.height, url: `${req.baseUrl}/photos/${id}` });
  });

  for (const [suffix, column] of [['', 'image'], ['/thumbnail', 'thumbnail']] as const) {
    router.get(`/photos/:id${suffix}`, async (req, res) => {
      const { rows: [p] } = await ctx.db.query<{ bytes: Buffer }>(
        `SELECT ${column} AS bytes FROM pub_facility_photos WHERE municipality_id = $1 AND id = $2`, [req.municipality.id, pathId(req.params.id)]);
      if (!p) throw notFound('Фото не знайдено. Photo not found.');
      res.type('image/jpeg').set('Cache-Control', 'public, max-age=86400').send(Buffer.from(p.bytes));
    });
  }
  return router;
}
