import { Router } from 'express';
import type { AppContext } from '../context.js';
import { sendRevalidated } from '../http/conditional.js';
import { publicOrigin } from '../http/public-url.js';
import { parseCollections, parseTileAddress } from './schema.js';
import { sendTile, TILE_CACHE_CONTROL } from './tile-response.js';
import { tileServiceFor } from './tile-service.js';
import { tileJson } from './tilejson.js';

/**
 * /:municipality/tiles — Mapbox Vector Tiles of the catalog's collections, and their TileJSON.
 *   GET /{collection}/{z}/{x}/{y}.mvt    one layer
 *   GET /{a,b,c}/{z}/{x}/{y}.mvt         a combined tile, layers in the order named
 *   GET /{collection}.json               TileJSON 3.0.0 (a combined list works too)
 * A bad address is a 400, an unknown collection a 404 (thrown, rendered by the error middleware).
 * fast-path.ts answers the same tile URLs without Express, where the server wires it in.
 */
export function tileRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  const tiles = tileServiceFor(ctx);

  router.get('/:collections/:z/:x/:y.mvt', async (req, res) => {
    const collections = parseCollections(ctx.catalog, req.params.collections);
    const address = parseTileAddress(req.params);
    await sendTile(req, res, tiles, req.municipality.id, collections, address);
  });

  router.get('/:collections.json', (req, res) => {
    const collections = parseCollections(ctx.catalog, req.params.collections);
    const doc = tileJson(publicOrigin(req, ctx.config), req.municipality, collections);
    sendRevalidated(req, res, JSON.stringify(doc), 'application/json', {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': TILE_CACHE_CONTROL,
    });
  });

  return router;
}
