import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AppContext } from '../context.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Collection } from '../catalog/collections.js';
import { isTileAddress } from '../../tiles/tile-grid.js';
import { sendTile } from './tile-response.js';
import { tileServiceFor } from './tile-service.js';

// /{hromada}/tiles/{collection[,collection…]}/{z}/{x}/{y}.mvt[?…], numbers without leading zeros
const TILE_URL = /^\/([a-z][a-z0-9-]{1,40})\/tiles\/([a-z_,]{1,200})\/(0|[1-9]\d{0,8})\/(0|[1-9]\d{0,8})\/(0|[1-9]\d{0,8})\.mvt(?:\?.*)?$/;

function collectionsNamed(catalog: Catalog, list: string): Collection[] | undefined {
  const ids = list.split(',');
  if (new Set(ids).size !== ids.length) return undefined;
  const collections = ids.map((id) => catalog.get(id));
  return collections.every((c) => c !== undefined) ? (collections as Collection[]) : undefined;
}

/**
 * A request listener for node:http that answers well-formed tile requests itself and hands
 * everything else to `app` (the Express application), wired as
 *
 *     createServer(tileFastPath(ctx, createApp(ctx)))
 *
 * Why: a warm tile is a Map lookup, but the Express stack in front of it (request logging,
 * helmet, routers matched layer by layer) costs several times that; measured by `npm run bench`
 * (tiles/README.md). Tiles are public, cacheable bytes that need none of it. The answers are
 * the same as the Express route's (sendTile is shared, and so is the tile service); anything
 * the fast path would refuse — a bad address, an unknown hromada or collection, an encoded URL —
 * and any failure while answering go to Express, so errors are rendered and logged in one place.
 */
export function tileFastPath(ctx: AppContext, app: RequestListener): RequestListener {
  const tiles = tileServiceFor(ctx);
  return (req: IncomingMessage, res: ServerResponse) => {
    const match = req.method === 'GET' || req.method === 'HEAD' ? TILE_URL.exec(req.url ?? '') : null;
    const municipality = match && ctx.municipalities.get(match[1]);
    const collections = match && collectionsNamed(ctx.catalog, match[2]);
    const address = match && { z: Number(match[3]), x: Number(match[4]), y: Number(match[5]) };
    if (!municipality || !collections || !address || !isTileAddress(address)) {
      app(req, res);
      return;
    }
    sendTile(req, res, tiles, municipality.id, collections, address).catch(() => {
      if (res.headersSent) res.destroy();
      else app(req, res); // Express runs the same route and renders and logs the error
    });
  };
}
