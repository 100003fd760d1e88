/**
 * Open311's address_string → a point: the hromada's address point whose "street house" is most
 * like the text (pg_trgm similarity), abbreviations spelt out first (вул. → вулиця …) so "вул.
 * Шевченка, 12" finds "вулиця Шевченка 12". A text that matches nothing well enough is refused
 * with the address named, rather than guessed.
 */
import type { Queryable } from '../db/database.js';

/** Below this similarity a match is a guess, not an address. */
const MIN_SIMILARITY = 0.35;

const ABBREVIATIONS: [RegExp, string][] = [
  [/(^|[\s,])вул\.\s*/giu, '$1вулиця '], [/(^|[\s,])(просп|пр)\.\s*/giu, '$1проспект '], [/(^|[\s,])(бульв|б-р)\.?\s*/giu, '$1бульвар '],
  [/(^|[\s,])пл\.\s*/giu, '$1площа '], [/(^|[\s,])пров\.\s*/giu, '$1провулок '], [/(^|[\s,])буд\.\s*/giu, '$1'],
];

export function spelledOut(text: string): string {
  let s = text.toLowerCase().replace(/[’ʼ`′]/g, "'");
  for (const [re, full] of ABBREVIATIONS) s = s.replace(re, full);
  return s.replace(/[,;]/g, ' ').replace(/\s+/g, ' ').trim();
}

export interface Located {
  lon: number;
  lat: number;
  address: string;
}

export async function locateAddress(db: Queryable, municipalityId: number, text: string): Promise<Located | null> {
  const wanted = spelledOut(text);
  const { rows } = await db.query<Located & { score: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, street_uk || ' ' || house_number AS address,
            similarity(lower(street_uk || ' ' || house_number), $2) AS score
     FROM address_point WHERE municipality_id = $1 AND lower(street_uk || ' ' || house_number) % $2
     ORDER BY score DESC, id LIMIT 1`,
    [municipalityId, wanted],
  );
  const best = rows[0];
  return best && best.score >= MIN_SIMILARITY ? { lon: best.lon, lat: best.lat, address: best.address } : null;
}
