/**
 * ETags for the public answers of /api/districts. An answer is made of the collections it reads
 * (their versions: triggers bump them on every write, see server/catalog/versions.ts) and of the
 * database's day (figures count the last 12 months; legality is "as of today"), plus the request
 * itself; so a revalidation costs no query of the districts' tables and gets a 304, and an edit of
 * a district, a deputy, a vote or a comment gives the next answer a new tag. `no-cache`: caches
 * keep the answer but ask each time, so an edit shows at once.
 */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { answerIfNotModified } from '../http/conditional.js';

/** What each kind of answer reads, beyond 'districts' (districts, deputies, elections, and the accounts tied to deputies). */
export const READS = {
  districts: ['districts'],
  /** a point's district, and whether it lies outside the hromada's boundary */
  point: ['districts', 'boundary'],
  /** a deputy's page (attendance) and their roll-call votes */
  votes: ['districts', 'votes'],
  /** what a deputy answered: comments and their steps; which accounts are tied to them moves 'districts' */
  answers: ['districts', 'comments'],
  /** the figures: the registry, the accessibility map, the comments */
  figures: ['districts', 'maf', 'advertising', 'facilities', 'comments'],
  /** deputies for an address: the address register's search */
  address: ['districts', 'boundary', 'addresses'],
} as const;

const CACHE_CONTROL = 'public, no-cache';

export function districtsETag({ versions, today }: AppContext, reads: readonly string[]): RequestHandler {
  return async (req, res, next) => {
    const m = req.municipality.id;
    const [state, day] = await Promise.all([Promise.all(reads.map((c) => versions.get(m, c))), today.get()]);
    const request = createHash('sha256').update(`${req.get('host') ?? ''}${req.originalUrl}`).digest('base64url').slice(0, 16);
    const tag = `W/"dst.${state.join('.')}@${day}.${request}"`;
    if (answerIfNotModified(req, res, tag, { 'Cache-Control': CACHE_CONTROL })) return;
    res.set({ ETag: tag, 'Cache-Control': CACHE_CONTROL });
    next();
  };
}
