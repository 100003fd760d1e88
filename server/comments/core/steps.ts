/**
 * The steps of a comment's life taken by staff (moderators, officials, deputies) and by its author
 * through the private link, checked against the transitions of server/rules/comments.ts. A step
 * nobody may take here is a 403; one the comment's status does not allow is a 409 naming both.
 */
import type { Queryable } from '../../db/database.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors.js';
import { transitionOf, type CommentAction, type CommentStatus, type StepActor } from '../../rules/comments.js';
import type { StepBody } from '../schemas.js';
import { recordStep, type Written } from './write.js';

export interface StepRequest {
  municipalityId: number;
  commentId: number;
  action: string;
  actor: StepActor;
  /** The signed-in person (staff); null for the author. */
  userId: number | null;
  input: StepBody;
}

export interface StepResult {
  id: number;
  action: CommentAction;
  from: CommentStatus;
  status: CommentStatus;
  /** Whom to tell: the author's address (never shown to staff), when they gave one. */
  authorEmail: string | null;
  body: string;
  note: string | null;
}

interface Row {
  id: number; status: CommentStatus; author_email: string | null; body: string; merged_into: number | null;
  target_collection: string | null; target_id: number | null;
}

const REGISTRY_COLLECTIONS = new Set(['maf', 'advertising']);

function need<T>(value: T | undefined, field: string, uk: string, en: string): T {
  if (value === undefined) throw badRequest(`Потрібне поле «${field}»: ${uk}. Field ${field} is required: ${en}.`, { field });
  return value;
}

export async function takeStep(tx: Queryable, written: Written, req: StepRequest): Promise<StepResult> {
  const transition = transitionOf(req.action);
  if (!transition) throw new AppError(404, 'NotFound', `Невідома дія «${req.action}». Unknown action.`, { parameter: 'action' });
  if (!transition.by.includes(req.actor)) {
    throw forbidden(`Дію «${req.action}» ви виконати не можете. You may not ${req.action} this comment.`);
  }
  const { rows } = await tx.query<Row>(
    `SELECT id, status, author_email, body, merged_into, target_collection, target_id FROM comment
     WHERE municipality_id = $1 AND id = $2 FOR UPDATE`,
    [req.municipalityId, req.commentId],
  );
  const c = rows[0];
  if (!c) throw notFound('Такого звернення немає. No such comment.');
  if (!transition.from.includes(c.status) || (c.merged_into !== null && req.action !== 'erase')) {
    throw conflict(`Дія «${req.action}» неможлива для звернення у стані «${c.status}». Cannot ${req.action} a comment that is ${c.status}.`,
      { status: c.status, action: req.action });
  }
  const { input } = req;
  const to = transition.to ?? c.status;
  let note: string | null = input.note ?? null;
  // Each action's own change; status, status_at, row_version and updated_at are set below for all.
  const sets: string[] = [];
  const values: unknown[] = [];
  const set = (column: string, value: unknown) => { values.push(value); sets.push(`${column} = $${values.length + 2}`); };

  switch (transition.action) {
    case 'reject':
      note = need(input.reason, 'reason', 'причина відхилення', 'the reason');
      set('reject_reason', note);
      break;
    case 'resolve':
    case 'answer': {
      note = need(input.answer, 'answer', 'текст відповіді', 'the answer');
      set('answer', note);
      sets.push('answered_at = now()');
      if (req.userId !== null) set('answered_by', req.userId);
      // an answer on a registry object links to it, unless the answer names another object
      const link = input.link ?? (c.target_collection && REGISTRY_COLLECTIONS.has(c.target_collection) ? { collection: c.target_collection, id: c.target_id! } : undefined);
      if (link) {
        if (!REGISTRY_COLLECTIONS.has(link.collection) && link.collection !== 'facilities') {
          throw badRequest('Відповідь може посилатися на об’єкт реєстру або заклад. An answer links to a registry object or a facility.', { field: 'link.collection', value: link.collection });
        }
        const { rows: found } = await tx.query(`SELECT 1 FROM ${link.collection === 'facilities' ? 'facility' : 'registry_object'} WHERE municipality_id = $1 AND id = $2`, [req.municipalityId, link.id]);
        if (found.length === 0) throw badRequest(`Об’єкта ${link.id} немає в цій громаді. No such object here.`, { field: 'link.id', value: link.id });
        set('answer_collection', link.collection);
        set('answer_object_id', link.id);
      }
      break;
    }
    case 'confirm':
    case 'dispute':
      sets.push('verdict_at = now()');
      break;
    case 'add':
      note = need(input.note, 'note', 'що додати', 'what to add');
      break;
    case 'redact':
      need(input.body, 'body', 'новий текст', 'the new text');
      sets.push('body_original = COALESCE(body_original, body)', 'redacted_at = now()');
      set('body', input.body);
      note = null; // the step says that it happened, not what was there
      break;
    case 'merge': {
      const into = need(input.into, 'into', 'номер звернення, дублем якого є це', 'the comment this duplicates');
      if (into === c.id) throw badRequest('Звернення не може бути дублем самого себе. A comment cannot duplicate itself.', { field: 'into', value: into });
      const { rows: target } = await tx.query<{ id: number }>(
        `UPDATE comment SET supporters = supporters + 1 + (SELECT supporters FROM comment WHERE id = $3), row_version = row_version + 1, updated_at = now()
         WHERE municipality_id = $1 AND id = $2 AND merged_into IS NULL AND status NOT IN ('rejected') RETURNING id`,
        [req.municipalityId, into, c.id],
      );
      if (!target[0]) throw badRequest(`Звернення ${into} немає або воно закрите. No open comment ${into} here.`, { field: 'into', value: into });
      set('merged_into', into);
      note = `#${into}`;
      await recordStep(tx, written, {
        municipalityId: req.municipalityId, commentId: into, action: 'merge', actorKind: 'staff', userId: req.userId,
        fromStatus: null, toStatus: null, note: `#${c.id}`, public: false,
      });
      break;
    }
    case 'route': {
      if (input.department === undefined && input.deputyId === undefined) need(undefined, 'department', 'відділ або депутат', 'a department or a deputy');
      if (input.deputyId !== undefined) {
        const { rows: dep } = await tx.query('SELECT 1 FROM deputy WHERE municipality_id = $1 AND id = $2', [req.municipalityId, input.deputyId]);
        if (dep.length === 0) throw badRequest(`Депутата ${input.deputyId} немає в цій громаді. No such deputy here.`, { field: 'deputyId', value: input.deputyId });
        set('routed_deputy_id', input.deputyId);
      }
      if (input.department !== undefined) set('routed_department', input.department);
      note = [input.department, input.deputyId !== undefined ? `deputy #${input.deputyId}` : null].filter(Boolean).join('; ');
      break;
    }
    case 'erase':
      // personal data of the author: name, address, the hash of their client, their own notes
      sets.push('author_name = NULL', 'author_name_shown = false', 'author_email = NULL', 'client_hash = NULL');
      await tx.query(`UPDATE comment_step SET note = NULL WHERE comment_id = $1 AND actor_kind = 'author'`, [c.id]);
      note = null;
      break;
    default:
      break;
  }
  if (to !== c.status) sets.push('status_at = now()');
  values.push(to);
  sets.push(`status = $${values.length + 2}`);
  await tx.query(
    `UPDATE comment SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE municipality_id = $1 AND id = $2`,
    [req.municipalityId, c.id, ...values],
  );
  written.wrote('comment');
  await recordStep(tx, written, {
    municipalityId: req.municipalityId, commentId: c.id, action: transition.action,
    actorKind: req.actor === 'author' ? 'author' : req.actor === 'resident' ? 'resident' : 'staff',
    userId: req.userId, fromStatus: c.status, toStatus: to, note, public: transition.public,
  });
  return {
    id: c.id, action: transition.action, from: c.status, status: to,
    authorEmail: req.action === 'erase' ? null : c.author_email, body: c.body, note,
  };
}
