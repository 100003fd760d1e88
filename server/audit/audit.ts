import type { Queryable } from '../db/database.js';

/** Who writes, and in which hromada. userId null: a command-line import or the demo generator. */
export interface Actor {
  municipalityId: number;
  userId: number | null;
}

export interface Change {
  municipalityId: number;
  /** null for changes made by a command-line import or the system. */
  userId: number | null;
  entity: string;
  entityId: string | number;
  action: 'create' | 'update' | 'delete' | 'import';
  before?: unknown;
  after?: unknown;
}

/**
 * Records who changed what and when. Call it with the transaction that makes the change, so the
 * record and the change commit or roll back together.
 */
export async function recordChange(tx: Queryable, change: Change): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, before, after)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      change.municipalityId, change.userId, change.entity, String(change.entityId), change.action,
      change.before === undefined ? null : JSON.stringify(change.before),
      change.after === undefined ? null : JSON.stringify(change.after),
    ],
  );
}

export interface AuditEntry {
  at: Date;
  user: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

/** The history of one record, newest first (for editors). */
export async function historyOf(db: Queryable, municipalityId: number, entity: string, entityId: string | number): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditEntry>(
    `SELECT a.at, u.display_name AS user, a.action, a.before, a.after
     FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
     WHERE a.municipality_id = $1 AND a.entity = $2 AND a.entity_id = $3
     ORDER BY a.at DESC, a.id DESC`,
    [municipalityId, entity, String(entityId)],
  );
  return rows;
}
