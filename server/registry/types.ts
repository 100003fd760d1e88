/**
 * Object types: the national list (kiosk, billboard …) and the ones a hromada's admin adds for
 * itself, which only that hromada sees and uses.
 */
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { recordChange } from '../audit/audit.js';
import { conflict } from '../errors.js';
import { newObjectType } from './schemas.js';
import { parseInput } from './validation.js';

export function typeRoutes({ db }: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/types', async (req, res) => {
    const { rows } = await db.query(
      `SELECT code, category, name_uk, name_en, sort_order, municipality_id IS NOT NULL AS local
       FROM object_type WHERE municipality_id IS NULL OR municipality_id = $1
       ORDER BY category, sort_order, code`,
      [req.municipality.id],
    );
    res.json({ items: rows });
  });

  router.post('/types', requireRole('admin'), async (req, res) => {
    const input = parseInput(newObjectType, req.body);
    const m = req.municipality.id;
    const created = await db.transaction(async (tx) => {
      const { rows: taken } = await tx.query('SELECT 1 FROM object_type WHERE code = $1', [input.code]);
      if (taken[0]) throw conflict(`Код типу «${input.code}» уже зайнятий. Type code already taken.`, { field: 'code', value: input.code });
      const { rows: [row] } = await tx.query(
        `INSERT INTO object_type (code, category, name_uk, name_en, sort_order, municipality_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING code, category, name_uk, name_en, sort_order, true AS local`,
        [input.code, input.category, input.name_uk, input.name_en, input.sort_order, m],
      );
      await recordChange(tx, { municipalityId: m, userId: req.user!.id, entity: 'object_type', entityId: input.code, action: 'create', after: row });
      return row;
    });
    res.status(201).json(created);
  });

  return router;
}
