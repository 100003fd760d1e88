/**
 * Conditional GET, one implementation for every face (OGC API, tiles and their fast path, the
 * registry's JSON, photos): a client or a caching proxy that holds the current representation
 * gets a 304 with no body.
 *
 * If-None-Match (RFC 9110 §13.1.2): "*", or a comma-separated list of entity-tags, compared by the
 * weak comparison function (§8.8.3.2: W/"x" and "x" match; the opaque parts must be equal). An
 * entity-tag's opaque part may itself hold commas, so the list is read tag by tag, not split.
 *
 * Not Express's req.fresh: that also says "not fresh" when the request carries Cache-Control:
 * no-cache, as Node's fetch and browsers add to a revalidation, but an origin server answers
 * If-None-Match whatever the client asked of the caches on the way.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';

// an entity-tag: optional W/, then a quoted opaque part without DQUOTE (RFC 9110 §8.8.3)
const ENTITY_TAG = /\s*(W\/)?("[^"]*")\s*(?:,|$)/y;

/** The opaque parts of the listed tags, or '*'; an unreadable member is skipped, not fatal. */
function listedTags(header: string): '*' | string[] {
  if (header.trim() === '*') return '*';
  const tags: string[] = [];
  let at = 0;
  while (at < header.length) {
    ENTITY_TAG.lastIndex = at;
    const match = ENTITY_TAG.exec(header);
    if (match) {
      tags.push(match[2]);
      at = ENTITY_TAG.lastIndex;
    } else {
      const comma = header.indexOf(',', at);
      if (comma < 0) break;
      at = comma + 1;
    }
  }
  return tags;
}

const opaque = (etag: string) => etag.trim().replace(/^W\//, '');

/** Does an If-None-Match header name this entity-tag (or any, with "*")? */
export function ifNoneMatchHolds(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = listedTags(Array.isArray(header) ? header.join(',') : header);
  return tags === '*' || tags.includes(opaque(etag));
}

/** The same question of a plain node:http request (the tile fast path has no Express). */
export function clientHolds(headers: IncomingHttpHeaders, etag: string): boolean {
  return ifNoneMatchHolds(headers['if-none-match'], etag);
}

/**
 * When the client holds this tag: a 304 with the ETag and the headers a 304 must repeat (RFC 9110
 * §15.4.5: Cache-Control, Content-Location, Vary …), and true: the handler stops there. Else
 * nothing is set, so a failure further on goes out without the tag; the handler sets it with its
 * answer.
 */
export function answerIfNotModified(req: Request, res: Response, etag: string, headers: Record<string, string> = {}): boolean {
  if (!ifNoneMatchHolds(req.get('if-none-match'), etag)) return false;
  res.set({ ...headers, ETag: etag }).status(304).end();
  return true;
}

/** A weak entity-tag of a body that is cheaper to make again than to key (metadata documents). */
export function bodyETag(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Sends a small document with a tag of its own bytes: 304 when the client holds these bytes,
 * else the body with `type`. For documents with no version to key (the catalog, TileJSON, the
 * OGC metadata pages), which change with a release or the request's own parameters.
 */
export function sendRevalidated(req: Request, res: Response, body: string, type: string, headers: Record<string, string> = {}): void {
  const etag = bodyETag(body);
  if (answerIfNotModified(req, res, etag, headers)) return;
  res.set({ ...headers, ETag: etag }).type(type).send(body);
}
