import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import type { CollectionVersions } from '../catalog/versions.js';
import { DatabaseDay } from '../tiles/database-day.js';

/** The two layers every registry record can show in (an owner, say, stands on objects of both). */
const REGISTRY_LAYERS = ['maf', 'advertising'] as const;

/**
 * After a committed write that may touch either layer: this process's tiles and ETags change at
 * once (other processes hear the triggers' NOTIFY).
 */
export function registryLayersChanged(versions: CollectionVersions, municipalityId: number): void {
  for (const layer of REGISTRY_LAYERS) versions.invalidate(municipalityId, layer);
}

/**
 * The collections a registry answer reads: the registry itself (triggers on objects, owners,
 * permits, payments and photos bump 'maf' and 'advertising'), the districts (the district filter,
 * the panel's deputy) and the address points (the export's postcodes).
 */
const DEPENDS_ON = ['maf', 'advertising', 'districts', 'addresses'];

/**
 * ETags for the public registry answers. An answer depends on the versions of DEPENDS_ON and on
 * the database's day (legality and "this year" are as of today), so the tag is those, plus the
 * request: known without touching the registry tables, so a revalidation (a browser, a caching
 * proxy) costs no query and gets a 304. `no-cache` lets caches keep the answer but ask each time:
 * an editor's change shows at once.
 */
export function registryETag({ db, versions }: AppContext): RequestHandler {
  const day = new DatabaseDay(db);
  return async (req, res, next) => {
    const m = req.municipality.id;
    const [state, today] = await Promise.all([Promise.all(DEPENDS_ON.map((c) => versions.get(m, c))), day.get()]);
    const request = createHash('sha256').update(`${req.get('host') ?? ''}${req.originalUrl}`).digest('base64url').slice(0, 16);
    const tag = `W/"reg.${state.join('.')}@${today}.${request}"`;
    res.set('ETag', tag);
    res.set('Cache-Control', 'public, no-cache');
    const sent = req.get('if-none-match');
    if (sent && sent.split(',').some((t) => t.trim() === tag)) {
      res.status(304).end();
      return;
    }
    next();
  };
}
