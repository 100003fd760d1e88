/**
 * The name of the one object an embed shows (feature=maf/123), for its title, social card and
 * oEmbed answer: "Кіоск, вулиця Грушевського, 44" reads better to a screen reader and in a chat
 * preview than "maf/123". Read from the collection's public view only; the view and the columns
 * come from the catalog, never from the request.
 */
import type { Collection } from '../catalog/collections.js';
import type { Queryable } from '../db/database.js';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** "title, address" of the feature, or undefined when it is not in this hromada's view. */
export async function featureName(db: Queryable, collection: Collection, municipalityId: number, id: string, lang: 'uk' | 'en'): Promise<string | undefined> {
  // Ids of the public views are integers; anything else names no feature (and must not reach a cast).
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const english = lang === 'en' && collection.titleProperty.endsWith('_uk') ? collection.titleProperty.replace(/_uk$/, '_en') : null;
  const title = english && collection.properties.some((p) => p.name === english) ? english : collection.titleProperty;
  const address = collection.properties.some((p) => p.name === 'address' && p.type === 'string') ? 't.address' : 'NULL::text';
  const { rows } = await db.query<{ title: string | null; address: string | null }>(
    `SELECT t.${quote(title)}::text AS title, ${address} AS address FROM ${collection.view} t WHERE t.municipality_id = $1 AND t.id = $2::bigint`,
    [municipalityId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return [row.title, row.address].filter((s): s is string => !!s && s.trim() !== '').join(', ') || undefined;
}
