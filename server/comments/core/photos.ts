/**
 * A comment's photos: added by the author (the private link), at most COMMENT_LIMITS.photosMax,
 * each decoded and re-encoded by server/media/photo.ts (EXIF and GPS gone, upright, bounded
 * size, a thumbnail) before it is stored. Served only while the comment is public.
 */
import type { Queryable } from '../../db/database.js';
import { conflict } from '../../errors.js';
import { normalizePhoto } from '../../media/photo.js';
import { COMMENT_LIMITS } from '../../rules/comments.js';
import { recordStep, type Written } from './write.js';

export interface StoredPhoto { id: number; width: number; height: number }

export async function addCommentPhoto(tx: Queryable, written: Written, municipalityId: number, commentId: number, bytes: Buffer): Promise<StoredPhoto> {
  const { rows: count } = await tx.query<{ n: number; status: string }>(
    `SELECT c.status, (SELECT count(*)::integer FROM comment_photo p WHERE p.comment_id = c.id) AS n
     FROM comment c WHERE c.municipality_id = $1 AND c.id = $2 FOR UPDATE`, [municipalityId, commentId]);
  if (count[0].n >= COMMENT_LIMITS.photosMax) {
    throw conflict(`До звернення можна додати щонайбільше ${COMMENT_LIMITS.photosMax} фото. At most ${COMMENT_LIMITS.photosMax} photos per comment.`);
  }
  const photo = await normalizePhoto(bytes);
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO comment_photo (municipality_id, comment_id, image, thumbnail, width, height) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [municipalityId, commentId, photo.image, photo.thumbnail, photo.width, photo.height]);
  written.wrote('comment_photo');
  await tx.query('UPDATE comment SET row_version = row_version + 1, updated_at = now() WHERE id = $1', [commentId]);
  written.wrote('comment');
  await recordStep(tx, written, {
    municipalityId, commentId, action: 'add', actorKind: 'author', userId: null, fromStatus: count[0].status, toStatus: count[0].status,
    note: null, public: false,
  });
  return { id: rows[0].id, width: photo.width, height: photo.height };
}
