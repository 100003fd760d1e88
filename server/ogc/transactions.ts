/**
 * OGC API – Features Part 4 (Create, Replace, Update, Delete) on the registry's collections, for
 * the architecture department's scripts and GIS clients: the same write core as the editor UI
 * (server/registry/core/objects.ts inside registryWrite), so the same field rules, the hromada's
 * boundary, the audit row and the collections marked changed.
 *
 *   POST   …/collections/maf/items            a GeoJSON Feature → 201, Location, ETag
 *   PUT    …/collections/maf/items/{id}       the whole feature (writable properties left out are cleared)
 *   PATCH  …/collections/maf/items/{id}       a JSON merge patch of the feature (RFC 7396)
 *   DELETE …/collections/maf/items/{id}       dismantles the object: the registry never forgets one,
 *                                             so it stays, with legality "dismantled"
 *
 * Who: a signed-in registry editor of this hromada, by the session cookie and its CSRF token in
 * X-CSRF-Token (a script signs in at POST /{municipality}/api/auth/login and keeps both).
 *
 * Concurrency: a feature's ETag carries its row_version ("…-v7"); If-Match with an older one is
 * refused with 412 and the change that came between. Without If-Match the edit applies to the
 * current version (a client that does not know ETags, as QGIS).
 *
 * Properties: the object's own fields (WRITABLE) are written; the derived ones the collection
 * publishes (legality, owner_name, revenue …) are ignored, so a client may send back the feature
 * it read; a name the collection does not have is a 400.
 */
import express, { Router, type Request, type Response } from 'express';
import type { Collection } from '../catalog/collections.js';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { requireRole } from '../auth/guards.js';
import { sessionReader } from '../auth/routes.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { createObject, dismantleObject, lockObject, updateObject } from '../registry/core/objects.js';
import { registryWrite, type Actor } from '../registry/core/write.js';
import { newObject, objectPatch, dismantle, type Geometry } from '../registry/schemas.js';
import { parseInput } from '../registry/validation.js';
import { CRS84, crsByName } from './crs.js';
import { readItem } from './features.js';
import { MEDIA } from './links.js';
import { dataStamp } from './stamp.js';

/** The collections Part 4 edits, and the geometry each takes. */
const EDITABLE: Record<string, { category: 'maf' | 'advertising'; geometry: 'point' | 'footprint' }> = {
  maf: { category: 'maf', geometry: 'point' },
  advertising: { category: 'advertising', geometry: 'point' },
  maf_footprints: { category: 'maf', geometry: 'footprint' },
};

export const isEditable = (collection: Collection): boolean => collection.id in EDITABLE;

/** The object's own fields a feature may set; owner_id and description are not published but may be written. */
const WRITABLE = [
  'type_code', 'address', 'width_m', 'height_m', 'sides', 'area_m2', 'lighting', 'installed_on', 'dismantled_on',
  'external_id', 'owner_id', 'monthly_fee_uah', 'description',
] as const;

/** The row_version of a registry feature, from its public view (undefined: no such feature here). */
export async function rowVersionOf(db: Queryable, collection: Collection, municipalityId: number, id: number): Promise<number | undefined> {
  if (!isEditable(collection) || !/^pub_[a-z_]+$/.test(collection.view)) return undefined;
  const { rows } = await db.query<{ row_version: number }>(
    `SELECT row_version FROM ${collection.view} WHERE municipality_id = $1 AND id = $2`, [municipalityId, id]);
  return rows[0]?.row_version;
}

/** The strong ETag of a registry feature: what the data is as of (the collection's stamp), and its row_version. */
export const featureEtag = (stamp: string, format: string, rowVersion: number): string => `"${stamp}-${format}-v${rowVersion}"`;

/** The row_version an If-Match names; '*' (any) and no header give undefined; a tag we never made, 0 (never current). */
function ifMatchVersion(req: Request): number | undefined {
  const header = req.get('If-Match');
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /-v(\d{1,10})"\s*$/.exec(header.split(',')[0]);
  return m ? Number(m[1]) : 0;
}

interface FeatureInput { properties: Record<string, unknown>; geometry?: unknown }

function featureOf(body: unknown, partial: boolean): FeatureInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Тіло запиту має бути об’єктом GeoJSON Feature. The body must be a GeoJSON Feature.', { field: '(тіло запиту)' });
  }
  const b = body as Record<string, unknown>;
  if (!partial && b.type !== 'Feature') throw badRequest('Очікується GeoJSON Feature ("type": "Feature"). Expected a GeoJSON Feature.', { field: 'type', value: b.type });
  const properties = b.properties ?? {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    throw badRequest('Поле «properties» має бути об’єктом. properties must be an object.', { field: 'properties' });
  }
  return { properties: properties as Record<string, unknown>, ...('geometry' in b ? { geometry: b.geometry } : {}) };
}

/** The writable fields a feature sets (unknown names refused, derived ones dropped). */
function writableFields(collection: Collection, properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(properties)) {
    if ((WRITABLE as readonly string[]).includes(name)) out[name] = value;
    else if (!collection.properties.some((p) => p.name === name)) {
      throw badRequest(`Колекція «${collection.id}» не має властивості «${name}». No property ${name} in ${collection.id} (writable: ${WRITABLE.join(', ')}).`, {
        field: `properties.${name}`, value,
      });
    }
  }
  return out;
}

function checkGeometryKind(collection: Collection, geometry: Geometry): void {
  const want = EDITABLE[collection.id].geometry;
  const ok = want === 'point' ? geometry.type === 'Point' : geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
  if (!ok) {
    throw badRequest(want === 'point'
      ? `Геометрія колекції «${collection.id}» — точка (контур МАФ — у maf_footprints). The geometry of ${collection.id} is a Point.`
      : `Геометрія колекції «${collection.id}» — контур (Polygon або MultiPolygon). The geometry of ${collection.id} is a footprint.`, {
      field: 'geometry', value: geometry.type,
    });
  }
}

/**
 * The geometry to store for a point written to a point collection. An object drawn as a
 * footprint is published there as a point inside it: moving that point moves the footprint by
 * the same offset, and the same point leaves it as it is.
 */
async function storedGeometry(tx: Queryable, collection: Collection, municipalityId: number, id: number, geometry: Geometry): Promise<Geometry | undefined> {
  if (EDITABLE[collection.id].geometry !== 'point') return geometry;
  const { rows: [r] } = await tx.query<{ footprint: boolean; same: boolean; moved: Geometry }>(
    `SELECT GeometryType(o.geom) <> 'POINT' AS footprint,
            ST_DWithin(ST_PointOnSurface(o.geom), p.g, 1e-9) AS same,
            ST_AsGeoJSON(ST_Translate(o.geom, ST_X(p.g) - ST_X(ST_PointOnSurface(o.geom)), ST_Y(p.g) - ST_Y(ST_PointOnSurface(o.geom))), 9)::json AS moved
     FROM registry_object o, (SELECT ST_SetSRID(ST_GeomFromGeoJSON($3), 4326) AS g) p
     WHERE o.municipality_id = $1 AND o.id = $2`,
    [municipalityId, id, JSON.stringify(geometry)],
  );
  if (!r || !r.footprint) return geometry;
  return r.same ? undefined : r.moved;
}

/** A stale row_version, as the core reports it (409), is a failed precondition when the client sent If-Match. */
function asPreconditionFailed(error: unknown, sentIfMatch: boolean): unknown {
  if (sentIfMatch && error instanceof AppError && error.status === 409 && error.details.field === 'row_version') {
    return new AppError(412, 'PreconditionFailed', error.message, error.details);
  }
  return error;
}

export function ogcTransactionRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  // Part 4 bodies come as GeoJSON and merge patches; application/json is parsed by the app already
  const body = express.json({ type: [MEDIA.geojson, 'application/merge-patch+json', MEDIA.json], limit: '1mb' });
  const guard = [sessionReader(ctx), requireRole('registry_editor'), body];

  const editableOf = (req: Request): Collection => {
    const collection = ctx.catalog.get(String(req.params.collectionId));
    if (!collection) throw notFound(`Колекції «${req.params.collectionId}» немає. No such collection.`);
    if (!isEditable(collection)) {
      throw new AppError(405, 'MethodNotAllowed', `Колекцію «${collection.id}» не можна змінювати через OGC API. ${collection.id} is read-only here (editable: ${Object.keys(EDITABLE).join(', ')}).`);
    }
    const crs = req.get('Content-Crs');
    if (crs !== undefined && crsByName(crs.replace(/^<|>$/g, '')) !== CRS84) {
      throw badRequest(`Приймаються координати лише в CRS84. Only CRS84 coordinates are accepted (Content-Crs: <${CRS84.uri}>).`, { parameter: 'Content-Crs', value: crs });
    }
    return collection;
  };
  const idOf = (req: Request): number => {
    const raw = String(req.params.featureId);
    const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(id <= 2_147_483_647)) throw notFound(`Об’єкта ${raw} немає. No feature ${raw}.`);
    return id;
  };
  const actorOf = (req: Request): Actor => ({ municipalityId: req.municipality.id, userId: req.user!.id });

  /** Answers with the feature as the collection now publishes it, and its new ETag. */
  async function answer(req: Request, res: Response, collection: Collection, id: number, status: number): Promise<void> {
    const m = req.municipality;
    const [text, version, stamp] = await Promise.all([
      readItem(ctx.db, collection, m, id, CRS84), rowVersionOf(ctx.db, collection, m.id, id), dataStamp(ctx, m, collection),
    ]);
    if (version !== undefined) res.set('ETag', featureEtag(stamp, 'json', version));
    res.status(status).set('Cache-Control', 'no-store').type(MEDIA.geojson).send(text ?? 'null');
  }

  router.post('/collections/:collectionId/items', ...guard, async (req, res) => {
    const collection = editableOf(req);
    const feature = featureOf(req.body, false);
    // a client sends every field it has: an empty one on a new object is one not given
    const given = Object.fromEntries(Object.entries(writableFields(collection, feature.properties)).filter(([, v]) => v !== null));
    const input = parseInput(newObject, { ...given, geometry: feature.geometry });
    checkGeometryKind(collection, input.geometry);
    const actor = actorOf(req);
    const record = await registryWrite(ctx, actor, async (tx, written) => {
      await requireCategory(tx, actor.municipalityId, input.type_code, collection);
      return createObject(tx, written, actor, input);
    });
    res.location(`${req.baseUrl}/collections/${collection.id}/items/${record.id}`);
    await answer(req, res, collection, record.id, 201);
  });

  const edit = (replace: boolean) => async (req: Request, res: Response) => {
    const collection = editableOf(req);
    const id = idOf(req);
    const feature = featureOf(req.body, !replace);
    const fields = writableFields(collection, feature.properties);
    if (replace) {
      for (const name of WRITABLE) if (!(name in fields) && name !== 'type_code') fields[name] = null;
      if (feature.geometry === undefined) throw badRequest('Заміна потребує геометрії. A replacement needs the geometry.', { field: 'geometry' });
    }
    const sent = ifMatchVersion(req);
    const actor = actorOf(req);
    try {
      await registryWrite(ctx, actor, async (tx, written) => {
        const current = await lockObject(tx, actor.municipalityId, id);
        if (current.category !== EDITABLE[collection.id].category) throw notFound(`У колекції «${collection.id}» немає об’єкта ${id}. No feature ${id} in ${collection.id}.`);
        let geometry: Geometry | undefined;
        if (feature.geometry !== undefined) {
          const parsed = parseInput(objectPatch.pick({ geometry: true }), { geometry: feature.geometry }).geometry!;
          checkGeometryKind(collection, parsed);
          geometry = await storedGeometry(tx, collection, actor.municipalityId, id, parsed);
        }
        if (typeof fields.type_code === 'string') await requireCategory(tx, actor.municipalityId, fields.type_code, collection);
        const patch = parseInput(objectPatch, {
          ...fields, ...(geometry ? { geometry } : {}), row_version: sent ?? current.row_version,
        });
        return updateObject(tx, written, actor, id, patch);
      });
    } catch (error) {
      throw asPreconditionFailed(error, sent !== undefined);
    }
    await answer(req, res, collection, id, 200);
  };
  router.put('/collections/:collectionId/items/:featureId', ...guard, edit(true));
  router.patch('/collections/:collectionId/items/:featureId', ...guard, edit(false));

  router.delete('/collections/:collectionId/items/:featureId', ...guard, async (req, res) => {
    const collection = editableOf(req);
    const id = idOf(req);
    const sent = ifMatchVersion(req);
    const actor = actorOf(req);
    try {
      await registryWrite(ctx, actor, async (tx, written) => {
        const current = await lockObject(tx, actor.municipalityId, id);
        if (current.category !== EDITABLE[collection.id].category) throw notFound(`У колекції «${collection.id}» немає об’єкта ${id}. No feature ${id} in ${collection.id}.`);
        return dismantleObject(tx, written, actor, id, parseInput(dismantle, { row_version: sent ?? current.row_version }));
      });
    } catch (error) {
      throw asPreconditionFailed(error, sent !== undefined);
    }
    await answer(req, res, collection, id, 200);
  });

  return router;
}

/** A MAF type for a MAF collection, an advertising type for advertising. */
async function requireCategory(tx: Queryable, municipalityId: number, typeCode: string, collection: Collection): Promise<void> {
  const { rows } = await tx.query<{ category: string }>(
    'SELECT category FROM object_type WHERE code = $1 AND (municipality_id IS NULL OR municipality_id = $2)', [typeCode, municipalityId]);
  const want = EDITABLE[collection.id].category;
  if (rows[0] && rows[0].category !== want) {
    throw badRequest(`Тип «${typeCode}» не належить до колекції «${collection.id}». Type ${typeCode} is not a ${want} type.`, { field: 'properties.type_code', value: typeCode });
  }
}
