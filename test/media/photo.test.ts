/**
 * What a photo becomes before it is kept: a clean JPEG of bounded size with a thumbnail, no
 * metadata (a resident's GPS position and camera), upright, and nothing after its last pixel.
 */
import { describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { normalizePhoto, PhotoError } from '../../server/media/photo.js';

const picture = (width: number, height: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg') =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })[format]().toBuffer();

/** A JPEG as a phone writes it: EXIF with GPS position, camera and an orientation of 6 (rotate 90°). */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 15' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 36/1 0/1' },
    })
    .toBuffer();
}

async function refusal(bytes: Buffer, options = {}): Promise<PhotoError> {
  try {
    await normalizePhoto(bytes, options);
  } catch (e) {
    if (e instanceof PhotoError) return e;
    throw e;
  }
  throw new Error('the photo was accepted');
}

describe('a photo before it is kept', () => {
  it('loses its EXIF (GPS position, camera) and stays upright', async () => {
    const input = await phonePhoto();
    const inMeta = await sharp(input).metadata();
    expect(inMeta.exif).toBeDefined();
    expect(inMeta.orientation).toBe(6);
    expect(input.includes(Buffer.from('PhoneMaker'))).toBe(true);

    const out = await normalizePhoto(input);
    const meta = await sharp(out.image).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(out.image.includes(Buffer.from('PhoneMaker'))).toBe(false);
    // Orientation 6 applied: the 400×300 sensor picture is 300×400 as the phone showed it.
    expect([out.width, out.height]).toEqual([300, 400]);
    expect(meta.orientation ?? 1).toBe(1);
  });

  it('drops what was appended after a valid image', async () => {
    const payload = Buffer.from('<script>alert(1)</script>PK\x03\x04hidden-archive');
    const out = await normalizePhoto(Buffer.concat([await picture(64, 64, 'png'), payload]));
    expect(out.image.includes(Buffer.from('<script>'))).toBe(false);
    expect(out.image.includes(Buffer.from('hidden-archive'))).toBe(false);
    expect(out.mime).toBe('image/jpeg');
  });

  it('bounds the stored picture and makes a thumbnail, without enlarging a small one', async () => {
    const big = await normalizePhoto(await picture(4000, 1000));
    expect([big.width, big.height]).toEqual([2048, 512]);
    const thumb = await sharp(big.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([320, 80]);

    const small = await normalizePhoto(await picture(120, 90, 'webp'));
    expect([small.width, small.height]).toEqual([120, 90]);
    expect((await sharp(small.thumbnail).metadata()).width).toBe(120);
  });

  it('refuses a decompression bomb by its dimensions, before decoding it', async () => {
    const e = await refusal(await picture(3000, 3000, 'png'), { maxInputPixels: 4_000_000 });
    expect(e.status).toBe(413);
    expect(e.message).toMatch(/3000×3000/);
  });

  it('refuses what is not a picture: text, SVG, an empty file, a truncated JPEG', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const jpeg = await picture(200, 200);
    for (const bytes of [Buffer.from('not a picture'), svg, Buffer.alloc(0), jpeg.subarray(0, 40)]) {
      const e = await refusal(bytes);
      expect(e.status).toBe(415);
      expect(e.message).toMatch(bytes.length === 0 ? /Empty file/ : /not a readable photo/);
    }
  });
});
