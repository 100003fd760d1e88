/**
 * Who changed what and when, from audit_log: an object's own rows and those of its permits,
 * payments and photos (which name the object in their snapshots), each with the fields it
 * changed. Editors only: snapshots of owners hold private data.
 */
import type { Queryable } from '../db/database.js';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Bookkeeping fields that change with every write and say nothing to a reader. */
const QUIET = new Set(['row_version', 'updated_at', 'created_at']);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between two snapshots (a create: every field set; a delete: every field). */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !QUIET.has(k));
  return keys
    .filter((k) => !same(b[k], a[k]))
    .map((k) => ({ field: k, from: b[k] ?? null, to: a[k] ?? null }));
}

export interface HistoryEntry {
  id: number;
  at: Date;
  user: string | null;
  login: string | null;
  entity: string;
  entity_id: string;
  action: string;
  changes: FieldChange[];
}

interface AuditRow {
  id: number;
  at: Date;
  user: string | null;
  login: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
}

const toEntry = ({ before, after, ...row }: AuditRow): HistoryEntry => ({ ...row, changes: changedFields(before, after) });

/** The whole history of an object, newest first. */
export async function objectHistory(db: Queryable, municipalityId: number, objectId: number): Promise<HistoryEntry[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT a.id, a.at, u.display_name AS user, u.login, a.entity, a.entity_id, a.action, a.before, a.after
     FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
     WHERE a.municipality_id = $1
       AND ((a.entity = 'registry_object' AND a.entity_id = $2)
         OR (a.entity IN ('permit','payment','registry_photo') AND COALESCE(a.after->>'object_id', a.before->>'object_id') = $2))
     ORDER BY a.at DESC, a.id DESC LIMIT 1000`,
    [municipalityId, String(objectId)],
  );
  return rows.map(toEntry);
}

/** The changes to one record made after a given row_version (what a stale editor has not seen). */
export async function changesSince(db: Queryable, municipalityId: number, entity: string, entityId: number, rowVersion: number): Promise<HistoryEntry[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT a.id, a.at, u.display_name AS user, u.login, a.entity, a.entity_id, a.action, a.before, a.after
     FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
     WHERE a.municipality_id = $1 AND a.entity = $2 AND a.entity_id = $3
       AND (a.after->>'row_version')::int > $4
     ORDER BY a.at, a.id`,
    [municipalityId, entity, String(entityId), rowVersion],
  );
  return rows.map(toEntry);
}
