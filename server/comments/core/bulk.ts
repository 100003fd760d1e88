/**
 * Many comments at once, with their whole history, the write core's set-based half for a program
 * that makes them (the demo generator): the same columns and limits as a resident's comment, a
 * comment_step for every step of each one's life (submit, publish or reject, start, resolve,
 * confirm or dispute) and one audit row per batch. One statement per chunk, not per row.
 */
import { recordChange } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { COMMENT_LIMITS } from '../../rules/comments.js';
import type { CommentStatus } from '../../rules/vocabularies.js';
import type { Actor, Written } from './write.js';

const CHUNK = 5000;

export interface BulkComment {
  lon: number;
  lat: number;
  category: string;
  body: string;
  status: CommentStatus;
  target: { collection: string; id: number } | null;
  authorName: string | null;
  showName: boolean;
  authorEmail: string | null;
  supporters: number;
  createdAt: Date;
  /** When the comment was published or rejected (moderation). */
  moderatedAt: Date | null;
  rejectReason: string | null;
  /** A public answer: the resolution (resolved and after) or a word on the way (in progress). */
  answer: string | null;
  answeredAt: Date | null;
  verdictAt: Date | null;
}

interface StepRow { comment: number; at: Date; action: string; from: string | null; to: string | null; note: string | null; public: boolean; kind: string }

/** The steps a comment in this status has taken, oldest first. */
function history(id: number, c: BulkComment): StepRow[] {
  const steps: StepRow[] = [{ comment: id, at: c.createdAt, action: 'submit', from: null, to: 'new', note: null, public: false, kind: 'author' }];
  const moderated = c.moderatedAt ?? c.createdAt;
  if (c.status === 'new') return steps;
  if (c.status === 'rejected') {
    steps.push({ comment: id, at: moderated, action: 'reject', from: 'new', to: 'rejected', note: c.rejectReason, public: false, kind: 'staff' });
    return steps;
  }
  steps.push({ comment: id, at: moderated, action: 'publish', from: 'new', to: 'published', note: null, public: true, kind: 'staff' });
  if (c.status === 'published') return steps;
  const answered = c.answeredAt ?? moderated;
  if (c.status === 'in_progress') {
    steps.push({ comment: id, at: moderated, action: 'start', from: 'published', to: 'in_progress', note: null, public: true, kind: 'staff' });
    if (c.answer) steps.push({ comment: id, at: answered, action: 'answer', from: 'in_progress', to: 'in_progress', note: c.answer, public: true, kind: 'staff' });
    return steps;
  }
  steps.push({ comment: id, at: answered, action: 'resolve', from: 'published', to: 'resolved', note: c.answer, public: true, kind: 'staff' });
  if (c.status === 'confirmed' || c.status === 'disputed') {
    steps.push({ comment: id, at: c.verdictAt ?? answered, action: c.status === 'confirmed' ? 'confirm' : 'dispute', from: 'resolved', to: c.status, note: null, public: true, kind: 'author' });
  }
  return steps;
}

const iso = (moments: (Date | null)[]) => moments.map((m) => m?.toISOString() ?? null);

/** Inserts the comments and their steps; returns their ids in order. */
export async function insertComments(tx: Queryable, written: Written, actor: Actor, comments: readonly BulkComment[]): Promise<number[]> {
  comments.forEach((c, i) => {
    if (c.body.length < COMMENT_LIMITS.bodyMin || c.body.length > COMMENT_LIMITS.bodyMax) throw new Error(`comment №${i + 1}: body length ${c.body.length}`);
  });
  const ids: number[] = [];
  for (let start = 0; start < comments.length; start += CHUNK) {
    const chunk = comments.slice(start, start + CHUNK);
    const { rows } = await tx.query<{ id: number }>(`SELECT nextval('comment_id_seq')::integer AS id FROM generate_series(1, $1)`, [chunk.length]);
    const chunkIds = rows.map((r) => r.id);
    const col = <K extends keyof BulkComment>(key: K) => chunk.map((c) => c[key]);
    const registry = chunk.map((c) => (c.target && (c.target.collection === 'maf' || c.target.collection === 'advertising') ? c.target.id : null));
    const facility = chunk.map((c) => (c.target?.collection === 'facilities' ? c.target.id : null));
    const statusAt = chunk.map((c) => c.verdictAt ?? (c.status === 'in_progress' ? c.moderatedAt : c.answeredAt) ?? c.moderatedAt ?? c.createdAt);
    await tx.query(
      `INSERT INTO comment (id, municipality_id, geom, category, body, status, author_name, author_name_shown, author_email,
                            target_collection, target_id, registry_object_id, facility_id, supporters, created_at, reject_reason,
                            answer, answered_at, verdict_at, status_at, updated_at)
       SELECT id, $1, ST_SetSRID(ST_MakePoint(lon, lat), 4326), category, body, status, author_name, show_name, author_email,
              target_collection, target_id, registry_object_id, facility_id, supporters, created_at, reject_reason,
              answer, answered_at, verdict_at, status_at, status_at
       FROM unnest($2::int[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[],
                   $11::text[], $12::int[], $13::int[], $14::int[], $15::int[], $16::timestamptz[], $17::text[], $18::text[],
                   $19::timestamptz[], $20::timestamptz[], $21::timestamptz[])
            AS c(id, lon, lat, category, body, status, author_name, show_name, author_email, target_collection, target_id,
                 registry_object_id, facility_id, supporters, created_at, reject_reason, answer, answered_at, verdict_at, status_at)`,
      [
        actor.municipalityId, chunkIds, col('lon'), col('lat'), col('category'), col('body'), col('status'), col('authorName'),
        col('showName'), col('authorEmail'), chunk.map((c) => c.target?.collection ?? null), chunk.map((c) => c.target?.id ?? null),
        registry, facility, col('supporters'), iso(col('createdAt')), col('rejectReason'),
        chunk.map((c) => (c.status === 'in_progress' ? null : c.answer)), iso(col('answeredAt')), iso(col('verdictAt')), iso(statusAt),
      ],
    );
    const steps = chunk.flatMap((c, i) => history(chunkIds[i], c));
    const s = <K extends keyof StepRow>(key: K) => steps.map((r) => r[key]);
    await tx.query(
      `INSERT INTO comment_step (municipality_id, comment_id, at, action, actor_kind, from_status, to_status, note, public)
       SELECT $1, comment_id, at, action, kind, from_status, to_status, note, public
       FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[])
            AS s(comment_id, at, action, kind, from_status, to_status, note, public)`,
      [actor.municipalityId, s('comment'), iso(s('at')), s('action'), s('kind'), s('from'), s('to'), s('note'), s('public')],
    );
    ids.push(...chunkIds);
  }
  written.wrote('comment', 'comment_step');
  await recordChange(tx, {
    municipalityId: actor.municipalityId, userId: actor.userId, entity: 'comment', entityId: 'batch', action: 'import',
    after: { comments: comments.length },
  });
  return ids;
}
