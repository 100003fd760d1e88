/**
 * Photos of objects, the write core: the image, already decoded and re-encoded by
 * server/media/photo.ts (../photos.ts), is stored with its thumbnail, size and hash and audited
 * (without its bytes).
 */
import { createHash } from 'node:crypto';
import { recordChange } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { lockObject, touchObject } from './objects.js';
import type { Actor, Written } from './write.js';

export interface PhotoRecord {
  id: number;
  object_id: number;
  content_type: string;
  byte_size: number;
  sha256: string;
  caption: string | null;
  width: number | null;
  height: number | null;
  created_at: Date;
}

export async function addPhoto(
  tx: Queryable, written: Written, actor: Actor, objectId: number,
  photo: { bytes: Buffer; thumbnail: Buffer; width: number; height: number; contentType: string; caption: string | null },
): Promise<PhotoRecord> {
  const m = actor.municipalityId;
  await lockObject(tx, m, objectId);
  const sha256 = createHash('sha256').update(photo.bytes).digest('hex');
  const { rows: [created] } = await tx.query<PhotoRecord>(
    `INSERT INTO registry_photo (municipality_id, object_id, content_type, byte_size, sha256, bytes, caption, uploaded_by, thumbnail, width, height)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING id, object_id, content_type, byte_size, sha256, caption, width, height, created_at`,
    [m, objectId, photo.contentType, photo.bytes.length, sha256, photo.bytes, photo.caption, actor.userId, photo.thumbnail, photo.width, photo.height],
  );
  written.wrote('registry_photo');
  const { created_at: _c, ...snapshot } = created;
  await recordChange(tx, { municipalityId: m, userId: actor.userId, entity: 'registry_photo', entityId: created.id, action: 'create', after: snapshot });
  await touchObject(tx, written, objectId);
  return created;
}

export async function removePhoto(tx: Queryable, written: Written, actor: Actor, objectId: number, photoId: number): Promise<void> {
  const m = actor.municipalityId;
  await lockObject(tx, m, objectId);
  const { rows: [gone] } = await tx.query(
    `DELETE FROM registry_photo WHERE municipality_id = $1 AND object_id = $2 AND id = $3
     RETURNING id, object_id, content_type, byte_size, sha256, caption`,
    [m, objectId, photoId],
  );
  if (!gone) throw notFound('Фото не знайдено. Photo not found.');
  written.wrote('registry_photo');
  await recordChange(tx, { municipalityId: m, userId: actor.userId, entity: 'registry_photo', entityId: photoId, action: 'delete', before: gone });
  await touchObject(tx, written, objectId);
}
