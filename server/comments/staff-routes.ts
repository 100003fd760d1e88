/**
 * The staff's side of the comments: the moderation queue and the steps of moderators, officials
 * and deputies. Roles are checked here, on the server: moderators publish, reject, redact, merge
 * and route; officials and deputies start, resolve and answer; a deputy only in their district
 * (or what was routed to them); admins may do all. A user of another hromada is refused by
 * requireRole before anything is read. No answer here carries a resident's e-mail or address hash.
 */
import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { requireRole } from '../auth/guards.js';
import type { SessionUser } from '../auth/sessions.js';
import { parseInput } from '../registry/validation.js';
import { allowedActions, transitionOf, type StepActor } from '../rules/comments.js';
import type { CommentStatus } from '../rules/vocabularies.js';
import { stepAndTell } from './intake.js';
import { allCategoriesOf, inDeputyScope, queue, settingsOf } from './queries.js';
import { categoryBody, positiveId, queueQuery, settingsBody, stepBody } from './schemas.js';
import { saveCategory } from './core/categories.js';
import { saveResponseDays } from './core/settings.js';
import { duplicateCandidates, routeOptions } from './moderation.js';
import { commentWrite } from './core/write.js';
import { badRequest } from '../errors.js';
import { publicOrigin } from '../http/public-url.js';

const STAFF = ['moderator', 'official', 'deputy'] as const;

const isModerator = (u: SessionUser) => u.roles.includes('moderator') || u.roles.includes('admin');
const isAnswerer = (u: SessionUser) => u.roles.includes('official') || u.roles.includes('deputy') || u.roles.includes('admin');
/** A deputy who is nothing more sees only their district. */
const onlyDeputy = (u: SessionUser) => u.roles.includes('deputy') && !u.roles.includes('admin') && !u.roles.includes('official') && !u.roles.includes('moderator');

/** The role in which this user may take this step, or a 403. */
function actorFor(user: SessionUser, action: string): StepActor {
  const t = transitionOf(action);
  if (t?.by.includes('moderator') && isModerator(user)) return 'moderator';
  if (t?.by.includes('answerer') && isAnswerer(user)) return 'answerer';
  if (!t) return 'moderator'; // the core answers "unknown action"
  throw forbidden(`Дію «${action}» ваша роль не дозволяє. Your role does not allow ${action}.`);
}

async function deputyMayTouch(ctx: AppContext, req: Request, commentId: number): Promise<void> {
  const user = req.user!;
  if (!onlyDeputy(user)) return;
  if (user.deputyId === null || !(await inDeputyScope(ctx.db, req.municipality.id, commentId, user.deputyId))) {
    throw forbidden('Це звернення не з вашого округу. This comment is not from your district.');
  }
}

export function staffRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/queue', requireRole(...STAFF), async (req, res) => {
    const q = parseInput(queueQuery, req.query);
    const user = req.user!;
    if (onlyDeputy(user) && user.deputyId === null) throw forbidden('Обліковий запис не пов’язаний з депутатом. The account is not tied to a deputy.');
    const entries = await queue(ctx.db, req.municipality.id, {
      statuses: q.status?.split(','), category: q.category, overdue: q.overdue === undefined ? undefined : q.overdue === 'true', q: q.q, limit: q.limit,
    }, { deputyId: onlyDeputy(user) ? user.deputyId! : undefined, admin: user.roles.includes('admin') });
    const actors: StepActor[] = [...(isModerator(user) ? ['moderator' as const] : []), ...(isAnswerer(user) ? ['answerer' as const] : [])];
    res.json(entries.map((e) => ({ ...e, actions: [...new Set(actors.flatMap((a) => allowedActions(e.status as CommentStatus, a)))] })));
  });

  router.post('/:id/steps/:action', requireRole(...STAFF), async (req, res) => {
    const id = positiveId(req.params.id);
    const action = String(req.params.action);
    const actor = actorFor(req.user!, action);
    if (actor === 'answerer') await deputyMayTouch(ctx, req, id);
    const result = await stepAndTell(ctx, { municipality: req.municipality, origin: publicOrigin(req, ctx.config) }, {
      municipalityId: req.municipality.id, commentId: id, action, actor, userId: req.user!.id, input: parseInput(stepBody, req.body ?? {}),
    });
    res.json(result);
  });

  /** What the queue's merge form offers: the comments nearby this one may duplicate. */
  router.get('/:id/duplicates', requireRole('moderator', 'admin'), async (req, res) => {
    res.json(await duplicateCandidates(ctx.db, req.municipality.id, positiveId(req.params.id)));
  });

  /** What the queue's route form offers: departments used before, the deputies (the district's first). */
  router.get('/:id/route-options', requireRole('moderator', 'admin'), async (req, res) => {
    res.json(await routeOptions(ctx.db, req.municipality.id, positiveId(req.params.id)));
  });

  /** Every category, hidden ones too, and the time to answer: the admin's editor. */
  router.get('/categories/all', requireRole('admin'), async (req, res) => {
    const settings = await settingsOf(ctx.db, req.municipality.id);
    res.json({ responseDays: settings.responseDays, categories: await allCategoriesOf(ctx.db, req.municipality.id) });
  });

  /** The hromada's time to answer (days), past which a comment is overdue: admins only. */
  router.put('/settings', requireRole('admin'), async (req, res) => {
    const body = parseInput(settingsBody, req.body ?? {});
    await commentWrite(ctx, { municipalityId: req.municipality.id, userId: req.user!.id }, (tx, written) =>
      saveResponseDays(tx, written, req.municipality.id, req.user!.id, body.responseDays));
    res.json(body);
  });

  /** A hromada's own category, or a change to one: admins only. */
  router.put('/categories/:code', requireRole('admin'), async (req, res) => {
    const code = String(req.params.code);
    if (!/^[a-z][a-z0-9_]{1,40}$/.test(code)) throw badRequest('Код теми: a-z, 0-9, _. Category code: a-z, 0-9, _.', { parameter: 'code', value: code.slice(0, 50) });
    const body = parseInput(categoryBody, req.body ?? {});
    const { created } = await commentWrite(ctx, { municipalityId: req.municipality.id, userId: req.user!.id }, (tx, written) =>
      saveCategory(tx, written, req.municipality.id, req.user!.id, { code, ...body }));
    res.status(created ? 201 : 200).json({ code, ...body });
  });

  /** The text before a redaction: admins only (audit). */
  router.get('/:id/original', requireRole('admin'), async (req, res) => {
    const { rows } = await ctx.db.query<{ body: string; body_original: string | null; redacted_at: Date | null }>(
      'SELECT body, body_original, redacted_at FROM comment WHERE municipality_id = $1 AND id = $2', [req.municipality.id, positiveId(req.params.id)]);
    if (!rows[0]) throw notFound();
    res.json({ body: rows[0].body, original: rows[0].body_original, redactedAt: rows[0].redacted_at });
  });

  return router;
}
