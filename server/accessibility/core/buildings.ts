/**
 * Facilities find their building again after the base map's footprints change. A facility's
 * building is found by building_at() (migration 0043) when the facility is written; a footprint
 * imported later (the topographic base usually arrives after the first surveys) would otherwise
 * leave the facilities in it without a building until each is moved. The buildings importer calls
 * this inside its own transaction, so the link changes with the footprints or not at all.
 */
import type { Queryable } from '../../db/database.js';
import { recordChange, type Actor } from '../../audit/audit.js';

/** Re-finds the building of every facility of the hromada; returns the ids whose building changed. */
export async function relinkFacilityBuildings(tx: Queryable, written: { wrote(table: 'facility'): void }, actor: Actor): Promise<number[]> {
  const { rows } = await tx.query<{ id: number; before: number | null; after: number | null }>(
    `WITH found AS (
       SELECT id, building_id AS before, building_at(municipality_id, geom) AS after
       FROM facility WHERE municipality_id = $1
     )
     UPDATE facility f SET building_id = found.after, row_version = f.row_version + 1, updated_at = now()
     FROM found
     WHERE f.id = found.id AND found.after IS DISTINCT FROM found.before
     RETURNING f.id, found.before, found.after`,
    [actor.municipalityId],
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
