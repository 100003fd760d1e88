/**
 * A resident's new comment and a resident's support: the write core's entry for the map's form,
 * Open311 POST and the demo alike. The place is a point inside the hromada, or the object's own
 * point (a catalog collection's feature, so a kiosk, a facility or a district all work).
 */
import type { Catalog } from '../../catalog/catalog.js';
import type { Queryable } from '../../db/database.js';
import { badRequest, notFound } from '../../errors.js';
import { COMMENT_LIMITS } from '../../rules/comments.js';
import { newToken, tokenHash } from './privacy.js';
import { recordStep, type Written } from './write.js';

export interface NewComment {
  municipalityId: number;
  category: string;
  body: string;
  lon?: number;
  lat?: number;
  target?: { collection: string; id: number };
  name?: string | null;
  showName?: boolean;
  email?: string | null;
  /** Open311's photo link (kept as a link, never fetched). */
  mediaUrl?: string | null;
  clientHash: string | null;
}

export interface Submitted {
  id: number;
  /** The private link's token: given to the author once, stored only as its hash. */
  token: string;
  status: 'new';
}

const REGISTRY_COLLECTIONS = new Set(['maf', 'advertising']);

/** The point of a catalog feature (its point on surface), or a 400 naming the target. */
async function targetPoint(tx: Queryable, catalog: Catalog, municipalityId: number, target: { collection: string; id: number }): Promise<[number, number]> {
  const collection = catalog.get(target.collection);
  if (!collection || collection.id === 'comments') {
    throw badRequest(`Невідомий шар «${target.collection}». Unknown layer: ${target.collection}.`, { field: 'target.collection', value: target.collection });
  }
  // the view's name comes from the catalog (an allowlist), never from the request
  const { rows } = await tx.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM ${collection.view}
     WHERE municipality_id = $1 AND id = $2) s`,
    [municipalityId, target.id],
  );
  if (!rows[0]) throw badRequest(`Об’єкта ${target.collection}/${target.id} немає в цій громаді. No such object here.`, { field: 'target.id', value: target.id });
  return [rows[0].lon, rows[0].lat];
}

export async function submitComment(tx: Queryable, written: Written, catalog: Catalog, input: NewComment): Promise<Submitted> {
  const { rows: categories } = await tx.query<{ code: string }>(
    'SELECT code FROM comment_category WHERE municipality_id = $1 AND code = $2 AND active', [input.municipalityId, input.category]);
  if (!categories[0]) throw badRequest(`Невідома тема «${input.category}». Unknown category.`, { field: 'category', value: input.category });
  let [lon, lat] = [input.lon, input.lat];
  if (lon === undefined || lat === undefined) [lon, lat] = await targetPoint(tx, catalog, input.municipalityId, input.target!);
  else if (input.target) await targetPoint(tx, catalog, input.municipalityId, input.target); // it must exist
  const { rows: inside } = await tx.query<{ ok: boolean }>(
    'SELECT ST_Covers(boundary, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS ok FROM municipality WHERE id = $1', [input.municipalityId, lon, lat]);
  if (!inside[0]?.ok) throw badRequest('Точка поза межами громади. The point is outside the hromada.', { field: 'lon', value: lon });

  const token = newToken();
  const target = input.target ?? null;
  const name = input.name?.trim() || null;
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO comment (municipality_id, geom, category, body, status, author_name, author_name_shown, author_email,
                          author_token_hash, client_hash, target_collection, target_id, registry_object_id, facility_id, media_url)
     VALUES ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, $5, 'new', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING id`,
    [
      input.municipalityId, lon, lat, input.category, input.body.trim(), name, input.showName ?? name !== null,
      input.email?.trim() || null, tokenHash(token), input.clientHash, target?.collection ?? null, target?.id ?? null,
      target && REGISTRY_COLLECTIONS.has(target.collection) ? target.id : null,
      target?.collection === 'facilities' ? target.id : null, input.mediaUrl ?? null,
    ],
  );
  written.wrote('comment');
  const id = rows[0].id;
  await recordStep(tx, written, {
    municipalityId: input.municipalityId, commentId: id, action: 'submit', actorKind: 'author', userId: null,
    fromStatus: null, toStatus: 'new', note: null, public: false,
  });
  return { id, token, status: 'new' };
}

export interface SimilarComment {
  id: number;
  category: string;
  status: string;
  body: string;
  supporters: number;
  distanceM: number;
  createdAt: Date;
}

/** Public comments of the same kind within 50 m ("is it one of these?"), nearest first. */
export async function similarComments(db: Queryable, municipalityId: number, lon: number, lat: number, category: string): Promise<SimilarComment[]> {
  const { rows } = await db.query<SimilarComment>(
    `SELECT c.id, c.category, c.status, c.body, c.supporters,
            round(ST_Distance(c.geom::geography, p.g::geography))::integer AS "distanceM", c.created_at AS "createdAt"
     FROM pub_comments c, (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g) p
     WHERE c.municipality_id = $1 AND c.category = (SELECT kind FROM comment_category WHERE municipality_id = $1 AND code = $4)
       AND c.status NOT IN ('confirmed')
       AND ST_DWithin(c.geom::geography, p.g::geography, $5)
     ORDER BY ST_Distance(c.geom::geography, p.g::geography), c.id LIMIT 10`,
    [municipalityId, lon, lat, category, COMMENT_LIMITS.similarRadiusM],
  );
  return rows;
}

export type SupportKind = 'support' | 'still_not_fixed';

/**
 * One person's support, or "still not fixed", of a public comment: counted once per person (the
 * keyed hash of their address). Enough "still not fixed" on a resolved comment reopen it.
 * Returns the new count, and whether this support reopened the comment.
 */
export async function supportComment(tx: Queryable, written: Written, municipalityId: number, id: number, kind: SupportKind, client: string): Promise<{ count: number; reopened: boolean; counted: boolean }> {
  const { rows } = await tx.query<{ status: string; supporters: number; still_not_fixed: number; reopen: number }>(
    `SELECT c.status, c.supporters, c.still_not_fixed, s.reopen_supporters AS reopen
     FROM comment c JOIN comment_settings s ON s.municipality_id = c.municipality_id
     WHERE c.municipality_id = $1 AND c.id = $2 AND comment_is_public(c.status, c.merged_into) FOR UPDATE OF c`,
    [municipalityId, id],
  );
  const c = rows[0];
  if (!c) throw notFound('Такого звернення немає. No such comment.');
  const allowed = kind === 'support' ? ['published', 'in_progress', 'disputed', 'resolved'] : ['resolved', 'confirmed'];
  if (!allowed.includes(c.status)) {
    throw badRequest(kind === 'support'
      ? 'Це звернення вже закрито. This comment is closed.'
      : 'Звернення ще не позначене вирішеним. The comment is not marked resolved.', { field: 'status', value: c.status });
  }
  const inserted = await tx.query('INSERT INTO comment_support (comment_id, kind, client_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [id, kind, client]);
  const column = kind === 'support' ? 'supporters' : 'still_not_fixed';
  if (inserted.rowCount === 0) return { count: kind === 'support' ? c.supporters : c.still_not_fixed, reopened: false, counted: false };
  written.wrote('comment_support', 'comment');
  const { rows: after } = await tx.query<{ n: number }>(
    `UPDATE comment SET ${column} = ${column} + 1, row_version = row_version + 1, updated_at = now() WHERE id = $1 RETURNING ${column} AS n`, [id]);
  const count = after[0].n;
  const reopened = kind === 'still_not_fixed' && count >= c.reopen;
  if (reopened) {
    await tx.query(`UPDATE comment SET status = 'disputed', status_at = now(), verdict_at = now() WHERE id = $1`, [id]);
  }
  await recordStep(tx, written, {
    municipalityId, commentId: id, action: kind, actorKind: 'resident', userId: null,
    fromStatus: c.status, toStatus: reopened ? 'disputed' : c.status, note: null, public: kind === 'still_not_fixed',
  });
  return { count, reopened, counted: true };
}
