/**
 * Many new registry records at once, the write core's set-based half, for a program that makes
 * them (the demo generator): the same field rules (server/rules/registry.ts), the same boundary
 * rule, the same audit snapshot as one editor's save — one statement per chunk instead of one
 * per record. A record that breaks a rule stops the whole batch with the record and field named:
 * a program's bad data is a bug to see, not a row to skip.
 *
 * Ids may be given (drawn beforehand from the table's sequence, so records can point at each
 * other without reading anything back).
 */
import type { Queryable } from '../../db/database.js';
import { insideHromada } from '../../municipalities/boundary.js';
import {
  numberProblem, OBJECT_FIELDS, objectDatesProblem, OWNER_FIELDS, ownerIdentifiersProblem, PAYMENT_FIELDS, PERMIT_FIELDS,
  permitDatesProblem, textProblem, type FieldRule, type ObjectValues, type OwnerKind, type PaymentValues, type PermitValues, type Problem,
} from '../../rules/registry.js';
import { snapshotSql, type AuditedTable } from './audit.js';
import type { Actor, Written } from './write.js';

/** Rows per statement: large enough to amortise the round trip, small enough for one message. */
const CHUNK = 5000;

export class BulkRecordError extends Error {
  constructor(readonly table: string, readonly index: number, readonly field: string, readonly value: unknown, problem: Pick<Problem, 'uk' | 'en'>) {
    super(`${table} №${index + 1}, поле ${field} (${JSON.stringify(value)}): ${problem.uk} / ${problem.en}`);
  }
}

export interface NewOwnerRow {
  id: number;
  kind: OwnerKind;
  name: string;
  edrpou: string | null;
  rnokpp: string | null;
  public_contact: string | null;
  private_phone: string | null;
  private_email: string | null;
}

export interface NewObjectRow extends ObjectValues {
  id: number;
  /** WGS 84 WKT: a point, or a footprint. */
  wkt: string;
  owner_id: number | null;
}

export interface NewPermitRow extends PermitValues {
  object_id: number;
}

export interface NewPaymentRow extends PaymentValues {
  object_id: number;
}

/** Every rule of `rules` on every row; throws for the first broken one. */
function checkRules<R>(table: string, rows: readonly R[], rules: Record<string, FieldRule>, more: (row: R) => (Problem & { field: string }) | null = () => null): void {
  rows.forEach((row, index) => {
    for (const [field, rule] of Object.entries(rules)) {
      const value = (row as Record<string, unknown>)[field];
      if (value === null || value === undefined) continue;
      const problem = rule.kind === 'decimal' || rule.kind === 'integer' ? numberProblem(rule, value as number)
        : rule.kind === 'text' ? textProblem(rule, value as string) : null;
      if (problem) throw new BulkRecordError(table, index, field, value, problem);
    }
    const problem = more(row);
    if (problem) throw new BulkRecordError(table, index, problem.field, (row as Record<string, unknown>)[problem.field], problem);
  });
}

/** INSERT … SELECT FROM unnest(…) of typed columns, in chunks, each record audited as created. */
async function insertAudited<R>(
  tx: Queryable, actor: Actor, table: AuditedTable | 'payment', rows: readonly R[],
  columns: readonly (readonly [keyof R & string, string])[], values: (alias: string) => string[] = (a) => columns.map(([c]) => `${a}.${c}`),
): Promise<void> {
  const names = columns.map(([c]) => c);
  const targets = names.map((c) => (c === 'wkt' ? 'geom' : c));
  const unnest = `unnest(${columns.map(([, type], i) => `$${i + 3}::${type}[]`).join(', ')}) AS u(${names.join(', ')})`;
  const after = table === 'payment'
    ? `jsonb_build_object('id', t.id, 'object_id', t.object_id, 'amount_uah', t.amount_uah, 'paid_on', t.paid_on, 'period_from', t.period_from, 'period_to', t.period_to, 'document', t.document)`
    : snapshotSql(table, 't');
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await tx.query(
      `WITH t AS (
         INSERT INTO ${table} (municipality_id, ${targets.join(', ')})
         SELECT $1, ${values('u').join(', ')} FROM ${unnest}
         RETURNING *
       )
       INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, after)
       SELECT $1, $2::integer, '${table}', t.id::text, 'create', ${after} FROM t`,
      [actor.municipalityId, actor.userId, ...names.map((c) => chunk.map((r) => (r as Record<string, unknown>)[c]))],
    );
  }
}

export async function insertOwners(tx: Queryable, written: Written, actor: Actor, owners: readonly NewOwnerRow[]): Promise<void> {
  checkRules('owner', owners, OWNER_FIELDS, ownerIdentifiersProblem);
  await insertAudited(tx, actor, 'owner', owners, [
    ['id', 'integer'], ['kind', 'text'], ['name', 'text'], ['edrpou', 'text'], ['rnokpp', 'text'],
    ['public_contact', 'text'], ['private_phone', 'text'], ['private_email', 'text'],
  ]);
  written.wrote('owner');
}

/** New objects: rules, their type this hromada's (or national), and every one inside the hromada. */
export async function insertObjects(tx: Queryable, written: Written, actor: Actor, objects: readonly NewObjectRow[]): Promise<void> {
  checkRules('registry_object', objects, OBJECT_FIELDS, objectDatesProblem);
  const { rows: [bad] } = await tx.query<{ i: number; reason: string }>(
    `SELECT u.i, CASE WHEN t.code IS NULL THEN 'type' ELSE 'place' END AS reason
     FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(type_code, wkt, i)
     JOIN municipality m ON m.id = $1
     LEFT JOIN object_type t ON t.code = u.type_code AND (t.municipality_id IS NULL OR t.municipality_id = $1)
     WHERE t.code IS NULL OR NOT ${insideHromada('ST_GeomFromText(u.wkt, 4326)', 'm.boundary')}
     ORDER BY u.i LIMIT 1`,
    [actor.municipalityId, objects.map((o) => o.type_code), objects.map((o) => o.wkt)],
  );
  if (bad) {
    const o = objects[bad.i - 1];
    throw bad.reason === 'type'
      ? new BulkRecordError('registry_object', bad.i - 1, 'type_code', o.type_code, { uk: 'немає такого типу в цій громаді', en: 'no such type in this hromada' })
      : new BulkRecordError('registry_object', bad.i - 1, 'geometry', o.wkt, { uk: 'поза межами громади', en: 'outside the hromada' });
  }
  const columns = [
    ['id', 'integer'], ['type_code', 'text'], ['wkt', 'text'], ['address', 'text'], ['width_m', 'numeric'], ['height_m', 'numeric'],
    ['sides', 'smallint'], ['area_m2', 'numeric'], ['lighting', 'boolean'], ['installed_on', 'date'], ['dismantled_on', 'date'],
    ['external_id', 'text'], ['owner_id', 'integer'], ['monthly_fee_uah', 'numeric'], ['description', 'text'],
  ] as const;
  await insertAudited(tx, actor, 'registry_object', objects, columns,
    (a) => columns.map(([c]) => (c === 'wkt' ? `ST_GeomFromText(${a}.wkt, 4326)` : `${a}.${c}`)));
  written.wrote('registry_object');
}

export async function insertPermits(tx: Queryable, written: Written, actor: Actor, permits: readonly NewPermitRow[]): Promise<void> {
  checkRules('permit', permits, PERMIT_FIELDS, permitDatesProblem);
  await insertAudited(tx, actor, 'permit', permits, [
    ['object_id', 'integer'], ['kind', 'text'], ['number', 'text'], ['issued_on', 'date'], ['valid_from', 'date'], ['valid_until', 'date'],
    ['decision', 'text'], ['status', 'text'], ['contract_number', 'text'], ['contract_date', 'date'],
  ]);
  written.wrote('permit');
}

export async function insertPayments(tx: Queryable, written: Written, actor: Actor, payments: readonly NewPaymentRow[]): Promise<void> {
  checkRules('payment', payments, PAYMENT_FIELDS, (p) =>
    p.period_from && p.period_to && p.period_to < p.period_from ? { field: 'period_to', code: 'date_order', uk: 'період закінчується раніше, ніж починається', en: 'the period ends before it starts' } : null);
  await insertAudited(tx, actor, 'payment', payments, [
    ['object_id', 'integer'], ['amount_uah', 'numeric'], ['paid_on', 'date'], ['period_from', 'date'], ['period_to', 'date'], ['document', 'text'],
  ]);
  written.wrote('payment');
}
