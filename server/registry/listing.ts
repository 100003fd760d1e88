/**
 * The filters of the public table (and of the exports and the figures) as SQL over pub_registry
 * aliased `r`. Values always travel as $n; column names and orderings come from the allowlists
 * below, never from the request.
 */
import type { ObjectFilter, ObjectQuery } from './schemas.js';

export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Escapes LIKE's wildcards so a search for "50%" finds "50%" (backslash is ILIKE's escape). */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * WHERE conditions for a filter. `district` is the number of an electoral district of the
 * hromada's current election: an object belongs to the district its point-on-surface falls in
 * (a footprint across a boundary counts once); the ST_Intersects on the raw geometry lets the
 * spatial index narrow the candidates first.
 */
export function filterConditions(municipalityId: number, f: ObjectFilter, p: Params): string[] {
  const where = [`r.municipality_id = ${p.add(municipalityId)}`];
  if (f.category) where.push(`r.category = ${p.add(f.category)}`);
  if (f.type) where.push(`r.type_code = ANY(${p.add(f.type)}::text[])`);
  if (f.legality) where.push(`r.legality = ANY(${p.add(f.legality)}::text[])`);
  if (f.owner) where.push(`r.owner_id = ${p.add(f.owner)}`);
  if (f.district) {
    where.push(`EXISTS (SELECT 1 FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current
                WHERE d.municipality_id = r.municipality_id AND d.number = ${p.add(f.district)}
                  AND ST_Intersects(d.geom, r.geom) AND ST_Intersects(d.geom, ST_PointOnSurface(r.geom)))`);
  }
  if (f.q) {
    const q = p.add(likePattern(f.q));
    // by address, by owner's public name, or by the number of any of its permits (current or past)
    where.push(`(r.address ILIKE ${q} OR r.owner_name ILIKE ${q} OR r.external_id ILIKE ${q}
                 OR EXISTS (SELECT 1 FROM pub_registry_permits pp WHERE pp.object_id = r.id AND pp.number ILIKE ${q}))`);
  }
  return where;
}

/** The order a resident expects when sorting by legality: the problems first. */
const LEGALITY_ORDER = `array_position(ARRAY['expired','no_permit','expiring','legal','dismantled'], r.legality)`;

const SORT_SQL: Record<string, string> = {
  id: 'r.id',
  address: 'r.address',
  type: 'r.type_uk',
  legality: LEGALITY_ORDER,
  owner: 'r.owner_name',
  permit_valid_until: 'r.permit_valid_until',
  installed_on: 'r.installed_on',
  revenue_this_year: 'r.revenue_this_year_uah',
  revenue_total: 'r.revenue_total_uah',
  updated_at: 'r.updated_at',
};

/** ORDER BY for a sort key ("-revenue_total" = descending); the id breaks ties so pages are stable. */
export function orderBy(sort: ObjectQuery['sort']): string {
  const desc = sort.startsWith('-');
  const expr = SORT_SQL[desc ? sort.slice(1) : sort] ?? 'r.id';
  return `${expr} ${desc ? 'DESC' : 'ASC'} NULLS LAST, r.id ${desc ? 'DESC' : 'ASC'}`;
}
