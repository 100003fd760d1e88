/**
 * The districts' write core: what an import of an election's district boundaries writes, and
 * the one place that does. A district is the election's district with the same number: changed
 * ones are updated in place (deputies and comments keep pointing at them), new ones inserted,
 * and the election's districts the file no longer has are deleted — unless deputies were elected
 * in them, which the caller has refused before getting here. Every write marks the 'districts'
 * collection through writeAndMark (the tables' triggers bump its version), and the caller audits.
 */
import type { Actor } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import type { Written } from '../../catalog/write.js';

export interface DistrictBoundary {
  number: number;
  nameUk: string | null;
  descriptionUk: string | null;
  /** WGS 84 WKT of a valid (Multi)Polygon, already cut to the hromada. */
  wkt: string;
}

export interface DistrictChanges {
  created: number[];
  updated: number[];
  deleted: number[];
}

export type DistrictTable = 'electoral_district';

export async function writeDistricts(
  tx: Queryable, written: Written<DistrictTable>, actor: Actor, electionId: number, districts: readonly DistrictBoundary[],
): Promise<DistrictChanges> {
  const params = [
    actor.municipalityId, electionId, districts.map((d) => d.number), districts.map((d) => d.nameUk),
    districts.map((d) => d.descriptionUk), districts.map((d) => d.wkt),
  ];
  const input = `unnest($3::integer[], $4::text[], $5::text[], $6::text[]) AS u(number, name_uk, description_uk, wkt)`;
  const geom = 'ST_Multi(ST_GeomFromText(u.wkt, 4326))';
  const { rows: updated } = await tx.query<{ number: number }>(
    `UPDATE electoral_district d SET name_uk = u.name_uk, description_uk = u.description_uk, geom = ${geom}
     FROM ${input}
     WHERE d.municipality_id = $1 AND d.election_id = $2 AND d.number = u.number
       AND (d.name_uk IS DISTINCT FROM u.name_uk OR d.description_uk IS DISTINCT FROM u.description_uk OR NOT ST_Equals(d.geom, ${geom}))
     RETURNING d.number`,
    params,
  );
  const { rows: created } = await tx.query<{ number: number }>(
    `INSERT INTO electoral_district (municipality_id, election_id, number, name_uk, description_uk, geom)
     SELECT $1, $2, u.number, u.name_uk, u.description_uk, ${geom} FROM ${input}
     WHERE NOT EXISTS (SELECT 1 FROM electoral_district d WHERE d.election_id = $2 AND d.number = u.number)
     RETURNING number`,
    params,
  );
  const { rows: deleted } = await tx.query<{ number: number }>(
    `DELETE FROM electoral_district d WHERE d.municipality_id = $1 AND d.election_id = $2 AND NOT (d.number = ANY($3::integer[]))
     RETURNING d.number`,
    [actor.municipalityId, electionId, districts.map((d) => d.number)],
  );
  if (created.length + updated.length + deleted.length > 0) written.wrote('electoral_district');
  const numbers = (rows: { number: number }[]) => rows.map((r) => r.number).sort((a, b) => a - b);
  return { created: numbers(created), updated: numbers(updated), deleted: numbers(deleted) };
}
