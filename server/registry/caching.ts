import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { markChanged } from '../catalog/changes.js';
import type { CollectionVersions } from '../catalog/versions.js';
import { answerIfNotModified } from '../http/conditional.js';

/** The registry's own tables: a write to any of them may change either layer (an owner stands on objects of both). */
const REGISTRY_TABLES = ['registry_object', 'owner'];

/**
 * After a committed write that may touch either layer: this process's tiles and ETags change at
 * once (other processes hear the triggers' NOTIFY). Kept for the registry's routes until their
 * write core calls markChanged with the tables it wrote.
 */
export function registryLayersChanged(versions: CollectionVersions, municipalityId: number): void {
  markChanged(versions, municipalityId, REGISTRY_TABLES);
}

/**
 * The collections a registry answer reads: the registry itself (triggers on objects, owners,
 * permits, payments and photos bump 'maf' and 'advertising'), the districts (the district filter,
 * the panel's deputy) and the address points (the export's postcodes).
 */
const DEPENDS_ON = ['maf', 'advertising', 'districts', 'addresses'];

const CACHE_CONTROL = 'public, no-cache';

/**
 * ETags for the public registry answers. An answer depends on the versions of DEPENDS_ON and on
 * the database's day (legality and "this year" are as of today), so the tag is those, plus the
 * request: known without touching the registry tables, so a revalidation (a browser, a caching
 * proxy) costs no query and gets a 304. `no-cache` lets caches keep the answer but ask each time:
 * an editor's change shows at once.
 */
export function registryETag({ versions, today }: AppContext): RequestHandler {
  return async (req, res, next) => {
    const m = req.municipality.id;
    const [state, day] = await Promise.all([Promise.all(DEPENDS_ON.map((c) => versions.get(m, c))), today.get()]);
    const request = createHash('sha256').update(`${req.get('host') ?? ''}${req.originalUrl}`).digest('base64url').slice(0, 16);
    const tag = `W/"reg.${state.join('.')}@${day}.${request}"`;
    if (answerIfNotModified(req, res, tag, { 'Cache-Control': CACHE_CONTROL })) return;
    res.set({ ETag: tag, 'Cache-Control': CACHE_CONTROL });
    next();
  };
}
