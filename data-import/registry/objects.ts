import type { Queryable } from '../../server/db/database.js';
import { snapshotSql } from '../../server/registry/core/audit.js';
import type { Actor } from '../../server/registry/core/write.js';
import type { ColumnMap, Field } from './columns.js';
import type { RowProblem } from '../kit/report.js';

/**
 * Registry objects and their permits, from the staging tables, set-based.
 *
 * Which object a row is (import_match):
 *   1. the hromada's object with the row's external id;
 *   2. else the object holding a permit with the row's number — only an object without an
 *      external id of its own, so a row never takes over another record (the row's external id
 *      is then written to it);
 *   3. else a new object, its id drawn from the sequence before the insert, so that its permit
 *      can be written in the next statement without looking the object up again.
 * Permits: by (object, number).
 *
 * Only the columns the file has are written: a spreadsheet without "Освітлення" leaves lighting
 * as editors recorded it; an empty cell in a column the file has clears the value (the row is the
 * department's record of that object). A record is updated only where something differs (IS
 * DISTINCT FROM over those columns), so re-importing the same file changes nothing: no new
 * row_version, no updated_at, no bump of the collection version. Every record changed is versioned
 * (row_version + 1, updated_at) and audited as the editor API audits it — the same snapshot
 * expression (server/registry/core/audit.ts), before and after, written set-based in the statement
 * that changes it: an editor whose form predates the import gets a 409 naming it, and the history
 * shows it.
 *
 * Records the import creates are audited by the import's own row instead (import.ts: the file, who,
 * and the ids of the objects and permits it created, as ranges). A creation's snapshot would repeat
 * the record itself, and the first later change's `before` keeps it once the record moves on; the
 * object's history shows the creation from those (server/registry/history.ts). One audit row per
 * created record was a third of a 100,000-row first import (issue 9's import speed).
 */

/** INSERT … SELECT of one 'update' audit row per record a CTE `changed` returned (id, before, after). */
const AUDIT_CHANGED = (entity: string, actor: string) =>
  `INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, before, after)
   SELECT $1, ${actor}::integer, '${entity}', c.id::text, 'update', c.before, c.after FROM changed c`;

/** Spreadsheet field → registry_object column; null: always written. */
const OBJECT_COLUMNS: [Field | null, string][] = [
  [null, 'type_code'], [null, 'geom'], ['external_id', 'external_id'], ['address', 'address'],
  // search keys (0023) go with their values, computed in staging.ts
  ['external_id', 'search_external_id'], ['address', 'search_address'],
  ['width_m', 'width_m'], ['height_m', 'height_m'], ['sides', 'sides'], ['area_m2', 'area_m2'], ['lighting', 'lighting'],
  ['installed_on', 'installed_on'], ['dismantled_on', 'dismantled_on'], ['monthly_fee_uah', 'monthly_fee_uah'],
  ['description', 'description'],
];

/** Any of these columns in the file makes the row's owner (or none, for empty cells) the object's. */
const OWNER_FIELDS: Field[] = ['owner_name', 'owner_kind', 'edrpou', 'rnokpp'];

/** Spreadsheet field → [permit column, staging column]. */
const PERMIT_COLUMNS: [Field, string, string][] = [
  ['permit_kind', 'kind', 'permit_kind'], ['permit_issued_on', 'issued_on', 'permit_issued_on'],
  ['permit_valid_from', 'valid_from', 'permit_valid_from'], ['permit_valid_until', 'valid_until', 'permit_valid_until'],
  ['permit_decision', 'decision', 'permit_decision'], ['permit_status', 'status', 'permit_status'],
  ['contract_number', 'contract_number', 'contract_number'], ['contract_date', 'contract_date', 'contract_date'],
];

/** NOT NULL columns with a default: an empty cell keeps what is there. */
const KEEP_WHEN_EMPTY = new Set(['kind', 'status']);

/** Finds the existing object of each staged row; returns the rows that land on an object another row has. */
export async function matchObjects(tx: Queryable, municipalityId: number, columns: ColumnMap): Promise<RowProblem[]> {
  await tx.query(
    `INSERT INTO import_match (line, object_id)
     SELECT r.line, COALESCE(e.id, p.object_id) AS object_id
     FROM import_row r
     LEFT JOIN registry_object e ON e.municipality_id = $1 AND e.external_id = r.external_id
     LEFT JOIN (SELECT DISTINCT ON (p.number) p.number, p.object_id
                FROM permit p JOIN registry_object o ON o.id = p.object_id
                WHERE p.municipality_id = $1 AND o.external_id IS NULL
                ORDER BY p.number, p.object_id) p ON e.id IS NULL AND p.number = r.permit_number
     WHERE COALESCE(e.id, p.object_id) IS NOT NULL`,
    [municipalityId],
  );
  const { rows } = await tx.query<{ lines: number[]; permit_number: string | null }>(
    `SELECT array_agg(m.line ORDER BY m.line) AS lines, min(r.permit_number) AS permit_number
     FROM import_match m JOIN import_row r ON r.line = m.line
     GROUP BY m.object_id HAVING count(*) > 1`,
  );
  return rows.flatMap(({ lines, permit_number }) =>
    lines.slice(1).map((line): RowProblem => ({
      line, field: columns.label.permit_number ?? null, value: permit_number, code: 'duplicate',
      uk: `за номером дозволу це той самий об’єкт реєстру, що й у рядку ${lines[0]}`,
      en: `by its permit number this is the same registry object as line ${lines[0]}`,
    })),
  );
}

export interface ObjectChanges {
  created: number[];
  updated: number[];
  /** Ids of the permits created (the import's audit row lists them). */
  permitsCreated: number[];
  permitsUpdated: number;
  /** Existing objects whose permit was added or changed (they count as updated rows). */
  permitTouched: number[];
}

/** The staged rows with their match and owner: the FROM of every write below. */
const STAGED = `import_row r JOIN import_match m ON m.line = r.line
  LEFT JOIN unnest($2::text[], $3::integer[]) AS ow(key, id) ON ow.key = r.owner_key`;

export async function upsertObjects(
  tx: Queryable, actor: Actor, columns: ColumnMap, ownerIds: Map<string, number>,
): Promise<ObjectChanges> {
  const municipalityId = actor.municipalityId;
  const has = (f: Field | null) => f === null || columns.index[f] !== undefined;
  const targets = OBJECT_COLUMNS.filter(([f]) => has(f)).map(([, c]) => c);
  const values = targets.map((c) => `r.${c}`);
  if (OWNER_FIELDS.some(has)) {
    targets.push('owner_id');
    values.push('ow.id');
  }
  const params = [municipalityId, [...ownerIds.keys()], [...ownerIds.values()], actor.userId];

  const { rows: updated } = await tx.query<{ id: number }>(
    `WITH changed AS (
       UPDATE registry_object o SET (${targets.join(', ')}) = (${values.join(', ')}),
              row_version = o.row_version + 1, updated_at = now()
       FROM ${STAGED}, registry_object prior
       WHERE o.id = m.object_id AND prior.id = o.id AND NOT m.is_new AND o.municipality_id = $1
         AND (${targets.map((c) => `o.${c}`).join(', ')}) IS DISTINCT FROM (${values.join(', ')})
       RETURNING o.id, ${snapshotSql('registry_object', 'prior')} AS before, ${snapshotSql('registry_object', 'o')} AS after
     ), audited AS (${AUDIT_CHANGED('registry_object', '$4')})
     SELECT id FROM changed`,
    params,
  );
  // New objects: ids drawn now, in file order, only once the file is known to be good.
  await tx.exec(`INSERT INTO import_match (line, object_id, is_new)
    SELECT r.line, nextval(pg_get_serial_sequence('registry_object', 'id')), true
    FROM import_row r WHERE NOT EXISTS (SELECT 1 FROM import_match m WHERE m.line = r.line) ORDER BY r.line`);
  // audited by the import's row (see the top of this file); $4, the actor, is the updates'
  const { rows: created } = await tx.query<{ id: number }>(
    `INSERT INTO registry_object (id, municipality_id, ${targets.join(', ')})
     SELECT m.object_id, $1, ${values.join(', ')} FROM ${STAGED} WHERE m.is_new ORDER BY r.line
     RETURNING id`,
    params.slice(0, 3),
  );
  const createdIds = created.map((r) => r.id);
  const permits = await upsertPermits(tx, actor, columns, new Set(createdIds));
  return { created: createdIds, updated: updated.map((r) => r.id), ...permits };
}

async function upsertPermits(tx: Queryable, actor: Actor, columns: ColumnMap, newObjects: Set<number>) {
  const municipalityId = actor.municipalityId;
  if (columns.index.permit_number === undefined) return { permitsCreated: [], permitsUpdated: 0, permitTouched: [] };
  const present = PERMIT_COLUMNS.filter(([f]) => columns.index[f] !== undefined);
  let updated: { object_id: number }[] = [];
  if (present.length > 0) {
    const values = present.map(([, column, staged]) => (KEEP_WHEN_EMPTY.has(column) ? `COALESCE(r.${staged}, p.${column})` : `r.${staged}`));
    ({ rows: updated } = await tx.query<{ object_id: number }>(
      `WITH changed AS (
         UPDATE permit p SET (${present.map(([, c]) => c).join(', ')}, row_version, updated_at) = ROW(${values.join(', ')}, p.row_version + 1, now())
         FROM import_row r JOIN import_match m ON m.line = r.line, permit prior
         WHERE NOT m.is_new AND p.municipality_id = $1 AND p.object_id = m.object_id AND p.number = r.permit_number AND prior.id = p.id
           AND (${present.map(([, c]) => `p.${c}`).join(', ')}) IS DISTINCT FROM (${values.join(', ')})
         RETURNING p.id, p.object_id, ${snapshotSql('permit', 'prior')} AS before, ${snapshotSql('permit', 'p')} AS after
       ), audited AS (${AUDIT_CHANGED('permit', '$2')})
       SELECT object_id FROM changed`,
      [municipalityId, actor.userId],
    ));
  }
  // audited by the import's row, as the objects it creates
  const { rows: created } = await tx.query<{ id: number; object_id: number }>(
    `INSERT INTO permit (municipality_id, object_id, number, search_number, kind, status, issued_on, valid_from, valid_until, decision, contract_number, contract_date)
       SELECT $1, m.object_id, r.permit_number, r.search_permit_number, COALESCE(r.permit_kind, 'permit'), COALESCE(r.permit_status, 'active'),
              r.permit_issued_on, r.permit_valid_from, r.permit_valid_until, r.permit_decision, r.contract_number, r.contract_date
       FROM import_row r JOIN import_match m ON m.line = r.line
       WHERE r.permit_number IS NOT NULL
         AND (m.is_new OR NOT EXISTS (SELECT 1 FROM permit p WHERE p.object_id = m.object_id AND p.number = r.permit_number))
       ORDER BY r.line
       RETURNING id, object_id`,
    [municipalityId],
  );
  const touched = new Set([...updated, ...created].map((r) => r.object_id).filter((id) => !newObjects.has(id)));
  return { permitsCreated: created.map((r) => r.id), permitsUpdated: updated.length, permitTouched: [...touched] };
}
