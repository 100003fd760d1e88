/**
 * Owners as editors keep them: add, edit (with row_version), and read with the private fields —
 * an individual's РНОКПП, private phone and e-mail — which only these editor-only answers carry.
 * ЄДРПОУ is checked by its check digit (edrpou.ts); it belongs to legal entities and municipal
 * enterprises, a РНОКПП to a sole proprietor.
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { registryLayersChanged } from './caching.js';
import type { Queryable } from '../db/database.js';
import { requireRole } from '../auth/guards.js';
import { recordChange } from '../audit/audit.js';
import { notFound } from '../errors.js';
import { requireCurrentVersion } from './concurrency.js';
import { newOwner, ownerPatch } from './schemas.js';
import { fieldError, parseInput, pathId } from './validation.js';

export interface OwnerRecord {
  id: number;
  kind: 'legal_entity' | 'sole_proprietor' | 'municipal_enterprise';
  name: string;
  edrpou: string | null;
  public_contact: string | null;
  rnokpp: string | null;
  private_phone: string | null;
  private_email: string | null;
  row_version: number;
  created_at: Date;
  updated_at: Date;
}

const EDITABLE = ['kind', 'name', 'edrpou', 'public_contact', 'rnokpp', 'private_phone', 'private_email'] as const;

async function ownerRecord(db: Queryable, municipalityId: number, id: number, lock = false): Promise<OwnerRecord | undefined> {
  const { rows } = await db.query<OwnerRecord>(
    `SELECT id, kind, name, edrpou, public_contact, rnokpp, private_phone, private_email, row_version, created_at, updated_at
     FROM owner WHERE municipality_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
    [municipalityId, id],
  );
  return rows[0];
}

const ownerSnapshot = ({ created_at: _c, updated_at: _u, ...fields }: OwnerRecord) => fields;

/** ЄДРПОУ for an organisation, РНОКПП for a sole proprietor: never the other way round. */
function checkIdentifiers(o: Pick<OwnerRecord, 'kind' | 'edrpou' | 'rnokpp'>): void {
  if (o.kind === 'sole_proprietor' && o.edrpou) {
    throw fieldError('edrpou', o.edrpou, 'ФОП не має коду ЄДРПОУ; вкажіть РНОКПП у полі rnokpp', 'a sole proprietor has no EDRPOU code; give the RNOKPP in rnokpp');
  }
  if (o.kind !== 'sole_proprietor' && o.rnokpp) {
    throw fieldError('rnokpp', o.rnokpp, 'РНОКПП вказують лише для ФОП', 'an RNOKPP belongs to a sole proprietor only');
  }
}

export function ownerEditorRoutes({ db, versions }: AppContext): Router {
  const router = Router({ mergeParams: true });
  const editor = requireRole('registry_editor');
  // an owner's name shows on every object of theirs, in both layers
  const invalidate = (m: number) => registryLayersChanged(versions, m);

  router.get('/owners/:id/private', editor, async (req, res) => {
    const owner = await ownerRecord(db, req.municipality.id, pathId(req.params.id));
    if (!owner) throw notFound('Власника не знайдено. Owner not found.');
    res.set('Cache-Control', 'private, no-store').json(owner);
  });

  router.post('/owners', editor, async (req, res) => {
    const input = parseInput(newOwner, req.body);
    checkIdentifiers({ kind: input.kind, edrpou: input.edrpou ?? null, rnokpp: input.rnokpp ?? null });
    const m = req.municipality.id;
    const owner = await db.transaction(async (tx) => {
      const { rows: [{ id }] } = await tx.query<{ id: number }>(
        `INSERT INTO owner (municipality_id, kind, name, edrpou, public_contact, rnokpp, private_phone, private_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [m, input.kind, input.name, input.edrpou ?? null, input.public_contact ?? null, input.rnokpp ?? null,
          input.private_phone ?? null, input.private_email ?? null],
      );
      const created = (await ownerRecord(tx, m, id))!;
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'owner', entityId: id, action: 'create', after: ownerSnapshot(created) });
      return created;
    });
    invalidate(m);
    res.status(201).location(`${req.baseUrl}/owners/${owner.id}`).set('Cache-Control', 'private, no-store').json(owner);
  });

  router.patch('/owners/:id', editor, async (req, res) => {
    const id = pathId(req.params.id);
    const input = parseInput(ownerPatch, req.body);
    const m = req.municipality.id;
    const [before, after] = await db.transaction(async (tx) => {
      const current = await ownerRecord(tx, m, id, true);
      if (!current) throw notFound('Власника не знайдено. Owner not found.');
      await requireCurrentVersion(tx, {
        municipalityId: m, entity: 'owner', entityId: id,
        yourRowVersion: input.row_version, currentRowVersion: current.row_version, current,
      });
      checkIdentifiers({
        kind: input.kind ?? current.kind,
        edrpou: input.edrpou !== undefined ? input.edrpou : current.edrpou,
        rnokpp: input.rnokpp !== undefined ? input.rnokpp : current.rnokpp,
      });
      const sets: string[] = [];
      const values: unknown[] = [m, id];
      for (const column of EDITABLE) {
        if (input[column] === undefined) continue;
        values.push(input[column]);
        sets.push(`${column} = $${values.length}`);
      }
      if (sets.length === 0) return [current, current];
      await tx.query(`UPDATE owner SET ${sets.join(', ')}, row_version = row_version + 1, updated_at = now() WHERE municipality_id = $1 AND id = $2`, values);
      const changed = (await ownerRecord(tx, m, id))!;
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'owner', entityId: id, action: 'update', before: ownerSnapshot(current), after: ownerSnapshot(changed) });
      return [current, changed];
    });
    if (after !== before) invalidate(m);
    res.set('Cache-Control', 'private, no-store').json(after);
  });

  return router;
}
