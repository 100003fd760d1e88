/**
 * A comment's photos: the author adds them through the private link; each is re-encoded (the
 * phone's EXIF with its GPS position gone, turned upright), at most three, not a picture refused;
 * served only while the comment is public.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import sharp from 'sharp';
import { backends } from '../support/backends.js';
import { signIn } from '../support/server.js';
import { placeIn, resident, startCommentsServer, type CommentsServer } from './support.js';

/** A JPEG as a phone writes it: EXIF with a GPS position and orientation 6 (rotate 90°). */
const phonePhoto = () => sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 10, g: 120, b: 200 } } })
  .jpeg().withMetadata({ orientation: 6 })
  .withExifMerge({ IFD0: { Make: 'PhoneMaker' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 36/1 0/1' } })
  .toBuffer();

describe.each(backends())('photos of a comment (%s)', (kind) => {
  let server: CommentsServer;
  beforeAll(async () => { server = await startCommentsServer(kind); }, 240_000);
  afterAll(async () => server?.close());

  test('re-encoded without EXIF, upright, at most three, public only once the comment is', async () => {
    const place = await placeIn(server, 'slovyansk');
    const res = await resident(server).comment('slovyansk', { category: 'damage', body: 'Зламана огорожа', lon: place.lon, lat: place.lat });
    const { id, token } = (await res.json()) as { id: number; token: string };
    const upload = (body: Buffer, type = 'image/jpeg') => fetch(`${server.url}/slovyansk/api/comments/follow/photos`, {
      method: 'POST', headers: { 'x-comment-token': token, 'content-type': type }, body: new Uint8Array(body),
    });
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const added = await upload(original);
    expect(added.status).toBe(201);
    const photo = (await added.json()) as { id: number; width: number; height: number };
    expect([photo.width, photo.height]).toEqual([300, 400]); // turned upright
    expect((await upload(Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml')).status).toBe(415);
    expect((await upload(Buffer.from('not a picture at all'))).status).toBe(415);
    expect((await fetch(`${server.url}/slovyansk/api/comments/follow/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(original) })).status).toBe(401);

    // awaiting moderation: not served
    expect((await fetch(`${server.url}/slovyansk/api/comments/photos/${photo.id}`)).status).toBe(404);
    const moderator = await signIn(server, 'slovyansk', 'moderator');
    await moderator.fetch(`/slovyansk/api/comments/${id}/steps/publish`, { method: 'POST', body: '{}' });
    const served = await fetch(`${server.url}/slovyansk/api/comments/photos/${photo.id}`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    const thumb = await sharp(Buffer.from(await (await fetch(`${server.url}/slovyansk/api/comments/photos/${photo.id}?size=thumb`)).arrayBuffer())).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(320);
    expect(((await (await fetch(`${server.url}/slovyansk/api/comments/${id}`)).json()) as { photos: number[] }).photos).toEqual([photo.id]);

    expect((await upload(original)).status).toBe(201);
    expect((await upload(original)).status).toBe(201);
    expect((await upload(original)).status).toBe(409);
  });
});
