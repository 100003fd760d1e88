/**
 * A district's figures, from the tables other services keep, through their public views: the
 * registry's objects by legality with their revenue, the accessibility map's facilities by grade
 * for each need, and residents' comments by category and status per month (the last 12 months).
 *
 * An object or a comment belongs to the district that covers its point (an outline's point on
 * surface). On a shared line that can be two districts; the figures count it in both rather
 * than pick one silently, since each deputy of them answers for that street.
 */
import type { Queryable } from '../../db/database.js';

export interface DistrictFigures {
  registry: { category: string; legality: string; objects: number; revenueTotalUah: number; revenueThisYearUah: number }[];
  facilities: { need: 'wheelchair' | 'vision' | 'hearing' | 'mobility'; grade: string; facilities: number }[];
  comments: { month: string; category: string; status: string; comments: number }[];
}

export async function districtFigures(db: Queryable, municipalityId: number, districtId: number): Promise<DistrictFigures> {
  const district = `(SELECT geom FROM pub_election_districts WHERE municipality_id = $1 AND id = $2)`;
  const { rows: registry } = await db.query<{ category: string; legality: string; objects: number; total: string; this_year: string }>(
    `SELECT r.category, r.legality, count(*)::integer AS objects, sum(r.revenue_total_uah)::text AS total, sum(r.revenue_this_year_uah)::text AS this_year
     FROM pub_registry r WHERE r.municipality_id = $1 AND ST_Covers(${district}, ST_PointOnSurface(r.geom))
     GROUP BY r.category, r.legality ORDER BY r.category, r.legality`,
    [municipalityId, districtId]);
  const { rows: facilities } = await db.query<{ need: 'wheelchair' | 'vision' | 'hearing' | 'mobility'; grade: string; facilities: number }>(
    `SELECT g.need, g.grade, count(*)::integer AS facilities
     FROM pub_facilities f
     CROSS JOIN LATERAL (VALUES ('wheelchair', f.grade_wheelchair), ('vision', f.grade_vision), ('hearing', f.grade_hearing), ('mobility', f.grade_mobility)) AS g(need, grade)
     WHERE f.municipality_id = $1 AND ST_Covers(${district}, ST_PointOnSurface(f.geom))
     GROUP BY g.need, g.grade ORDER BY g.need, g.grade`,
    [municipalityId, districtId]);
  const { rows: comments } = await db.query<{ month: string; category: string; status: string; comments: number }>(
    `SELECT to_char(date_trunc('month', c.created_at AT TIME ZONE 'Europe/Kyiv'), 'YYYY-MM') AS month, c.category, c.status, count(*)::integer AS comments
     FROM pub_comments c
     WHERE c.municipality_id = $1 AND c.created_at >= date_trunc('month', now() AT TIME ZONE 'Europe/Kyiv') - interval '11 months'
       AND ST_Covers(${district}, c.geom)
     GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3`,
    [municipalityId, districtId]);
  return {
    registry: registry.map((r) => ({ category: r.category, legality: r.legality, objects: r.objects, revenueTotalUah: Number(r.total), revenueThisYearUah: Number(r.this_year) })),
    facilities,
    comments,
  };
}
