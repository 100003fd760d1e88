/**
 * A facility's history from audit_log: its own rows and its entrances' (whose snapshots name the
 * facility), each with the fields it changed. Editors only.
 */
import type { Queryable } from '../db/database.js';
import { changedFields, type HistoryEntry } from '../registry/history.js';

export async function facilityHistory(db: Queryable, municipalityId: number, facilityId: number): Promise<HistoryEntry[]> {
  const { rows } = await db.query<Omit<HistoryEntry, 'changes'> & { before: unknown; after: unknown }>(
    `SELECT a.id, a.at, u.display_name AS user, u.login, a.entity, a.entity_id, a.action, a.before, a.after
     FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
     WHERE a.municipality_id = $1
       AND ((a.entity = 'facility' AND a.entity_id = $2)
         OR (a.entity = 'facility_entrance' AND COALESCE(a.after->>'facility_id', a.before->>'facility_id') = $2))
     ORDER BY a.at DESC, a.id DESC LIMIT 1000`,
    [municipalityId, String(facilityId)],
  );
  return rows.map(({ before, after, ...row }) => ({ ...row, changes: changedFields(before, after) }));
}
