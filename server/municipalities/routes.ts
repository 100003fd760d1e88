import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { recordChange } from '../audit/audit.js';
import { badRequest } from '../errors.js';

const settings = z.object({
  nameUk: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(2).max(200),
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  zoom: z.number().int().min(0).max(22),
}).partial().strict();

interface SettingsRow { name_uk: string; name_en: string; center: [number, number]; zoom: number }

const SELECT_SETTINGS = `SELECT name_uk, name_en, json_build_array(ST_X(view_center), ST_Y(view_center)) AS center, view_zoom AS zoom
  FROM municipality WHERE id = $1`;

/**
 * /:municipality/api/municipality — the hromada's public description, and its settings for the
 * admin: names and the view the map opens at. The new view must lie inside the hromada.
 */
export function municipalityRoutes({ db, municipalities }: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/', (req, res) => {
    const { slug, nameUk, nameEn, bbox, center, zoom, localSrid } = req.municipality;
    res.json({ slug, nameUk, nameEn, bbox, center, zoom, localSrid });
  });

  router.patch('/', requireRole('admin'), async (req, res) => {
    const parsed = settings.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(`Поле ${issue.path.join('.') || '(тіло)'}: ${issue.message}`, { field: issue.path.join('.') });
    }
    const change = parsed.data;
    const id = req.municipality.id;
    await db.transaction(async (tx) => {
      const before = (await tx.query<SettingsRow>(`${SELECT_SETTINGS} FOR UPDATE`, [id])).rows[0];
      if (change.center) {
        const { rows } = await tx.query<{ inside: boolean }>(
          'SELECT ST_Intersects(boundary, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside FROM municipality WHERE id = $1',
          [id, change.center[0], change.center[1]],
        );
        if (!rows[0].inside) throw badRequest(`Центр ${change.center.join(', ')} поза межами громади. The centre lies outside the hromada.`, { field: 'center' });
      }
      await tx.query(
        `UPDATE municipality SET
           name_uk = COALESCE($2, name_uk), name_en = COALESCE($3, name_en),
           view_center = COALESCE(ST_SetSRID(ST_MakePoint($4::float8, $5::float8), 4326), view_center),
           view_zoom = COALESCE($6, view_zoom)
         WHERE id = $1`,
        [id, change.nameUk ?? null, change.nameEn ?? null, change.center?.[0] ?? null, change.center?.[1] ?? null, change.zoom ?? null],
      );
      const after = (await tx.query<SettingsRow>(SELECT_SETTINGS, [id])).rows[0];
      await recordChange(tx, { municipalityId: id, userId: req.user!.id, entity: 'municipality', entityId: id, action: 'update', before, after });
      // other app instances on the same PostgreSQL reload their directory (see server.ts)
      await tx.query("SELECT pg_notify('municipality_changed', $1)", [String(id)]);
    });
    await municipalities.reload();
    const { slug, nameUk, nameEn, bbox, center, zoom, localSrid } = municipalities.get(req.municipality.slug)!;
    res.json({ slug, nameUk, nameEn, bbox, center, zoom, localSrid });
  });

  return router;
}
