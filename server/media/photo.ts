/**
 * Every photo the service keeps — of a kiosk, a ramp, a reported barrier — is decoded and encoded
 * again here before it is stored, so what is served is a picture and nothing else:
 *  - bytes hidden after a valid header (a script, an archive) do not survive a re-encode;
 *  - EXIF, XMP and IPTC go (sharp writes no metadata unless asked), so a resident's phone does not
 *    publish where they stood and which camera they own; the EXIF orientation is applied first, so
 *    the picture stays upright without it;
 *  - the size is bounded: a decompression bomb (a small file of huge dimensions) is refused before
 *    its pixels are decoded (`limitInputPixels`), and the stored picture's longest edge is at most
 *    `maxEdge`, which also bounds what a phone downloads;
 *  - a thumbnail for cards and lists is made once, here.
 * The output is always JPEG: every browser and client reads it, and a photo has no use for
 * transparency (a PNG's alpha is flattened on white).
 */
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../errors.js';

export interface PhotoOptions {
  /** Longest edge of the stored picture, px [2048]. */
  maxEdge?: number;
  /** Longest edge of the thumbnail, px [320]. */
  thumbEdge?: number;
  /** Refused above this many pixels in the input, before decoding [40 MP: a 2026 phone's camera is 12-50 MP]. */
  maxInputPixels?: number;
  /** JPEG quality of the stored picture [82]. */
  quality?: number;
}

const DEFAULTS: Required<PhotoOptions> = { maxEdge: 2048, thumbEdge: 320, maxInputPixels: 40_000_000, quality: 82 };

export interface NormalizedPhoto {
  image: Buffer;
  thumbnail: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

/** A photo that cannot be kept: 415 for what is not a picture, 413 for one too large. */
export class PhotoError extends AppError {}

const INPUT_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif', 'tiff', 'gif']);

export async function normalizePhoto(bytes: Buffer, options: PhotoOptions = {}): Promise<NormalizedPhoto> {
  const o = { ...DEFAULTS, ...options };
  if (bytes.length === 0) throw new PhotoError(415, 'UnsupportedMediaType', 'Порожній файл. Empty file.');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw notAPicture();
  }
  // SVG is refused whatever sharp could make of it: it is a document that can carry script.
  if (!meta.format || !INPUT_FORMATS.has(meta.format) || !meta.width || !meta.height) throw notAPicture();
  if (meta.width * meta.height > o.maxInputPixels) {
    throw new PhotoError(413, 'PayloadTooLarge',
      `Зображення ${meta.width}×${meta.height} пікселів завелике: щонайбільше ${Math.round(o.maxInputPixels / 1e6)} Мп. ` +
      `The image, ${meta.width}×${meta.height} pixels, is too large: at most ${Math.round(o.maxInputPixels / 1e6)} MP.`);
  }
  try {
    // One decode; each output is a clone of the oriented picture (the first page of an animation).
    const base = sharp(bytes, { limitInputPixels: o.maxInputPixels, failOn: 'error' }).rotate().flatten({ background: '#ffffff' });
    const { data: image, info } = await base.clone()
      .resize({ width: o.maxEdge, height: o.maxEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: o.quality, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await base.clone()
      .resize({ width: o.thumbEdge, height: o.thumbEdge, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { image, thumbnail, mime: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    // A header that promises a picture over bytes that are not one (truncated, corrupt, crafted).
    throw notAPicture();
  }
}

function notAPicture(): PhotoError {
  return new PhotoError(415, 'UnsupportedMediaType',
    'Файл не є фотографією, яку можна прочитати (JPEG, PNG, WebP, HEIC). The file is not a readable photo (JPEG, PNG, WebP, HEIC).');
}
