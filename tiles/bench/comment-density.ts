/**
 * The issue's ×20 comment density for the benchmarks: a hromada topped up to `total` comments
 * (issue 12: 400,000) by INSERT … SELECT generate_series (in chunks of CHUNK, each well within
 * the app pool's statement timeout), not through the write core's
 * per-comment path (steps, audit, limits), which would take hours and measures nothing the tiles
 * read. Each new comment sits within ~150 m of one of the demo's comments, taken in turn, so the
 * density follows the demo's streets and centre rather than filling the fields around the city;
 * the mix of statuses is the demo's: about one in eight awaits moderation or was rejected (not public).
 */
import type { Queryable } from '../../server/db/database.js';

const CHUNK = 50_000;

export interface Density { added: number; total: number; public: number; seconds: number }

export async function topUpComments(db: Queryable, slug: string, total: number): Promise<Density> {
  const started = performance.now();
  const { rows: [m] } = await db.query<{ id: number; n: number; last: number }>(
    `SELECT m.id, (SELECT count(*)::int FROM comment c WHERE c.municipality_id = m.id) AS n,
            (SELECT max(c.id) FROM comment c WHERE c.municipality_id = m.id) AS last FROM municipality m WHERE m.slug = $1`, [slug]);
  if (!m) throw new Error(`no hromada ${slug}`);
  if (m.n === 0) throw new Error(`${slug} has no comments to spread the new ones around (seed the demo first)`);
  const add = Math.max(0, total - m.n);
  for (let from = 1; from <= add; from += CHUNK) {
    await db.query(
      `WITH seeds AS (
         SELECT (row_number() OVER (ORDER BY id) - 1)::int AS i, ST_X(geom) AS x, ST_Y(geom) AS y
         FROM comment WHERE municipality_id = $1 AND id <= $4), -- the comments before the top-up, not earlier chunks
       counted AS (SELECT count(*)::int AS n FROM seeds),
       topics AS (SELECT array_agg(code ORDER BY position, code) AS codes FROM comment_category WHERE municipality_id = $1 AND active),
       generated AS (
         SELECT g, s.x, s.y, t.codes,
                now() - make_interval(days => g % 730, hours => g % 24) AS created
         FROM generate_series($2::int, $3::int) g
         CROSS JOIN counted
         JOIN seeds s ON s.i = g % counted.n
         CROSS JOIN topics t)
       INSERT INTO comment (municipality_id, geom, category, body, status, author_name, author_name_shown,
                            created_at, status_at, updated_at, supporters, answer, answered_at)
       SELECT $1,
              -- ±0.002° lon, ±0.0013° lat: about ±140 m either way at 49° N
              ST_SetSRID(ST_MakePoint(x + (random() - 0.5) * 0.004, y + (random() - 0.5) * 0.0027), 4326),
              codes[1 + g % array_length(codes, 1)],
              'Звернення №' || g || ': ' || (ARRAY['зламана лавка біля під’їзду', 'яма на тротуарі', 'кіоск без дозволу',
                'немає пандуса до входу', 'не світить ліхтар', 'пропоную встановити смітник'])[1 + g % 6],
              st,
              CASE WHEN g % 3 = 0 THEN 'Мешканець ' || g END, g % 3 = 0,
              created, created + make_interval(days => g % 20), created + make_interval(days => g % 20),
              g % 9,
              CASE WHEN st IN ('resolved', 'confirmed', 'disputed') THEN 'Виконано: бригада виїжджала.' END,
              CASE WHEN st IN ('resolved', 'confirmed', 'disputed') THEN created + make_interval(days => g % 20) END
       FROM generated,
            LATERAL (SELECT (ARRAY['published', 'in_progress', 'resolved', 'confirmed', 'published', 'new', 'resolved',
                                   'disputed', 'published', 'in_progress', 'confirmed', 'published', 'resolved', 'rejected',
                                   'published', 'confirmed'])[1 + (g * 7) % 16] AS st) s`,
      [m.id, from, Math.min(add, from + CHUNK - 1), m.last],
    );
  }
  const { rows: [c] } = await db.query<{ total: number; public: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE comment_is_public(status, merged_into))::int AS public FROM comment WHERE municipality_id = $1`, [m.id]);
  return { added: add, total: c.total, public: c.public, seconds: (performance.now() - started) / 1000 };
}
