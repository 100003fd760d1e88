/**
 * Who changed what and when, from audit_log: an object's own rows and those of its permits,
 * payments and photos (which name the object in their snapshots), each with the fields it
 * changed. Editors only: snapshots of owners hold private data.
 */
import type { Queryable } from '../db/database.js';
import { snapshotOf } from './core/audit.js';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
  /** What an id or a code stands for, as a person reads it: an owner's name, a type's names. */
  from_label?: { uk: string; en: string } | null;
  to_label?: { uk: string; en: string } | null;
}

/**
 * Bookkeeping fields that change with every write and say nothing to a reader; ids that the
 * entry's heading already names (a permit's object); a photo's checksum.
 */
const QUIET = new Set(['row_version', 'updated_at', 'created_at', 'id', 'object_id', 'sha256']);

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
  /** The file whose import created the record (its creation is recorded in the import's row). */
  import_file?: string;
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
  import_file?: string;
}

const toEntry = ({ before, after, ...row }: AuditRow): HistoryEntry => ({ ...row, changes: changedFields(before, after) });

/**
 * Names for the ids and codes in the changes, so the history reads "Власник: ТОВ «Преса» → ФОП
 * Іваненко", not "450 → 316". Owners and types are looked up within the hromada (and the
 * national types); an owner deleted since keeps its number.
 */
export async function labelChanges(db: Queryable, municipalityId: number, entries: HistoryEntry[]): Promise<HistoryEntry[]> {
  const ownerIds = new Set<number>();
  const typeCodes = new Set<string>();
  for (const e of entries) {
    for (const c of e.changes) {
      for (const v of [c.from, c.to]) {
        if (c.field === 'owner_id' && typeof v === 'number') ownerIds.add(v);
        if (c.field === 'type_code' && typeof v === 'string') typeCodes.add(v);
      }
    }
  }
  const [owners, types] = await Promise.all([
    ownerIds.size === 0 ? { rows: [] } : db.query<{ id: number; name: string }>(
      'SELECT id, name FROM owner WHERE municipality_id = $1 AND id = ANY($2::int[])', [municipalityId, [...ownerIds]],
    ),
    typeCodes.size === 0 ? { rows: [] } : db.query<{ code: string; name_uk: string; name_en: string }>(
      'SELECT code, name_uk, name_en FROM object_type WHERE code = ANY($2::text[]) AND (municipality_id IS NULL OR municipality_id = $1)',
      [municipalityId, [...typeCodes]],
    ),
  ]);
  const ownerName = new Map(owners.rows.map((o) => [o.id, { uk: o.name, en: o.name }]));
  const typeName = new Map(types.rows.map((t) => [t.code, { uk: t.name_uk, en: t.name_en }]));
  const label = (field: string, v: unknown) =>
    field === 'owner_id' && typeof v === 'number' ? ownerName.get(v) ?? null
      : field === 'type_code' && typeof v === 'string' ? typeName.get(v) ?? null
        : undefined;
  for (const e of entries) {
    e.changes = e.changes.map((c) => {
      const from = label(c.field, c.from);
      const to = label(c.field, c.to);
      return from === undefined && to === undefined ? c : { ...c, from_label: from ?? null, to_label: to ?? null };
    });
  }
  return entries;
}

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
  const all = [...rows, ...await importedCreations(db, municipalityId, objectId, rows)]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
  return labelChanges(db, municipalityId, all.map(toEntry));
}

/**
 * The object and permits an import created, as 'create' entries like an editor's. An import records
 * what it creates in its own audit row, as id ranges (data-import/registry/objects.ts), not one row
 * per record; the fields a record was created with are the `before` of its first later change, or
 * the record as it stands when it has not changed since. Imports from before that (with a create
 * row of their own per record) are not repeated.
 */
async function importedCreations(db: Queryable, municipalityId: number, objectId: number, rows: AuditRow[]): Promise<AuditRow[]> {
  const { rows: imports } = await db.query<{ id: number; at: Date; user: string | null; login: string | null; file: string; object: boolean; permits: number[] }>(
    `SELECT * FROM (
       SELECT a.id, a.at, u.display_name AS user, u.login, a.after->>'file' AS file,
              EXISTS (SELECT 1 FROM jsonb_array_elements(a.after->'objectsCreated') r
                      WHERE $2 BETWEEN (r->>0)::integer AND (r->>1)::integer) AS object,
              ARRAY(SELECT p.id FROM permit p
                    WHERE p.municipality_id = $1 AND p.object_id = $2
                      AND EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(a.after->'permitsCreated', '[]')) r
                                  WHERE p.id BETWEEN (r->>0)::integer AND (r->>1)::integer)
                    ORDER BY p.id DESC) AS permits
       FROM audit_log a LEFT JOIN app_user u ON u.id = a.user_id
       WHERE a.municipality_id = $1 AND a.action = 'import' AND a.entity = 'registry_object') i
     WHERE i.object OR cardinality(i.permits) > 0`,
    [municipalityId, objectId],
  );
  const created: AuditRow[] = [];
  for (const i of imports) {
    const records = [
      ...i.permits.map((id) => ({ entity: 'permit' as const, id })),
      ...(i.object ? [{ entity: 'registry_object' as const, id: objectId }] : []),
    ];
    for (const { entity, id } of records) {
      const own = rows.filter((r) => r.entity === entity && r.entity_id === String(id));
      if (own.some((r) => r.action === 'create')) continue;
      // rows are newest first: the last one is the first change after the import
      const firstChange = own.at(-1);
      const after = firstChange?.before ?? await snapshotOf(db, entity, id);
      created.push({
        id: i.id, at: i.at, user: i.user, login: i.login, entity, entity_id: String(id), action: 'create', before: null, after, import_file: i.file,
      });
    }
  }
  return created;
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
