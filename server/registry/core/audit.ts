/**
 * What the audit log keeps of a registry record, as SQL: the same expression serves one record
 * (an editor's save) and a hundred thousand (an import, set-based), so an entry reads the same
 * whoever made it. A snapshot holds the fields a writer sets and the row_version they made;
 * bookkeeping (created_at, updated_at) and derived values (legality) stay out.
 */
import type { Queryable } from '../../db/database.js';
import type { Actor } from './write.js';

export type AuditedTable = 'registry_object' | 'owner' | 'permit';

const SNAPSHOT: Record<AuditedTable, (alias: string) => string> = {
  registry_object: (o) => `jsonb_build_object(
    'id', ${o}.id, 'type_code', ${o}.type_code, 'geometry', ST_AsGeoJSON(${o}.geom, 7)::jsonb, 'address', ${o}.address,
    'width_m', ${o}.width_m, 'height_m', ${o}.height_m, 'sides', ${o}.sides, 'area_m2', ${o}.area_m2, 'lighting', ${o}.lighting,
    'installed_on', ${o}.installed_on, 'dismantled_on', ${o}.dismantled_on, 'external_id', ${o}.external_id,
    'owner_id', ${o}.owner_id, 'monthly_fee_uah', ${o}.monthly_fee_uah, 'description', ${o}.description,
    'row_version', ${o}.row_version)`,
  owner: (w) => `jsonb_build_object(
    'id', ${w}.id, 'kind', ${w}.kind, 'name', ${w}.name, 'edrpou', ${w}.edrpou, 'public_contact', ${w}.public_contact,
    'rnokpp', ${w}.rnokpp, 'private_phone', ${w}.private_phone, 'private_email', ${w}.private_email, 'row_version', ${w}.row_version)`,
  permit: (p) => `jsonb_build_object(
    'id', ${p}.id, 'object_id', ${p}.object_id, 'kind', ${p}.kind, 'number', ${p}.number, 'issued_on', ${p}.issued_on,
    'valid_from', ${p}.valid_from, 'valid_until', ${p}.valid_until, 'decision', ${p}.decision, 'status', ${p}.status,
    'contract_number', ${p}.contract_number, 'contract_date', ${p}.contract_date, 'row_version', ${p}.row_version)`,
};

/** The snapshot expression of a table's row under an alias (for set-based writers). */
export const snapshotSql = (table: AuditedTable, alias: string): string => SNAPSHOT[table](alias);

/** One record's snapshot as it now stands in the transaction. */
export async function snapshotOf(tx: Queryable, table: AuditedTable, id: number): Promise<unknown> {
  const { rows } = await tx.query<{ s: unknown }>(`SELECT ${SNAPSHOT[table]('t')} AS s FROM ${table} t WHERE t.id = $1`, [id]);
  return rows[0]?.s;
}

/**
 * Records one record's change: `before` as the caller took it (snapshotOf) before writing, the
 * `after` read now. A create has no before; the audit row commits or rolls back with the change.
 */
export async function auditRecord(tx: Queryable, actor: Actor, table: AuditedTable, id: number, action: 'create' | 'update', before?: unknown): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, before, after)
     SELECT $1::integer, $2::integer, $3::text, t.id::text, $4::text, $5::jsonb, ${SNAPSHOT[table]('t')} FROM ${table} t WHERE t.id = $6`,
    [actor.municipalityId, actor.userId, table, action, before === undefined ? null : JSON.stringify(before), id],
  );
}
