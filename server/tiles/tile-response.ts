import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Collection } from '../catalog/collections.js';
import { clientHolds } from '../http/conditional.js';
import { MVT_MEDIA_TYPE } from '../../tiles/encode.js';
import type { TileAddress } from '../../tiles/tile-grid.js';
import type { TileService } from './tile-service.js';

/**
 * Any cache may keep a tile, but must ask before each use (RFC 9111 §5.2.2.4 no-cache): an edit
 * shows on the very next request, and asking is a 304 of a few hundred bytes when nothing changed
 * (the ETag is known without building anything, and the fast path answers it). So the map client
 * revalidates instead of adding a cache-busting parameter, and a caching proxy in front follows
 * the same rule.
 */
export const TILE_CACHE_CONTROL = 'public, no-cache';

/** Bumped when the encoding changes, so ETags of tiles an older build made stop matching. */
const TILE_FORMAT = 'mvt1';

/** Smaller tiles are sent as they are: gzip would save less than its header costs. */
const GZIP_THRESHOLD = 512;

/** A tile's ETag: the hromada and a tag of its layers' versions and day (TileState's, or the tile's own). */
const etagOf = (municipalityId: number, tag: string) => `W/"${TILE_FORMAT}-${municipalityId}-${tag}"`;

/** Accept-Encoding (RFC 9110 §12.5.3): gzip, or *, with a non-zero q. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((entry) => {
    const [coding, ...params] = entry.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Answers one tile request on a plain Node response (Express's extends it): 304 when the client
 * holds this version, 204 when no layer has a feature there, else the MVT bytes, gzipped when
 * the client accepts it. Headers: the ETag and Cache-Control above, and the ones that let any
 * site and GIS client use public tiles (CORS, Cross-Origin-Resource-Policy).
 */
export async function sendTile(
  req: IncomingMessage,
  res: ServerResponse,
  tiles: TileService,
  municipalityId: number,
  collections: readonly Collection[],
  { z, x, y }: TileAddress,
): Promise<void> {
  const state = await tiles.state(municipalityId, collections);
  const current = etagOf(municipalityId, state.tag);
  // Written only with the status line, so a failure on the way leaves no tile headers on the error.
  const headers: Record<string, string | number> = {
    ETag: current,
    'Cache-Control': TILE_CACHE_CONTROL,
    Vary: 'Accept-Encoding',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  };
  // tagged with the layers' current versions: current whatever the tile is, known without an index
  if (clientHolds(req.headers, current)) {
    res.writeHead(304, headers).end();
    return;
  }
  // the tile's own tag: the versions at which its bytes last changed, so an edit elsewhere keeps it
  const { bytes, tag, key } = await tiles.tile(state, z, x, y);
  headers.ETag = etagOf(municipalityId, tag);
  if (clientHolds(req.headers, headers.ETag)) {
    res.writeHead(304, headers).end();
    return;
  }
  if (!bytes) {
    res.writeHead(204, headers).end();
    return;
  }
  const gzip = bytes.byteLength >= GZIP_THRESHOLD && acceptsGzip(req.headers['accept-encoding']);
  const body = gzip ? tiles.gzip(key, bytes) : bytes;
  headers['Content-Type'] = MVT_MEDIA_TYPE;
  headers['Content-Length'] = body.byteLength;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers).end(body);
}
