/**
 * The filters of the public table (and of the exports and the figures) as SQL over pub_registry
 * aliased `r`. Values always travel as $n; column names and orderings come from the allowlists
 * below, never from the request.
 */
import { searchKey } from '../rules/search-key.js';
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
  if (f.q) where.push(searchCondition(municipalityId, f.q, p));
  return where;
}

/**
 * pg_trgm word similarity from which a word of a search is taken for a word of an owner's name
 * with a typo. One letter dropped from a 5-letter word ("свтло" for "світло") scores 0.44; two
 * unrelated words of that length score below 0.2.
 */
const TYPO_SIMILARITY = 0.4;

/** Words of a search beyond this many are ignored (each costs a LIKE per row). */
const MAX_SEARCH_WORDS = 8;

/**
 * A search that forgives how residents spell (issue 9): both sides go through search_key()
 * (0013: case, apostrophes, quotes «», hyphens, "вул." = "вулиця" …), so «ТОВ "Смак-Трейд"» is
 * found by "смак трейд" and "вул. Шевченка, 12" by "вулиця Шевченка 12". An object matches when
 *   - every word of the search begins a word of its address and owner's name together (any
 *     order: "шевченка смак" finds Смак's kiosk on Шевченка; "12" does not find house 1) or, for
 *     a word of 4 letters or more, is like a word of the owner's name by trigrams (pg_trgm word
 *     similarity ≥ TYPO_SIMILARITY: a typo, "смак трейт"; not in addresses, where "2" must not
 *     find "1"), or
 *   - the search is inside one of its permit numbers (current or past) or its record number.
 * The records' keys are stored (0023: pub_registry_search, pub_registry_permit_search, with
 * trigram indexes); the search's key is computed here by searchKey(), search_key()'s tested twin,
 * so it is one parameter. A key with no letters or digits (a search for "%") matches nothing.
 */
export function searchCondition(municipalityId: number, q: string, p: Params): string {
  const key = searchKey(q);
  if (key === '') return 'false';
  const words = key.split(' ').slice(0, MAX_SEARCH_WORDS);
  const m = p.add(municipalityId);
  const text = `(' ' || s.search_address || ' ' || coalesce(s.owner_search_name, ''))`;
  const allWords = words.map((w) => {
    const prefix = `${text} LIKE ${p.add(`% ${w}%`)}`;
    if ([...w].length < 4) return prefix;
    // the typo's similarity is computed once per owner of the hromada, not once per object
    return `(${prefix} OR s.owner_id IN (SELECT w.id FROM pub_registry_owners w
      WHERE w.municipality_id = ${m} AND word_similarity(${p.add(w)}, w.search_name) >= ${TYPO_SIMILARITY}))`;
  }).join(' AND ');
  const inside = p.add(`%${key}%`);
  return `r.id IN (SELECT s.id FROM pub_registry_search s WHERE s.municipality_id = ${m} AND ((${allWords})
    OR s.search_external_id LIKE ${inside}
    OR s.id IN (SELECT ps.object_id FROM pub_registry_permit_search ps WHERE ps.municipality_id = ${m} AND ps.search_number LIKE ${inside})))`;
}

/** How well an object matches a search, for ranking (1: the search is all there). */
export function searchRank(q: string, p: Params): string {
  const k = p.add(searchKey(q));
  return `(SELECT GREATEST(word_similarity(${k}, s.search_address), word_similarity(${k}, coalesce(s.owner_search_name, '')))
    FROM pub_registry_search s WHERE s.id = r.id)`;
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

/**
 * ORDER BY for a sort key ("-revenue_total" = descending); the id breaks ties so pages are stable.
 * With a search and the default order, the best matches come first (`rank`, searchRank()).
 */
export function orderBy(sort: ObjectQuery['sort'], rank?: string): string {
  if (rank && sort === 'id') return `${rank} DESC, r.id ASC`;
  const desc = sort.startsWith('-');
  const expr = SORT_SQL[desc ? sort.slice(1) : sort] ?? 'r.id';
  return `${expr} ${desc ? 'DESC' : 'ASC'} NULLS LAST, r.id ${desc ? 'DESC' : 'ASC'}`;
}
