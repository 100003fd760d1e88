/**
 * The hromada's geocoder: an address typed as residents type it → address points, best first.
 *
 * Forgiving by construction:
 *  - spelling of quotes, apostrophes, case, hyphens and street-type abbreviations (вул. → вулиця,
 *    пр-т → проспект …): both sides go through search_key() (migration 0013, its twin
 *    server/rules/search-key.ts here);
 *  - typos: street names are scored by pg_trgm's trigram similarity (the larger of similarity and
 *    word_similarity, so "Шевченка" finds "вулиця Шевченка" and "Шевеченка" still does);
 *  - Latin: the street's Latin name (the 2010 national system) is one of the names compared;
 *  - renamed streets: former names (street_alias) are compared too, and the answer names the
 *    street as it is called now, saying which former name matched.
 *
 * Two steps: the street names of the hromada (street_search, a few hundred rows) are scored in
 * SQL; then the houses of the best streets are ranked here by the house number asked for.
 */
import type { Queryable } from '../../db/database.js';
import { searchKey } from '../../rules/search-key.js';

export interface AddressResult {
  id: number;
  label: string;
  street: string;
  houseNumber: string;
  lon: number;
  lat: number;
  /** 0-1: how well the street matched, times how well the house number did. */
  score: number;
  /** The name that matched when it is not the current one: a former name or the Latin one. */
  matched?: { kind: 'former' | 'latin'; name: string };
}

/** Street names scoring below this are not candidates: "вулиця Садова" does not find "провулок Садовий" (0.36). */
export const STREET_THRESHOLD = 0.45;
/** The best streets whose houses are ranked. */
const CANDIDATE_STREETS = 5;

export interface ParsedQuery {
  /** search_key of the street part: "вулиця шевченка". */
  street: string;
  /** The house number as a key ("12 а" for «12-А»), or '' when none was typed. */
  house: string;
}

/**
 * Splits a query into its street and its house number: the house number starts at the first
 * word, after the first, that starts with a digit ("вул. Шевченка, буд. 12-А" → "вулиця
 * шевченка" + "12 а"; "2-й провулок Шевченка" keeps its leading number as part of the street).
 */
export function parseQuery(q: string): ParsedQuery {
  const words = searchKey(q).split(' ').filter(Boolean);
  const at = words.findIndex((w, i) => i > 0 && /^\d/.test(w));
  return at < 0 ? { street: words.join(' '), house: '' } : { street: words.slice(0, at).join(' '), house: words.slice(at).join(' ') };
}

const leadingNumber = (house: string) => Number(/^\d+/.exec(house)?.[0] ?? NaN);

/**
 * A house number as searchKey() would write it ("12-А" → "12 а", "3/1" → "3 1"), without its
 * street-word and apostrophe work, which a house number never needs: ranking calls this for
 * every house of the candidate streets.
 */
const houseKey = (house: string) => house.toLowerCase().replace(/[^0-9a-zа-яіїєґё]+/g, ' ').trim();

/** How well a house matches the number asked for: exact 1, the same number with another letter or corner 0.85, else by distance. */
function houseFactor(asked: string, house: string): number {
  if (!asked) return 0.9;
  const key = houseKey(house);
  if (key === asked || key.replace(/ /g, '') === asked.replace(/ /g, '')) return 1;
  const a = leadingNumber(asked);
  const h = leadingNumber(key);
  if (a === h) return 0.85;
  return Number.isFinite(a) && Number.isFinite(h) ? Math.max(0.3, 0.6 - Math.abs(a - h) / 200) : 0.3;
}

export async function searchAddresses(db: Queryable, municipalityId: number, q: string, limit: number): Promise<AddressResult[]> {
  const parsed = parseQuery(q);
  if (parsed.street.length < 2) return [];
  const { rows: streets } = await db.query<{ street_uk: string; name: string; kind: 'current' | 'latin' | 'former'; score: number }>(
    `SELECT DISTINCT ON (street_uk) street_uk, name, kind, score
     FROM (SELECT street_uk, name, kind, greatest(similarity($2, key), word_similarity($2, key)) AS score
           FROM street_search WHERE municipality_id = $1) s
     WHERE score >= $3
     ORDER BY street_uk, score DESC, kind = 'current' DESC`,
    [municipalityId, parsed.street, STREET_THRESHOLD],
  );
  const best = streets.sort((a, b) => b.score - a.score || a.street_uk.localeCompare(b.street_uk, 'uk')).slice(0, CANDIDATE_STREETS);
  if (best.length === 0) return [];
  // A join on the street names rather than street_uk = ANY($2): with ANY, PostgreSQL picks the
  // street's trigram GIN index for the equality and takes ~150 ms where the btree takes 1 ms.
  const { rows: houses } = await db.query<{ id: number; street_uk: string; house_number: string; lon: number; lat: number }>(
    `SELECT a.id, a.street_uk, a.house_number, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
     FROM unnest($2::text[]) AS s(street) JOIN pub_addresses a ON a.municipality_id = $1 AND a.street_uk = s.street`,
    [municipalityId, best.map((s) => s.street_uk)],
  );
  const street = new Map(best.map((s) => [s.street_uk, s]));
  return houses
    .map((h): AddressResult => {
      const s = street.get(h.street_uk)!;
      return {
        id: h.id, label: `${h.street_uk}, ${h.house_number}`, street: h.street_uk, houseNumber: h.house_number, lon: h.lon, lat: h.lat,
        score: Math.round(s.score * houseFactor(parsed.house, h.house_number) * 1000) / 1000,
        ...(s.kind === 'current' ? {} : { matched: { kind: s.kind, name: s.name } }),
      };
    })
    .sort((a, b) => b.score - a.score || leadingNumber(a.houseNumber) - leadingNumber(b.houseNumber) || a.label.localeCompare(b.label, 'uk'))
    .slice(0, limit);
}
