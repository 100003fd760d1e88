import type { Queryable } from '../../server/db/database.js';
import { snapshotSql } from '../../server/registry/core/audit.js';
import type { Actor } from '../../server/registry/core/write.js';
import type { ImportBatch } from './batch.js';
import { ownerNameKey, type OwnerKind, type OwnerValues } from './rows.js';

/**
 * The owners a file names, matched to the hromada's owners and written set-based.
 *
 * Matching (within the municipality only):
 *   legal entity, municipal enterprise  by ЄДРПОУ
 *   sole proprietor with a РНОКПП       by РНОКПП, else by name among those without one
 *   sole proprietor without             by name (case, spacing and quote style aside)
 *
 * The hromada's owners are read once and matched in memory: a hromada has thousands of owners,
 * not millions, and comparing names here keeps the comparison the same on both engines (lower()
 * of Cyrillic depends on the database's locale). A file only adds to what is known of an owner:
 * an empty cell never erases a phone number an editor recorded. Each owner written is versioned
 * and audited as the editor API does it (server/registry/core/audit.ts).
 */

interface OwnerRow {
  id: number;
  kind: OwnerKind;
  name: string;
  edrpou: string | null;
  rnokpp: string | null;
  private_phone: string | null;
  private_email: string | null;
  public_contact: string | null;
}

type OwnerFields = Omit<OwnerRow, 'id'>;

export interface OwnerChanges {
  created: number[];
  updated: number[];
  /** The owner id of each owner key the staged rows use. */
  idOfKey: Map<string, number>;
}

const FIELDS: (keyof OwnerFields)[] = ['kind', 'name', 'edrpou', 'rnokpp', 'private_phone', 'private_email', 'public_contact'];

export async function upsertOwners(tx: Queryable, actor: Actor, batch: ImportBatch): Promise<OwnerChanges> {
  const municipalityId = actor.municipalityId;
  const { rows: used } = await tx.query<{ owner_key: string }>('SELECT DISTINCT owner_key FROM import_row WHERE owner_key IS NOT NULL');
  if (used.length === 0) return { created: [], updated: [], idOfKey: new Map() };
  const { rows: existing } = await tx.query<OwnerRow>(
    `SELECT id, kind, name, edrpou, rnokpp, private_phone, private_email, public_contact
     FROM owner WHERE municipality_id = $1 ORDER BY id`,
    [municipalityId],
  );
  const find = ownerFinder(existing);

  const idOfKey = new Map<string, number>();
  const toCreate: { key: string; fields: OwnerFields }[] = [];
  const toUpdate = new Map<number, OwnerFields>();
  for (const { owner_key: key } of used) {
    const owner = batch.owners.get(key)!;
    const match = find(owner);
    if (!match) {
      toCreate.push({ key, fields: fieldsOf(owner) });
      continue;
    }
    idOfKey.set(key, match.id);
    if (toUpdate.has(match.id)) continue; // two spellings of one sole proprietor: the first wins
    const merged = merge(match, owner);
    if (FIELDS.some((f) => merged[f] !== match[f])) toUpdate.set(match.id, merged);
  }

  const created: number[] = [];
  if (toCreate.length > 0) {
    const { rows: ids } = await tx.query<{ id: number }>(
      "SELECT nextval(pg_get_serial_sequence('owner', 'id'))::integer AS id FROM generate_series(1, $1)",
      [toCreate.length],
    );
    toCreate.forEach((c, i) => {
      idOfKey.set(c.key, ids[i].id);
      created.push(ids[i].id);
    });
    await writeOwners(tx, 'insert', actor, created, toCreate.map((c) => c.fields));
  }
  const updated = [...toUpdate.keys()];
  if (updated.length > 0) await writeOwners(tx, 'update', actor, updated, [...toUpdate.values()]);

  return { created, updated, idOfKey };
}

function ownerFinder(existing: OwnerRow[]): (owner: OwnerValues) => OwnerRow | undefined {
  const byEdrpou = new Map<string, OwnerRow>();
  const byRnokpp = new Map<string, OwnerRow>();
  const soleByName = new Map<string, OwnerRow[]>();
  for (const o of existing) {
    if (o.edrpou && !byEdrpou.has(o.edrpou)) byEdrpou.set(o.edrpou, o);
    if (o.kind !== 'sole_proprietor') continue;
    if (o.rnokpp && !byRnokpp.has(o.rnokpp)) byRnokpp.set(o.rnokpp, o);
    const key = ownerNameKey(o.name);
    soleByName.set(key, [...(soleByName.get(key) ?? []), o]);
  }
  return (owner) => {
    if (owner.kind !== 'sole_proprietor') return byEdrpou.get(owner.edrpou!);
    const sameName = soleByName.get(ownerNameKey(owner.name)) ?? [];
    if (owner.rnokpp) return byRnokpp.get(owner.rnokpp) ?? sameName.find((o) => o.rnokpp === null);
    return sameName[0];
  };
}

function fieldsOf(owner: OwnerValues): OwnerFields {
  return {
    kind: owner.kind, name: owner.name, edrpou: owner.edrpou, rnokpp: owner.rnokpp,
    private_phone: owner.phone, private_email: owner.email, public_contact: owner.public_contact,
  };
}

/** What the owner becomes: the file's values where it has them, the record's elsewhere. */
function merge(current: OwnerRow, owner: OwnerValues): OwnerFields {
  const file = fieldsOf(owner);
  const out = {} as Record<keyof OwnerFields, unknown>;
  for (const f of FIELDS) out[f] = file[f] ?? current[f];
  if (!owner.kindGiven) out.kind = current.kind;
  return out as OwnerFields;
}

async function writeOwners(tx: Queryable, mode: 'insert' | 'update', actor: Actor, ids: number[], rows: OwnerFields[]): Promise<void> {
  const params = [ids, ...FIELDS.map((f) => rows.map((r) => r[f])), actor.municipalityId, actor.userId];
  const m = `$${FIELDS.length + 2}`;
  const user = `$${FIELDS.length + 3}::integer`;
  const unnest = `unnest($1::integer[], ${FIELDS.map((_, i) => `$${i + 2}::text[]`).join(', ')}) AS u(id, ${FIELDS.join(', ')})`;
  const write = mode === 'insert'
    ? `INSERT INTO owner (id, municipality_id, ${FIELDS.join(', ')})
       SELECT u.id, ${m}::integer, ${FIELDS.map((f) => `u.${f}`).join(', ')} FROM ${unnest}
       RETURNING id, NULL::jsonb AS before, ${snapshotSql('owner', 'owner')} AS after`
    : `UPDATE owner o SET ${FIELDS.map((f) => `${f} = u.${f}`).join(', ')}, row_version = o.row_version + 1, updated_at = now()
       FROM ${unnest}, owner prior WHERE o.id = u.id AND prior.id = o.id AND o.municipality_id = ${m}::integer
       RETURNING o.id, ${snapshotSql('owner', 'prior')} AS before, ${snapshotSql('owner', 'o')} AS after`;
  await tx.query(
    `WITH changed AS (${write})
     INSERT INTO audit_log (municipality_id, user_id, entity, entity_id, action, before, after)
     SELECT ${m}::integer, ${user}, 'owner', c.id::text, '${mode === 'insert' ? 'create' : 'update'}', c.before, c.after FROM changed c`,
    params,
  );
}
