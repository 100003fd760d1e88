/**
 * /:municipality/api/comments — residents' comments (issue 12).
 *
 * Residents (no account):
 *   GET  /form                          categories, limits and a form ticket (the fill-time check)
 *   GET  /categories                    the hromada's categories
 *   GET  /similar?lon=&lat=&category=   public comments of that kind within 50 m ("is it one of these?")
 *   POST /                              a new comment → 201 { id, status, token } (token: the private link)
 *   GET  /{id}                          a public comment with its public steps
 *   GET  /on/{collection}/{id}          the public comments on an object of a layer (its card)
 *   POST /{id}/support                  "me too" (once per person)
 *   POST /{id}/still-not-fixed          on a resolved comment (once per person; enough of them reopen it)
 *   GET  /feed.atom?category=&district= the hromada's Atom feed (feed.ts)
 *   GET  /stats?district=               figures: by status and category, overdue, response times, per month
 * The author, with X-Comment-Token (the private link's token; never in a URL the server logs):
 *   GET  /follow                        their comment, its rejection reason, its steps
 *   POST /follow/{confirm|dispute|add|erase}
 *   POST /follow/photos                 a photo (JPEG, PNG, WebP … as the body), at most 3
 *   GET  /photos/{id}[?size=thumb]      a photo of a public comment
 * Staff (moderator, official, deputy, admin; staff-routes.ts):
 *   GET  /queue   POST /{id}/steps/{action}   GET /{id}/original (admins)
 *   GET  /{id}/duplicates   GET /{id}/route-options          (what the merge and route forms offer)
 *   GET  /categories/all   PUT /categories/{code}   PUT /settings   (admins: topics, time to answer)
 */
import express, { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { badRequest, unauthorized } from '../errors.js';
import { publicOrigin } from '../http/public-url.js';
import { parseInput } from '../registry/validation.js';
import { COMMENT_LIMITS, allowedActions } from '../rules/comments.js';
import type { CommentStatus } from '../rules/vocabularies.js';
import { addCommentPhoto } from './core/photos.js';
import { formTicket, tokenHash } from './core/privacy.js';
import { commentWrite } from './core/write.js';
import { AppError, notFound } from '../errors.js';
import { similarComments } from './core/submit.js';
import { feedRoutes } from './feed.js';
import { admitResident, receiveComment, stepAndTell, supportAndTell, type Door } from './intake.js';
import { authorView, categoriesOf, commentFigures, commentsOn, publicComment, settingsOf } from './queries.js';
import { newCommentBody, positiveId, stepBody } from './schemas.js';
import { staffRoutes } from './staff-routes.js';

export const TOKEN_HEADER = 'x-comment-token';

export function doorOf(ctx: AppContext, req: Request): Door {
  return { municipality: req.municipality, address: req.ip ?? req.socket.remoteAddress ?? 'unknown', origin: publicOrigin(req, ctx.config) };
}

function tokenOf(req: Request): string {
  const token = req.get(TOKEN_HEADER);
  if (!token || !/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw unauthorized('Потрібне особисте посилання. The private link is required.');
  return token;
}

export function commentRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  router.use((_req, res, next) => { res.set('Cache-Control', 'no-store'); next(); });
  router.use(feedRoutes(ctx));
  router.use(staffRoutes(ctx));

  router.get('/form', async (req, res) => {
    const settings = await settingsOf(ctx.db, req.municipality.id);
    res.json({
      ticket: await formTicket(ctx.db),
      minFillSeconds: settings.minFillSeconds,
      categories: await categoriesOf(ctx.db, req.municipality.id),
      limits: COMMENT_LIMITS,
    });
  });

  router.get('/categories', async (req, res) => {
    res.json(await categoriesOf(ctx.db, req.municipality.id));
  });

  router.get('/stats', async (req, res) => {
    const district = req.query.district === undefined ? undefined : String(req.query.district);
    if (district !== undefined && !/^\d{1,4}$/.test(district)) throw badRequest('Параметр district: номер округу. Parameter district: a district number.', { parameter: 'district' });
    res.json(await commentFigures(ctx.db, req.municipality.id, district === undefined ? undefined : Number(district)));
  });

  router.get('/similar', async (req, res) => {
    const lon = Number(req.query.lon);
    const lat = Number(req.query.lat);
    const category = String(req.query.category ?? '');
    if (!Number.isFinite(lon) || Math.abs(lon) > 180) throw badRequest('Параметр lon: довгота. Parameter lon: a longitude.', { parameter: 'lon' });
    if (!Number.isFinite(lat) || Math.abs(lat) > 90) throw badRequest('Параметр lat: широта. Parameter lat: a latitude.', { parameter: 'lat' });
    if (!/^[a-z][a-z0-9_]{1,40}$/.test(category)) throw badRequest('Параметр category. Parameter category.', { parameter: 'category' });
    res.json(await similarComments(ctx.db, req.municipality.id, lon, lat, category));
  });

  router.post('/', async (req, res) => {
    const body = parseInput(newCommentBody, req.body);
    const submitted = await receiveComment(ctx, doorOf(ctx, req), {
      category: body.category, body: body.body, lon: body.lon, lat: body.lat, target: body.target,
      name: body.name ?? null, showName: body.showName, email: body.email || null,
    }, { website: body.website, ticket: body.ticket });
    res.status(201).json({ id: submitted.id, status: submitted.status, token: submitted.token });
  });

  router.get('/follow', async (req, res) => {
    const view = await authorView(ctx.db, req.municipality.id, tokenHash(tokenOf(req)));
    res.json({ ...view, actions: allowedActions(view.status as CommentStatus, 'author') });
  });

  const rawImage = express.raw({ type: ['image/*', 'application/octet-stream'], limit: COMMENT_LIMITS.photoBytesMax });
  router.post('/follow/photos', rawImage, async (req, res) => {
    const view = await authorView(ctx.db, req.municipality.id, tokenHash(tokenOf(req)));
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      throw new AppError(415, 'UnsupportedMediaType', 'Надішліть зображення як тіло запиту. Send the image as the request body.');
    }
    await admitResident(ctx, doorOf(ctx, req));
    const photo = await commentWrite(ctx, { municipalityId: req.municipality.id, userId: null }, (tx, written) =>
      addCommentPhoto(tx, written, req.municipality.id, view.id, req.body as Buffer));
    res.status(201).json({ ...photo, url: `${req.baseUrl}/photos/${photo.id}` });
  });

  router.get('/photos/:photoId', async (req, res) => {
    const { rows } = await ctx.db.query<{ image: Uint8Array; thumbnail: Uint8Array }>(
      `SELECT p.image, p.thumbnail FROM comment_photo p JOIN pub_comments c ON c.id = p.comment_id
       WHERE p.municipality_id = $1 AND p.id = $2`, [req.municipality.id, positiveId(req.params.photoId, 'photoId')]);
    if (!rows[0]) throw notFound('Фото не знайдено. Photo not found.');
    res.set('Cache-Control', 'public, max-age=300');
    res.type('image/jpeg').send(Buffer.from(req.query.size === 'thumb' ? rows[0].thumbnail : rows[0].image));
  });

  router.post('/follow/:action', async (req, res) => {
    const hash = tokenHash(tokenOf(req));
    const view = await authorView(ctx.db, req.municipality.id, hash);
    const door = doorOf(ctx, req);
    const result = await stepAndTell(ctx, door, {
      municipalityId: req.municipality.id, commentId: view.id, action: String(req.params.action), actor: 'author', userId: null,
      input: parseInput(stepBody, req.body ?? {}),
    });
    res.json(result);
  });

  router.get('/on/:collection/:id', async (req, res) => {
    const collection = String(req.params.collection);
    if (!ctx.catalog.get(collection)) throw badRequest(`Невідомий шар «${collection}». Unknown layer.`, { parameter: 'collection' });
    res.json(await commentsOn(ctx.db, req.municipality.id, collection, positiveId(req.params.id)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await publicComment(ctx.db, req.municipality.id, positiveId(req.params.id)));
  });

  router.post('/:id/support', async (req, res) => {
    res.json(await supportAndTell(ctx, doorOf(ctx, req), positiveId(req.params.id), 'support'));
  });

  router.post('/:id/still-not-fixed', async (req, res) => {
    res.json(await supportAndTell(ctx, doorOf(ctx, req), positiveId(req.params.id), 'still_not_fixed'));
  });

  return router;
}
