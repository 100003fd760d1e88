/**
 * A hromada's time to answer a comment (comment_settings.response_days), changed by its admins:
 * past it an unanswered comment shows as overdue. The default is the Law «Про звернення громадян»'s
 * 15 days (migration 0060); the law's ceiling is a month and 45 days with an extension, so 1-365 is
 * only a sanity bound.
 */
import { recordChange } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import type { Written } from './write.js';

export async function saveResponseDays(tx: Queryable, written: Written, municipalityId: number, userId: number | null, responseDays: number): Promise<void> {
  const { rows } = await tx.query<{ before: number | null }>(
    `WITH old AS (SELECT response_days FROM comment_settings WHERE municipality_id = $1)
     INSERT INTO comment_settings (municipality_id, response_days) VALUES ($1, $2)
     ON CONFLICT (municipality_id) DO UPDATE SET response_days = EXCLUDED.response_days
     RETURNING (SELECT response_days FROM old) AS before`,
    [municipalityId, responseDays]);
  written.wrote('comment_settings');
  await recordChange(tx, {
    municipalityId, userId, entity: 'comment_settings', entityId: municipalityId, action: 'update',
    before: { responseDays: rows[0].before }, after: { responseDays },
  });
}
