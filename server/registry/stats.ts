/**
 * Figures for the city (or for what a filter selects, e.g. one electoral district for its
 * deputy): objects by legality and by category and type, revenue by year and type. Read from the
 * public views, like every public answer.
 */
import type { Queryable } from '../db/database.js';
import { legalityLabel } from './legality.js';
import { filterConditions, Params } from './listing.js';
import { LEGALITY, type Legality, type ObjectFilter } from './schemas.js';

interface TypeCount { category: string; type_code: string; type_uk: string; type_en: string; legality: Legality; objects: number }
interface YearRevenue { year: number; category: string; type_code: string; revenue_uah: number; payments: number }

export async function registryStats(db: Queryable, municipalityId: number, filter: ObjectFilter) {
  const p = new Params();
  const where = filterConditions(municipalityId, filter, p).join(' AND ');
  const [counts, revenue, today] = await Promise.all([
    db.query<TypeCount>(
      `SELECT r.category, r.type_code, r.type_uk, r.type_en, r.legality, count(*)::int AS objects
       FROM pub_registry r WHERE ${where}
       GROUP BY r.category, r.type_code, r.type_uk, r.type_en, r.legality`,
      p.values,
    ),
    db.query<YearRevenue>(
      `SELECT extract(year FROM pm.paid_on)::int AS year, r.category, r.type_code,
              sum(pm.amount_uah)::numeric(14,2) AS revenue_uah, count(*)::int AS payments
       FROM pub_registry_payments pm JOIN pub_registry r ON r.id = pm.object_id
       WHERE ${where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      p.values,
    ),
    db.query<{ today: string }>('SELECT current_date::text AS today'),
  ]);

  const byLegality = new Map<Legality, number>();
  const byType = new Map<string, { category: string; type_code: string; type_uk: string; type_en: string; objects: number; by_legality: Record<string, number> }>();
  let objects = 0;
  for (const c of counts.rows) {
    objects += c.objects;
    byLegality.set(c.legality, (byLegality.get(c.legality) ?? 0) + c.objects);
    const t = byType.get(c.type_code) ?? { category: c.category, type_code: c.type_code, type_uk: c.type_uk, type_en: c.type_en, objects: 0, by_legality: {} };
    t.objects += c.objects;
    t.by_legality[c.legality] = (t.by_legality[c.legality] ?? 0) + c.objects;
    byType.set(c.type_code, t);
  }
  const byCategory: Record<string, number> = {};
  for (const t of byType.values()) byCategory[t.category] = (byCategory[t.category] ?? 0) + t.objects;

  const years = new Map<number, { year: number; revenue_uah: number; payments: number; by_type: Record<string, number> }>();
  for (const r of revenue.rows) {
    const y = years.get(r.year) ?? { year: r.year, revenue_uah: 0, payments: 0, by_type: {} };
    y.revenue_uah = Math.round((y.revenue_uah + r.revenue_uah) * 100) / 100;
    y.payments += r.payments;
    y.by_type[r.type_code] = r.revenue_uah;
    years.set(r.year, y);
  }
  const thisYear = Number(today.rows[0].today.slice(0, 4));
  const totalRevenue = [...years.values()].reduce((s, y) => s + y.revenue_uah, 0);

  return {
    as_of: today.rows[0].today,
    objects,
    by_legality: LEGALITY.map((value) => ({
      value, label: legalityLabel(value), objects: byLegality.get(value) ?? 0,
    })),
    by_category: byCategory,
    by_type: [...byType.values()].sort((a, b) => a.category.localeCompare(b.category) || b.objects - a.objects),
    revenue: {
      total_uah: Math.round(totalRevenue * 100) / 100,
      this_year_uah: years.get(thisYear)?.revenue_uah ?? 0,
      by_year: [...years.values()].sort((a, b) => a.year - b.year),
    },
  };
}
