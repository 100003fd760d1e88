/**
 * Absolute links of the OGC API. The base is the server's public origin: PUBLIC_URL when the
 * deployment sets it (behind a proxy), else the request's own scheme and a validated host. Links to the same resource keep every query
 * parameter of the request and change only what they must (`f`, `offset`): a `next` link that
 * dropped `bbox` would make a client such as GDAL walk the whole collection.
 */
import type { Request } from 'express';
import type { Config } from '../config.js';
import { publicOrigin } from '../http/public-url.js';
import type { Municipality } from '../municipalities/directory.js';

export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  html: 'text/html',
  schema: 'application/schema+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
} as const;

/** The absolute URL of /{municipality}/ogc for this request (server/http/public-url.ts). */
export function ogcBase(req: Request, config: Pick<Config, 'PUBLIC_URL'>, municipality: Municipality): string {
  return `${publicOrigin(req, config)}/${encodeURIComponent(municipality.slug)}/ogc`;
}

/** The request's query string as parameters, in their order (repeated ones kept). */
export function requestParams(req: Request): URLSearchParams {
  const url = req.originalUrl;
  const at = url.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
}

/** `url` with `params`, each change applied in place (undefined removes), the rest untouched. */
export function withParams(url: string, params: URLSearchParams, changes: Record<string, string | undefined> = {}): string {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) next.delete(name);
    else next.set(name, value);
  }
  const query = next.toString();
  return query ? `${url}?${query}` : url;
}

/** self (this format) and alternate (the other) links of a resource. */
export function selfAndAlternate(url: string, params: URLSearchParams, format: 'json' | 'html', jsonType: string = MEDIA.json): Link[] {
  const json: Link = { href: withParams(url, params, { f: 'json' }), rel: 'self', type: jsonType, title: 'Цей документ (JSON)' };
  const html: Link = { href: withParams(url, params, { f: 'html' }), rel: 'alternate', type: MEDIA.html, title: 'Цей документ (HTML)' };
  return format === 'json'
    ? [json, html]
    : [{ ...html, rel: 'self', title: 'Цей документ (HTML)' }, { ...json, rel: 'alternate', title: 'Цей документ (JSON)' }];
}
