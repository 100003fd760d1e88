/**
 * Facilities find their building again after the base map's footprints change. A facility's
 * building is found by building_at() (migration 0043) when the facility is written; a footprint
 * imported later (the topographic base usually arrives after the first surveys) would otherwise
 * leave the facilities in it without a building until each is moved. The buildings importer calls
 * this inside its own transaction, so the link changes with the footprints or not at all.
 */
import type { Queryable } from '../../db/database.js';
import { recordChange, type Actor } from '../../audit/audit.js';

/**
 * Re-finds the building of the facilities the written footprints can concern; returns the ids
 * whose building changed. Only those can change: a facility tied to one of the footprints (it may
 * have moved away), and one whose point is within building_at()'s search box of one of them (the
 * test is symmetric: a footprint's box widened by 0.0001° holds the point exactly when the point's
 * box holds the footprint). Not every facility of the hromada, which took 0.6 s per 6,000 for an
 * import of one building.
 */
export async function relinkFacilityBuildings(
  tx: Queryable, written: { wrote(table: 'facility'): void }, actor: Actor, buildingIds: readonly number[],
): Promise<number[]> {
  if (buildingIds.length === 0) return [];
  const { rows } = await tx.query<{ id: number; before: number | null; after: number | null }>(
    `WITH concerned AS (
       SELECT f.id FROM facility f WHERE f.municipality_id = $1 AND f.building_id = ANY($2::integer[])
       UNION
       SELECT f.id FROM building b JOIN facility f ON f.geom && ST_Expand(b.geom, 0.0001)
       WHERE b.id = ANY($2::integer[]) AND b.municipality_id = $1 AND f.municipality_id = $1
     ), found AS (
       SELECT f.id, f.building_id AS before, building_at(f.municipality_id, f.geom) AS after
       FROM facility f JOIN concerned c ON c.id = f.id
     )
     UPDATE facility f SET building_id = found.after, row_version = f.row_version + 1, updated_at = now()
     FROM found
     WHERE f.id = found.id AND found.after IS DISTINCT FROM found.before
     RETURNING f.id, found.before, found.after`,
    [actor.municipalityId, buildingIds],
  );
  if (rows.length === 0) return [];
  written.wrote('facility');
  // one audit row per batch, as the importers write (bulk.ts): the ids and their buildings
  await recordChange(tx, {
    municipalityId: actor.municipalityId, userId: actor.userId, entity: 'facility', entityId: 'buildings:relink', action: 'import',
    after: { facilities: rows.map((r) => ({ id: r.id, building_id: r.after })) },
  });
  return rows.map((r) => r.id);
}
