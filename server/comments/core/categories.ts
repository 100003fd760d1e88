/**
 * A hromada's own comment categories: added or changed by its admins, each under one of the
 * built-in kinds (the map's colours, the Open311 group, the public `category`), so a new topic
 * ("graffiti" under damage) needs no migration. A category in use is never deleted, only made
 * inactive: the comments that name it keep their topic.
 */
import { recordChange } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import type { Written } from './write.js';

export interface CategoryInput {
  code: string;
  kind: string;
  nameUk: string;
  nameEn: string;
  descriptionUk?: string | null;
  position?: number;
  active?: boolean;
}

export async function saveCategory(tx: Queryable, written: Written, municipalityId: number, userId: number | null, c: CategoryInput): Promise<{ created: boolean }> {
  const { rows } = await tx.query<{ created: boolean }>(
    `INSERT INTO comment_category AS k (municipality_id, code, kind, name_uk, name_en, description_uk, position, active)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, 100), COALESCE($8, true))
     ON CONFLICT (municipality_id, code) DO UPDATE SET kind = EXCLUDED.kind, name_uk = EXCLUDED.name_uk, name_en = EXCLUDED.name_en,
       description_uk = EXCLUDED.description_uk, position = COALESCE($7, k.position), active = COALESCE($8, k.active)
     RETURNING (xmax = 0) AS created`,
    [municipalityId, c.code, c.kind, c.nameUk, c.nameEn, c.descriptionUk ?? null, c.position ?? null, c.active ?? null],
  );
  written.wrote('comment_category');
  await recordChange(tx, { municipalityId, userId, entity: 'comment_category', entityId: c.code, action: rows[0].created ? 'create' : 'update', after: c });
  return { created: rows[0].created };
}
