/**
 * Who publishes the registry: the issuing body and the address parts that the open-data set
 * "Інформація про рекламні засоби" requires on every row (opendata.ts). Public to read; the
 * hromada's admin sets them.
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { registryLayersChanged } from './caching.js';
import { requireRole } from '../auth/guards.js';
import { recordChange } from '../audit/audit.js';
import { publisherPatch } from './schemas.js';
import { parseInput } from './validation.js';

const COLUMNS = ['authority_name', 'authority_edrpou', 'katottg', 'region_uk', 'district_uk', 'hromada_uk', 'locality_uk'] as const;
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM registry_publisher WHERE municipality_id = $1`;
const EMPTY = Object.fromEntries(COLUMNS.map((c) => [c, null]));

export function publisherRoutes({ db, versions }: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/publisher', async (req, res) => {
    const { rows } = await db.query(SELECT, [req.municipality.id]);
    res.json(rows[0] ?? EMPTY);
  });

  router.patch('/publisher', requireRole('admin'), async (req, res) => {
    const input = parseInput(publisherPatch, req.body);
    const m = req.municipality.id;
    const after = await db.transaction(async (tx) => {
      const before = (await tx.query(`${SELECT} FOR UPDATE`, [m])).rows[0] ?? EMPTY;
      const merged = { ...before, ...input } as Record<string, unknown>;
      await tx.query(
        `INSERT INTO registry_publisher (municipality_id, ${COLUMNS.join(', ')}, updated_at)
         VALUES ($1, ${COLUMNS.map((_, i) => `$${i + 2}`).join(', ')}, now())
         ON CONFLICT (municipality_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()`,
        [m, ...COLUMNS.map((c) => merged[c] ?? null)],
      );
      const changed = (await tx.query(SELECT, [m])).rows[0];
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'registry_publisher', entityId: m, action: 'update', before, after: changed });
      // the exports carry these on every row: their ETags must change
      await tx.query("SELECT bump_collection_versions(ARRAY[$1::int], ARRAY['maf','advertising'])", [m]);
      return changed;
    });
    registryLayersChanged(versions, m);
    res.json(after);
  });

  return router;
}
