/**
 * What a deputy has answered, for their page: the public answers (a comment's resolve step, or a
 * further official answer) given by an account tied to that deputy, on comments that are public.
 * Read through pub_comments for the comment (its public text: a redacted comment shows as
 * redacted, an author's e-mail never comes near) and through comment_step for the answer itself,
 * public steps only. Newest first.
 */
import type { Queryable } from '../../db/database.js';

/** How much of a comment's text a list shows; the comment's own card has the rest. */
export const SHORT_TEXT = 160;

export interface DeputyAnswer {
  commentId: number;
  answeredAt: string;
  category: string;
  categoryUk: string;
  categoryEn: string;
  status: string;
  /** The comment's public text, cut at SHORT_TEXT characters (with … when cut). */
  text: string;
  answer: string;
  /** Where the comment stands, to open it on the map. */
  lon: number;
  lat: number;
}

export async function answersOf(db: Queryable, municipalityId: number, deputyId: number, page: { limit: number; offset: number }): Promise<{ total: number; answers: DeputyAnswer[] }> {
  const steps = `FROM comment_step s
     JOIN app_user u ON u.id = s.user_id AND u.municipality_id = s.municipality_id
     JOIN pub_comments c ON c.id = s.comment_id AND c.municipality_id = s.municipality_id
     WHERE s.municipality_id = $1 AND u.deputy_id = $2 AND s.public AND s.action IN ('resolve', 'answer')
       AND s.note IS NOT NULL AND s.note <> ''`;
  const { rows: counted } = await db.query<{ total: number }>(`SELECT count(*)::integer AS total ${steps}`, [municipalityId, deputyId]);
  const { rows } = await db.query<{ comment_id: number; at: Date; category: string; category_uk: string; category_en: string; status: string; body: string; note: string; lon: number; lat: number }>(
    `SELECT c.id AS comment_id, s.at, c.category, c.category_uk, c.category_en, c.status, c.body, s.note,
            ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat
     ${steps}
     ORDER BY s.at DESC, s.id DESC LIMIT $3 OFFSET $4`,
    [municipalityId, deputyId, page.limit, page.offset]);
  return {
    total: counted[0]?.total ?? 0,
    answers: rows.map((r) => ({
      commentId: r.comment_id, answeredAt: new Date(r.at).toISOString(), category: r.category, categoryUk: r.category_uk,
      categoryEn: r.category_en, status: r.status, text: short(r.body), answer: r.note, lon: r.lon, lat: r.lat,
    })),
  };
}

function short(text: string): string {
  const chars = [...text];
  return chars.length <= SHORT_TEXT ? text : `${chars.slice(0, SHORT_TEXT - 1).join('').trimEnd()}…`;
}
