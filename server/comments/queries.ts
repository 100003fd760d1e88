/**
 * What the comments' readers see. The public reads only pub_comments and public steps; the author
 * (through the private link) sees their own comment with the reason of a rejection; staff see the
 * queue with every status but never a resident's e-mail or address hash, and only admins see the
 * original of a redacted text.
 *
 * A comment's district is the current election's district that covers its point; on a shared
 * edge both cover it, and the lower number is taken, so the answer is always the same.
 */
import type { Queryable } from '../db/database.js';
import { notFound } from '../errors.js';

export const DISTRICT_OF = `LEFT JOIN LATERAL (
    SELECT d.id, d.number FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current
    WHERE d.municipality_id = c.municipality_id AND ST_Covers(d.geom, c.geom) ORDER BY d.number LIMIT 1) dist ON true`;

export interface PublicStep {
  at: Date;
  action: string;
  status: string | null;
  note: string | null;
  by: string | null;
}

export interface PublicComment {
  id: number;
  category: string;
  categoryCode: string;
  categoryUk: string;
  categoryEn: string;
  status: string;
  body: string;
  authorName: string;
  target: { collection: string; id: number } | null;
  supporters: number;
  overdue: boolean;
  createdAt: Date;
  answer: string | null;
  answeredAt: Date | null;
  answerLink: { collection: string; id: number } | null;
  lon: number;
  lat: number;
  district: number | null;
  steps: PublicStep[];
  /** Photo ids (GET …/comments/photos/{id}, ?size=thumb). */
  photos: number[];
}

interface PubRow {
  id: number; category: string; category_code: string; category_uk: string; category_en: string; status: string; body: string;
  author_name: string; target_collection: string | null; target_id: number | null; supporters: number; overdue: boolean;
  created_at: Date; answer: string | null; answered_at: Date | null; answer_collection: string | null; answer_object_id: number | null;
  lon: number; lat: number; district: number | null;
}

const PUB_SELECT = `SELECT c.id, c.category, c.category_code, c.category_uk, c.category_en, c.status, c.body, c.author_name,
    c.target_collection, c.target_id, c.supporters, c.overdue, c.created_at, c.answer, c.answered_at, c.answer_collection,
    c.answer_object_id, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, dist.number AS district
  FROM pub_comments c ${DISTRICT_OF}`;

function toPublic(r: PubRow, steps: PublicStep[]): PublicComment {
  return {
    id: r.id, category: r.category, categoryCode: r.category_code, categoryUk: r.category_uk, categoryEn: r.category_en,
    status: r.status, body: r.body, authorName: r.author_name,
    target: r.target_collection ? { collection: r.target_collection, id: r.target_id! } : null,
    supporters: r.supporters, overdue: r.overdue, createdAt: r.created_at, answer: r.answer, answeredAt: r.answered_at,
    answerLink: r.answer_collection ? { collection: r.answer_collection, id: r.answer_object_id! } : null,
    lon: r.lon, lat: r.lat, district: r.district, steps, photos: [],
  };
}

/** The public steps of comments: who answered is named by their role's public face, the council. */
async function publicSteps(db: Queryable, ids: number[]): Promise<Map<number, PublicStep[]>> {
  const byId = new Map<number, PublicStep[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byId;
  const { rows } = await db.query<PublicStep & { comment_id: number }>(
    `SELECT s.comment_id, s.at, s.action, s.to_status AS status, s.note,
            CASE WHEN s.actor_kind = 'staff' THEN u.display_name END AS by
     FROM comment_step s LEFT JOIN app_user u ON u.id = s.user_id
     WHERE s.comment_id = ANY($1::int[]) AND s.public ORDER BY s.at, s.id`,
    [ids],
  );
  for (const { comment_id, ...step } of rows) byId.get(comment_id)?.push(step);
  return byId;
}

export async function publicComment(db: Queryable, municipalityId: number, id: number): Promise<PublicComment> {
  const { rows } = await db.query<PubRow>(`${PUB_SELECT} WHERE c.municipality_id = $1 AND c.id = $2`, [municipalityId, id]);
  if (!rows[0]) throw notFound('Такого звернення немає. No such comment.');
  const { rows: photos } = await db.query<{ id: number }>('SELECT id FROM comment_photo WHERE comment_id = $1 ORDER BY id', [id]);
  return { ...toPublic(rows[0], (await publicSteps(db, [id])).get(id)!), photos: photos.map((p) => p.id) };
}

/** The public comments on one object of a layer (its card), newest first. */
export async function commentsOn(db: Queryable, municipalityId: number, collection: string, id: number): Promise<PublicComment[]> {
  const { rows } = await db.query<PubRow>(
    `${PUB_SELECT} WHERE c.municipality_id = $1 AND c.target_collection = $2 AND c.target_id = $3 ORDER BY c.created_at DESC LIMIT 100`,
    [municipalityId, collection, id]);
  const steps = await publicSteps(db, rows.map((r) => r.id));
  return rows.map((r) => toPublic(r, steps.get(r.id)!));
}

export interface FeedFilter {
  category?: string;
  district?: number;
  limit: number;
}

/** The newest public comments of a hromada, for its Atom feeds (per category, per district). */
export async function feedComments(db: Queryable, municipalityId: number, filter: FeedFilter): Promise<(PublicComment & { updatedAt: Date })[]> {
  const { rows } = await db.query<PubRow & { updated_at: Date }>(
    `SELECT * FROM (${PUB_SELECT.replace('c.answer_object_id,', 'c.answer_object_id, c.updated_at,')}
       WHERE c.municipality_id = $1 AND ($2::text IS NULL OR c.category = $2 OR c.category_code = $2)) x
     WHERE ($3::int IS NULL OR x.district = $3) ORDER BY x.updated_at DESC, x.id DESC LIMIT $4`,
    [municipalityId, filter.category ?? null, filter.district ?? null, filter.limit]);
  return rows.map((r) => ({ ...toPublic(r, []), updatedAt: r.updated_at }));
}

export interface AuthorView {
  id: number;
  municipalityId: number;
  status: string;
  category: string;
  body: string;
  authorName: string | null;
  showName: boolean;
  hasEmail: boolean;
  rejectReason: string | null;
  answer: string | null;
  createdAt: Date;
  mergedInto: number | null;
  steps: PublicStep[];
}

/** The author's own comment, found by the hash of their private link. */
export async function authorView(db: Queryable, municipalityId: number, hash: string): Promise<AuthorView> {
  const { rows } = await db.query<{
    id: number; status: string; category: string; body: string; author_name: string | null; author_name_shown: boolean;
    has_email: boolean; reject_reason: string | null; answer: string | null; created_at: Date; merged_into: number | null;
  }>(
    `SELECT id, status, category, body, author_name, author_name_shown, author_email IS NOT NULL AS has_email, reject_reason,
            answer, created_at, merged_into
     FROM comment WHERE municipality_id = $1 AND author_token_hash = $2`, [municipalityId, hash]);
  const r = rows[0];
  if (!r) throw notFound('Посилання недійсне. This link is not valid.');
  const { rows: steps } = await db.query<PublicStep>(
    `SELECT s.at, s.action, s.to_status AS status, s.note, CASE WHEN s.actor_kind = 'staff' THEN u.display_name END AS by
     FROM comment_step s LEFT JOIN app_user u ON u.id = s.user_id
     WHERE s.comment_id = $1 AND (s.public OR s.actor_kind = 'author' OR s.action = 'reject') ORDER BY s.at, s.id`, [r.id]);
  return {
    id: r.id, municipalityId, status: r.status, category: r.category, body: r.body, authorName: r.author_name,
    showName: r.author_name_shown, hasEmail: r.has_email, rejectReason: r.reject_reason, answer: r.answer,
    createdAt: r.created_at, mergedInto: r.merged_into, steps,
  };
}

export interface QueueEntry {
  id: number;
  status: string;
  category: string;
  body: string;
  /** Admins only: the text before a redaction. */
  bodyOriginal?: string | null;
  authorName: string | null;
  hasEmail: boolean;
  target: { collection: string; id: number } | null;
  supporters: number;
  overdue: boolean;
  createdAt: Date;
  statusAt: Date;
  district: number | null;
  routedDepartment: string | null;
  routedDeputyId: number | null;
  routedDeputyName: string | null;
  answer: string | null;
  lon: number;
  lat: number;
}

export interface QueueScope {
  /** A deputy sees their district's comments and those routed to them. */
  deputyId?: number;
  admin?: boolean;
}

export interface QueueFilter {
  statuses?: string[];
  category?: string;
  overdue?: boolean;
  q?: string;
  limit?: number;
}

/** The staff's list of a hromada's comments, awaiting moderation too; no private contacts. */
export async function queue(db: Queryable, municipalityId: number, filter: QueueFilter, scope: QueueScope): Promise<QueueEntry[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT c.id, c.status, c.category, c.body, c.body_original, c.author_name, c.author_email IS NOT NULL AS has_email,
              c.target_collection, c.target_id, c.supporters, c.created_at, c.status_at, dist.id AS district_id,
              dist.number AS district, c.routed_department, c.routed_deputy_id,
              (SELECT p.full_name FROM deputy p WHERE p.id = c.routed_deputy_id) AS routed_deputy_name, c.answer, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat,
              c.status IN ('new','published','in_progress','disputed') AND c.status_at < now() - make_interval(days => s.response_days) AS overdue
       FROM comment c JOIN comment_settings s ON s.municipality_id = c.municipality_id ${DISTRICT_OF}
       WHERE c.municipality_id = $1 AND c.merged_into IS NULL
         AND ($2::text[] IS NULL OR c.status = ANY($2::text[]))
         AND ($3::text IS NULL OR c.category = $3)
         AND ($4::text IS NULL OR c.body ILIKE '%' || $4 || '%')) q
     WHERE ($5::boolean IS NULL OR q.overdue = $5)
       AND ($6::int IS NULL OR q.routed_deputy_id = $6
            OR q.district_id = (SELECT district_id FROM deputy WHERE id = $6 AND municipality_id = $1))
     ORDER BY q.overdue DESC, q.created_at DESC LIMIT $7`,
    [municipalityId, filter.statuses ?? null, filter.category ?? null, filter.q?.replace(/[%_\\]/g, (m) => `\\${m}`) ?? null,
      filter.overdue ?? null, scope.deputyId ?? null, filter.limit ?? 200],
  );
  return rows.map((r) => ({
    id: r.id as number, status: r.status as string, category: r.category as string, body: r.body as string,
    ...(scope.admin ? { bodyOriginal: r.body_original as string | null } : {}),
    authorName: r.author_name as string | null, hasEmail: r.has_email as boolean,
    target: r.target_collection ? { collection: r.target_collection as string, id: r.target_id as number } : null,
    supporters: r.supporters as number, overdue: r.overdue as boolean, createdAt: r.created_at as Date, statusAt: r.status_at as Date,
    district: r.district as number | null, routedDepartment: r.routed_department as string | null,
    routedDeputyId: r.routed_deputy_id as number | null, routedDeputyName: r.routed_deputy_name as string | null, answer: r.answer as string | null, lon: r.lon as number, lat: r.lat as number,
  }));
}

/** Whether a comment is a deputy's business: in their district, or routed to them. */
export async function inDeputyScope(db: Queryable, municipalityId: number, commentId: number, deputyId: number): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM comment c ${DISTRICT_OF}
     WHERE c.municipality_id = $1 AND c.id = $2
       AND (c.routed_deputy_id = $3 OR dist.id = (SELECT district_id FROM deputy WHERE id = $3 AND municipality_id = $1))`,
    [municipalityId, commentId, deputyId]);
  return rows.length > 0;
}

export interface CategoryEntry { code: string; kind: string; nameUk: string; nameEn: string; descriptionUk: string | null }

export async function categoriesOf(db: Queryable, municipalityId: number): Promise<CategoryEntry[]> {
  const { rows } = await db.query<CategoryEntry>(
    `SELECT code, kind, name_uk AS "nameUk", name_en AS "nameEn", description_uk AS "descriptionUk"
     FROM comment_category WHERE municipality_id = $1 AND active ORDER BY position, code`, [municipalityId]);
  return rows;
}

export interface CategoryAdminEntry extends CategoryEntry { position: number; active: boolean; comments: number }

/** Every category of a hromada, hidden ones too, with how many comments name each (admins' editor). */
export async function allCategoriesOf(db: Queryable, municipalityId: number): Promise<CategoryAdminEntry[]> {
  const { rows } = await db.query<CategoryAdminEntry>(
    `SELECT k.code, k.kind, k.name_uk AS "nameUk", k.name_en AS "nameEn", k.description_uk AS "descriptionUk", k.position, k.active,
            (SELECT count(*)::int FROM comment c WHERE c.municipality_id = k.municipality_id AND c.category = k.code) AS comments
     FROM comment_category k WHERE k.municipality_id = $1 ORDER BY k.position, k.code`, [municipalityId]);
  return rows;
}

export interface CommentSettings { responseDays: number; perClientPerHour: number; perHromadaPerHour: number; minFillSeconds: number }

export async function settingsOf(db: Queryable, municipalityId: number): Promise<CommentSettings> {
  const { rows } = await db.query<CommentSettings>(
    `SELECT response_days AS "responseDays", per_client_per_hour AS "perClientPerHour",
            per_hromada_per_hour AS "perHromadaPerHour", min_fill_seconds AS "minFillSeconds"
     FROM comment_settings WHERE municipality_id = $1`, [municipalityId]);
  return rows[0] ?? { responseDays: 15, perClientPerHour: 10, perHromadaPerHour: 600, minFillSeconds: 4 };
}

/** Days to the first response and to resolution of a set of comments: median and 90th percentile. */
export interface ResponseTimes {
  comments: number;
  overdue: number;
  medianDaysToResponse: number | null;
  p90DaysToResponse: number | null;
  medianDaysToResolution: number | null;
  p90DaysToResolution: number | null;
}

export interface CommentFigures extends ResponseTimes {
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  /** The hromada's own topics, each with its times. */
  categories: ({ code: string; nameUk: string; nameEn: string } & ResponseTimes)[];
  /** Per month of submission. */
  months: ({ month: string } & ResponseTimes)[];
}

/**
 * The q-quantile of values, interpolated between the two nearest ranks (PostgreSQL's
 * percentile_cont), rounded to a tenth of a day; null for none.
 */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const value = sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
  return Math.round(value * 10) / 10;
}

interface FigureRow {
  status: string; category: string; category_code: string; category_uk: string; category_en: string; overdue: boolean;
  created_at: Date; responded: number | null; resolved: number | null;
}

function timesOf(rows: FigureRow[]): ResponseTimes {
  const responded = rows.flatMap((r) => (r.responded === null ? [] : [r.responded]));
  const resolved = rows.flatMap((r) => (r.resolved === null ? [] : [r.resolved]));
  return {
    comments: rows.length,
    overdue: rows.filter((r) => r.overdue).length,
    medianDaysToResponse: quantile(responded, 0.5),
    p90DaysToResponse: quantile(responded, 0.9),
    medianDaysToResolution: quantile(resolved, 0.5),
    p90DaysToResolution: quantile(resolved, 0.9),
  };
}

function groupBy<K>(rows: FigureRow[], key: (r: FigureRow) => K): Map<K, FigureRow[]> {
  const groups = new Map<K, FigureRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return groups;
}

/**
 * A hromada's figures of its public comments (or one district's): counts, overdue, and the days
 * from a comment to its first official step (start, answer or resolution) and to its resolution,
 * for all, by topic and per month of submission.
 */
export async function commentFigures(db: Queryable, municipalityId: number, district?: number): Promise<CommentFigures> {
  const { rows } = await db.query<FigureRow>(
    `SELECT c.status, c.category, c.category_code, c.category_uk, c.category_en, c.overdue, c.created_at,
            (SELECT EXTRACT(EPOCH FROM min(s.at) - c.created_at) / 86400 FROM comment_step s
             WHERE s.comment_id = c.id AND s.action IN ('start','answer','resolve'))::float8 AS responded,
            (SELECT EXTRACT(EPOCH FROM min(s.at) - c.created_at) / 86400 FROM comment_step s
             WHERE s.comment_id = c.id AND s.action = 'resolve')::float8 AS resolved
     FROM pub_comments c ${DISTRICT_OF}
     WHERE c.municipality_id = $1 AND ($2::int IS NULL OR dist.number = $2)`,
    [municipalityId, district ?? null]);
  const count = (key: 'status' | 'category') => Object.fromEntries([...groupBy(rows, (r) => r[key])].map(([k, g]) => [k, g.length]));
  return {
    ...timesOf(rows),
    byStatus: count('status'),
    byCategory: count('category'),
    categories: [...groupBy(rows, (r) => r.category_code)].map(([code, g]) => ({ code, nameUk: g[0].category_uk, nameEn: g[0].category_en, ...timesOf(g) }))
      .sort((a, b) => b.comments - a.comments || a.code.localeCompare(b.code)),
    months: [...groupBy(rows, (r) => r.created_at.toISOString().slice(0, 7))].sort(([a], [b]) => a.localeCompare(b))
      .map(([month, g]) => ({ month, ...timesOf(g) })),
  };
}
