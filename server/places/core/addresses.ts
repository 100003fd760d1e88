/**
 * Address points (street, house number, postcode, a point), the write core: what an import of a
 * hromada's address register writes — new houses added, changed ones updated in place (their ids
 * stay: a comment or an export may name them), unchanged ones left alone, so importing the same
 * register again changes nothing. The rows arrive checked and matched (data-import/addresses/);
 * every write bumps the 'addresses' collection through writeAndMark.
 */
import type { Actor } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import type { Written } from '../../catalog/write.js';
import { transliterate } from '../../rules/transliterate.js';

export interface AddressPoint {
  /** The existing point this row is, or null for a new one. */
  id: number | null;
  street_uk: string;
  street_en: string | null;
  house_number: string;
  postcode: string | null;
  /** WGS 84 WKT of a point. */
  wkt: string;
}

export interface AddressChanges {
  created: number[];
  updated: number[];
}

export type AddressTable = 'address_point';

const COLUMNS = ['street_uk', 'street_en', 'house_number', 'postcode'] as const;

/**
 * A street without a Latin name gets one by the national 2010 system (server/rules/transliterate.ts),
 * so a query typed in Latin ("Shevchenka") finds it as it finds the demo's streets.
 */
const withLatinName = (p: AddressPoint): AddressPoint => (p.street_en?.trim() ? p : { ...p, street_en: transliterate(p.street_uk) });

export async function writeAddressPoints(tx: Queryable, written: Written<AddressTable>, actor: Actor, given: readonly AddressPoint[]): Promise<AddressChanges> {
  const points = given.map(withLatinName);
  const params = (rows: readonly AddressPoint[]) => [
    actor.municipalityId, rows.map((r) => r.id), ...COLUMNS.map((c) => rows.map((r) => r[c])), rows.map((r) => r.wkt),
  ];
  const unnest = `unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(id, ${COLUMNS.join(', ')}, wkt)`;
  const existing = points.filter((p) => p.id !== null);
  const { rows: updated } = existing.length === 0 ? { rows: [] } : await tx.query<{ id: number }>(
    `UPDATE address_point a SET (${COLUMNS.join(', ')}, geom) = (${COLUMNS.map((c) => `u.${c}`).join(', ')}, ST_GeomFromText(u.wkt, 4326))
     FROM ${unnest}
     WHERE a.id = u.id AND a.municipality_id = $1
       AND (${COLUMNS.map((c) => `a.${c}`).join(', ')}, ST_AsText(a.geom)) IS DISTINCT FROM (${COLUMNS.map((c) => `u.${c}`).join(', ')}, ST_AsText(ST_GeomFromText(u.wkt, 4326)))
     RETURNING a.id`,
    params(existing),
  );
  const fresh = points.filter((p) => p.id === null);
  const { rows: created } = fresh.length === 0 ? { rows: [] } : await tx.query<{ id: number }>(
    `INSERT INTO address_point (municipality_id, ${COLUMNS.join(', ')}, geom)
     SELECT $1, ${COLUMNS.map((c) => `u.${c}`).join(', ')}, ST_GeomFromText(u.wkt, 4326) FROM ${unnest}
     RETURNING id`,
    params(fresh),
  );
  if (created.length + updated.length > 0) written.wrote('address_point');
  return { created: created.map((r) => r.id), updated: updated.map((r) => r.id) };
}
