/**
 * The one write path of residents' comments. The public form, Open311, the moderation queue, the
 * author's private link and the demo generator all change comment tables inside commentWrite()
 * (the platform's writeAndMark: one transaction, then the `comments` collection marked). The
 * functions here bump row_version, stamp updated_at, write the comment_step and the audit row
 * beside each statement.
 */
import type { Actor } from '../../audit/audit.js';
import { recordChange } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { writeAndMark, Written as TablesWritten, type WriteStore } from '../../catalog/write.js';

export type { Actor };

export type CommentTable = 'comment' | 'comment_step' | 'comment_support' | 'comment_photo' | 'comment_category' | 'comment_settings';
export type Written = TablesWritten<CommentTable>;
export type CommentStore = WriteStore;

export function commentWrite<T>(store: CommentStore, actor: Actor, work: (tx: Queryable, written: Written) => Promise<T>): Promise<T> {
  return writeAndMark<CommentTable, T>(store, actor, work);
}

export interface StepRecord {
  municipalityId: number;
  commentId: number;
  action: string;
  actorKind: 'author' | 'resident' | 'staff' | 'system';
  userId: number | null;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  public: boolean;
}

/** One step of a comment's life, and its audit row (the audit keeps no personal data either). */
export async function recordStep(tx: Queryable, written: Written, step: StepRecord): Promise<void> {
  await tx.query(
    `INSERT INTO comment_step (municipality_id, comment_id, action, actor_kind, user_id, from_status, to_status, note, public)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [step.municipalityId, step.commentId, step.action, step.actorKind, step.userId, step.fromStatus, step.toStatus, step.note, step.public],
  );
  written.wrote('comment_step');
  await recordChange(tx, {
    municipalityId: step.municipalityId,
    userId: step.userId,
    entity: 'comment',
    entityId: step.commentId,
    action: step.action === 'submit' ? 'create' : 'update',
    before: step.fromStatus ? { status: step.fromStatus } : undefined,
    after: { action: step.action, status: step.toStatus ?? step.fromStatus, by: step.actorKind },
  });
}
