/**
 * /:municipality/api/accessibility — the accessibility map (seed item 30.6, issue 10).
 *
 * Public (no sign-in):
 *   GET  /facilities/{id}            a facility's card: facts, entrances, grades with reasons, its building
 *   GET  /nearest?lon=&lat=&need=&at_least=&category=&feature=&limit=   nearest serving a need
 *   GET  /thresholds                 the thresholds grades are measured against, with sources
 *   GET  /export.a11y.geojson        A11yJSON PlaceInfos
 *   GET  /export.osm.geojson         OSM-tagged facilities and entrance=* nodes
 *   GET  /monitoring.csv             counts by category and grade (national monitoring)
 *   GET  /photos/{id}  /photos/{id}/thumbnail   a surveyor's photo of an entrance
 * Accessibility editors (and admins):
 *   POST /facilities   PATCH /facilities/{id}   GET /facilities/{id}/record  /history
 *   POST /facilities/{id}/entrances   PATCH|DELETE /facilities/{id}/entrances/{entranceId}
 *   POST /import                     CSV or GeoJSON through the shared importer
 *   POST /facilities/{id}/entrances/{entranceId}/photos   a photo of the measured thing (the image as the body)
 * Admins: PUT /thresholds/{code} {"value": n | null}  (null: back to the default); regrades all.
 */
import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { notFound } from '../errors.js';
import { fieldError, parseInput, pathId } from '../registry/validation.js';
import { gradeFacility, isFacilityFeature, NEEDS, type FacilityFeature } from '../rules/accessibility.js';
import { addEntrance, createFacility, facilityRecord, removeEntrance, updateEntrance, updateFacility } from './core/facilities.js';
import { regrade, thresholdsOf } from './core/grading.js';
import { accessibilityWrite, type Actor } from './core/write.js';
import { exportRoutes } from './exports.js';
import { photoRoutes } from './photos.js';
import { facilityHistory } from './history.js';
import { facilityBuilding, nearestFacilities, publicFacilities } from './public-data.js';
import { entrancePatch, facilityPatch, nearestQuery, newEntrance, newFacility, thresholdChange, thresholdCode } from './schemas.js';
import { datasetUploadRoutes } from '../imports/upload-routes.js';
import { FACILITY_DATASET } from '../../data-import/accessibility/dataset.js';

const actorOf = (req: Request): Actor => ({ municipalityId: req.municipality.id, userId: req.user!.id });
const PRIVATE = 'private, no-store';

export function accessibilityRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router({ mergeParams: true });
  const editor = requireRole('accessibility_editor');
  const admin = requireRole('admin');

  router.get('/facilities/:id', async (req, res) => {
    const [facility] = await publicFacilities(db, req.municipality.id, { id: pathId(req.params.id) });
    if (!facility) throw notFound('Заклад не знайдено. Facility not found.');
    const grading = gradeFacility(facility, await thresholdsOf(db, req.municipality.id));
    const building = await facilityBuilding(db, req.municipality.id, (facility.building_id as number | null) ?? null);
    res.set('Cache-Control', 'no-cache').json({ facility, building, grades: grading.grades, needs: NEEDS });
  });

  router.get('/nearest', async (req, res) => {
    const q = parseInput(nearestQuery, req.query);
    const features = (q.feature ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    const unknown = features.find((f) => !isFacilityFeature(f));
    if (unknown) throw fieldError('feature', unknown, 'невідома ознака', 'unknown feature');
    const items = await nearestFacilities(db, req.municipality.id, {
      lon: q.lon, lat: q.lat, need: q.need, atLeast: q.at_least, category: q.category, features: features as FacilityFeature[], limit: q.limit,
    });
    res.set('Cache-Control', 'no-cache').json({ need: q.need, at_least: q.at_least, from: [q.lon, q.lat], items });
  });

  router.get('/thresholds', async (req, res) => {
    const { rows } = await db.query(
      `SELECT code, value, default_value, overridden, unit, label_uk, label_en, source_uk, source_en, changed_at
       FROM accessibility_thresholds WHERE municipality_id = $1 ORDER BY code`, [req.municipality.id]);
    res.set('Cache-Control', 'no-cache').json({ thresholds: rows });
  });

  router.put('/thresholds/:code', admin, async (req, res) => {
    const code = thresholdCode.safeParse(req.params.code);
    if (!code.success) throw fieldError('code', req.params.code, 'невідомий поріг', 'unknown threshold');
    const { value } = parseInput(thresholdChange, req.body);
    const actor = actorOf(req);
    const regraded = await accessibilityWrite(ctx, actor, async (tx, written) => {
      const { rows: [before] } = await tx.query('SELECT value FROM accessibility_threshold WHERE municipality_id = $1 AND code = $2', [actor.municipalityId, code.data]);
      if (value === null) await tx.query('DELETE FROM accessibility_threshold WHERE municipality_id = $1 AND code = $2', [actor.municipalityId, code.data]);
      else {
        await tx.query(
          `INSERT INTO accessibility_threshold (municipality_id, code, value, changed_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (municipality_id, code) DO UPDATE SET value = EXCLUDED.value, changed_at = now(), changed_by = EXCLUDED.changed_by`,
          [actor.municipalityId, code.data, value, actor.userId]);
      }
      written.wrote('accessibility_threshold');
      await tx.query(
        `INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, before, after) VALUES ($1, $2, 'accessibility_threshold', $3, 'update', $4::jsonb, $5::jsonb)`,
        [actor.municipalityId, actor.userId, code.data, JSON.stringify(before ?? null), JSON.stringify({ value })]);
      return regrade(tx, written, actor.municipalityId, 'all');
    });
    res.json({ code: code.data, value, regraded });
  });

  router.get('/facilities/:id/record', editor, async (req, res) => {
    const record = await facilityRecord(db, req.municipality.id, pathId(req.params.id));
    if (!record) throw notFound('Заклад не знайдено. Facility not found.');
    res.set('Cache-Control', PRIVATE).json(record);
  });

  router.get('/facilities/:id/history', editor, async (req, res) => {
    const id = pathId(req.params.id);
    if (!(await facilityRecord(db, req.municipality.id, id))) throw notFound('Заклад не знайдено. Facility not found.');
    res.set('Cache-Control', PRIVATE).json({ facility_id: id, entries: await facilityHistory(db, req.municipality.id, id) });
  });

  router.post('/facilities', editor, async (req, res) => {
    const input = parseInput(newFacility, req.body);
    const actor = actorOf(req);
    const record = await accessibilityWrite(ctx, actor, (tx, written) => createFacility(tx, written, actor, input));
    res.status(201).location(`${req.baseUrl}/facilities/${record.id}`).json(record);
  });

  router.patch('/facilities/:id', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const input = parseInput(facilityPatch, req.body);
    const actor = actorOf(req);
    res.json(await accessibilityWrite(ctx, actor, (tx, written) => updateFacility(tx, written, actor, id, input)));
  });

  router.post('/facilities/:id/entrances', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const input = parseInput(newEntrance, req.body);
    const actor = actorOf(req);
    res.status(201).json(await accessibilityWrite(ctx, actor, (tx, written) => addEntrance(tx, written, actor, id, input)));
  });

  router.patch('/facilities/:id/entrances/:entranceId', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const entranceId = pathId(req.params.entranceId, 'entranceId');
    const input = parseInput(entrancePatch, req.body);
    const actor = actorOf(req);
    res.json(await accessibilityWrite(ctx, actor, (tx, written) => updateEntrance(tx, written, actor, id, entranceId, input)));
  });

  router.delete('/facilities/:id/entrances/:entranceId', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const entranceId = pathId(req.params.entranceId, 'entranceId');
    const actor = actorOf(req);
    res.json(await accessibilityWrite(ctx, actor, (tx, written) => removeEntrance(tx, written, actor, id, entranceId)));
  });

  router.use(datasetUploadRoutes(ctx, FACILITY_DATASET, 'accessibility_editor'));
  router.use(exportRoutes(ctx));
  router.use(photoRoutes(ctx));
  return router;
}
