/**
 * Photos of objects: editors upload them, everyone sees them at a public URL.
 *
 * An upload is the image itself as the body (Content-Type image/jpeg, image/png, image/webp or
 * application/octet-stream; `?caption=` optional), or JSON {data_base64, content_type?, caption?}.
 * Either way the type is decided by the file's magic bytes, not by what the client says: a file
 * that is not a JPEG, PNG or WebP is refused (no SVG: it can carry script), as is one whose
 * declared type disagrees with its bytes. At most MAX_PHOTO_BYTES. Then the picture is decoded
 * and re-encoded (server/media/photo.ts): anything hidden after a valid header is gone, EXIF with
 * the phone's GPS position is stripped, the pixel size is bounded, and a thumbnail is made for
 * the card (GET /photos/{id}/thumbnail). Stored in the database (see 0007_registry_api.sql for
 * why) and served with its type, nosniff, and a year-long immutable cache: a photo's id never
 * names other bytes.
 */
import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { AppError, notFound } from '../errors.js';
import { answerIfNotModified } from '../http/conditional.js';
import { normalizePhoto } from '../media/photo.js';
import { addPhoto, removePhoto } from './core/photos.js';
import { registryWrite } from './core/write.js';
import { editorOf } from './objects-editor.js';
import { photoJson } from './schemas.js';
import { fieldError, parseInput, pathId } from './validation.js';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';
const EXTENSION: Record<ImageType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * The image type from the first bytes:
 *   JPEG  FF D8 FF                          (SOI marker, then the next marker's FF)
 *   PNG   89 50 4E 47 0D 0A 1A 0A           ("\x89PNG\r\n\x1a\n")
 *   WebP  52 49 46 46 .. .. .. .. 57 45 42 50  ("RIFF", chunk size, "WEBP")
 */
export function imageTypeOf(bytes: Uint8Array): ImageType | undefined {
  const at = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}

const unsupported = (message: string) => new AppError(415, 'UnsupportedMediaType', message);

interface Upload {
  bytes: Buffer;
  declared: string | undefined;
  caption: string | null;
}

/** The upload from either form of request. */
function readUpload(req: express.Request): Upload {
  if (Buffer.isBuffer(req.body)) {
    const caption = typeof req.query.caption === 'string' && req.query.caption.trim() ? req.query.caption.trim().slice(0, 500) : null;
    const declared = req.get('content-type')?.split(';')[0].trim().toLowerCase();
    return { bytes: req.body, declared: declared === 'application/octet-stream' ? undefined : declared, caption };
  }
  if (req.is('application/json')) {
    const input = parseInput(photoJson, req.body);
    const text = input.data_base64.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) {
      throw fieldError('data_base64', input.data_base64, 'не є коректним base64', 'is not valid base64');
    }
    return { bytes: Buffer.from(text, 'base64'), declared: input.content_type, caption: input.caption ?? null };
  }
  throw unsupported('Надішліть зображення JPEG, PNG чи WebP як тіло запиту або JSON {data_base64}. Send a JPEG, PNG or WebP image as the body or as JSON {data_base64}.');
}

export function photoRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router({ mergeParams: true });
  const editor = requireRole('registry_editor');
  const rawImage = express.raw({ type: ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'], limit: MAX_PHOTO_BYTES });
  // Base64 grows a file by a third. The app's JSON parser (1 MB) reads JSON bodies first; this one
  // only reads them where the app leaves photo uploads to it.
  const jsonImage = express.json({ limit: Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4096 });

  router.post('/objects/:id/photos', editor, rawImage, jsonImage, async (req, res) => {
    const objectId = pathId(req.params.id);
    const { bytes, declared, caption } = readUpload(req);
    if (bytes.length === 0) throw unsupported('Порожній файл. Empty file.');
    if (bytes.length > MAX_PHOTO_BYTES) throw new AppError(413, 'PayloadTooLarge', `Фото більше ${MAX_PHOTO_BYTES / 1048576} МБ. Photo larger than 5 MB.`);
    const type = imageTypeOf(bytes);
    if (!type) throw unsupported('Файл не є зображенням JPEG, PNG чи WebP. The file is not a JPEG, PNG or WebP image.');
    if (declared && declared !== type) {
      throw unsupported(`Заявлено ${declared}, але файл є ${type}. Declared ${declared}, but the file is ${type}.`);
    }
    const picture = await normalizePhoto(bytes);
    const actor = editorOf(req);
    const photo = await registryWrite(ctx, actor, (tx, written) => addPhoto(tx, written, actor, objectId, {
      bytes: picture.image, thumbnail: picture.thumbnail, width: picture.width, height: picture.height, contentType: picture.mime, caption,
    }));
    const url = `${req.baseUrl}/photos/${photo.id}`;
    res.status(201).location(url).json({ ...photo, url });
  });

  router.delete('/objects/:id/photos/:photoId', editor, async (req, res) => {
    const objectId = pathId(req.params.id);
    const photoId = pathId(req.params.photoId, 'photoId');
    const actor = editorOf(req);
    await registryWrite(ctx, actor, (tx, written) => removePhoto(tx, written, actor, objectId, photoId));
    res.status(204).end();
  });

  /** The photo itself, public; its thumbnail (JPEG) for cards, or the photo where none was made. */
  const servePhoto = (thumbnail: boolean) => async (req: express.Request, res: express.Response) => {
    const photoId = pathId(req.params.photoId as string, 'photoId');
    const { rows: [photo] } = await db.query<{ content_type: ImageType; sha256: string; bytes: Uint8Array }>(
      thumbnail
        ? `SELECT CASE WHEN thumbnail IS NULL THEN content_type ELSE 'image/jpeg' END AS content_type,
                  sha256 || CASE WHEN thumbnail IS NULL THEN '' ELSE '-t' END AS sha256, COALESCE(thumbnail, bytes) AS bytes
           FROM registry_photo WHERE municipality_id = $1 AND id = $2`
        : 'SELECT content_type, sha256, bytes FROM registry_photo WHERE municipality_id = $1 AND id = $2',
      [req.municipality.id, photoId],
    );
    if (!photo) throw notFound('Фото не знайдено. Photo not found.');
    const etag = `"${photo.sha256}"`;
    res.set({
      'Content-Type': photo.content_type,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': `inline; filename="photo-${photoId}${thumbnail ? '-thumbnail' : ''}.${EXTENSION[photo.content_type]}"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      // open data: other sites (and the export's imageUrl readers) may show it
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: etag,
    });
    if (answerIfNotModified(req, res, etag)) return;
    const bytes = photo.bytes;
    res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  router.get('/photos/:photoId', servePhoto(false));
  router.get('/photos/:photoId/thumbnail', servePhoto(true));

  return router;
}
