/**
 * Which sites may frame a hromada's public maps: the one write path of the embed setting (the
 * admin's route, and anything later: a CLI, an import), and the Content-Security-Policy the embed
 * page is sent with.
 *
 * The browser enforces it: CSP `frame-ancestors` (CSP Level 3, §7.7.3) names the documents that may
 * hold the page in a frame, and a browser refuses to render the page in any other. It supersedes
 * X-Frame-Options, which can only say DENY or SAMEORIGIN, so the embed page drops that header.
 */
import type { Database, Queryable } from '../db/database.js';
import { recordChange, type Actor } from '../audit/audit.js';
import { MAX_FRAME_ANCESTORS, normalizeFrameAncestor } from '../rules/embed.js';
import { badRequest, conflict } from '../errors.js';

export interface FramingSetting {
  /** null: any site may frame the maps (the default); otherwise only these origins. */
  frameAncestors: string[] | null;
  /** Bumped by every write; a write names the version it read (optimistic concurrency). */
  version: number;
}

/** The default of a hromada that never saved the setting: public maps may be framed anywhere. */
const DEFAULT: FramingSetting = { frameAncestors: null, version: 0 };

export async function readFraming(db: Queryable, municipalityId: number): Promise<FramingSetting> {
  const { rows } = await db.query<{ frame_ancestors: string[] | null; row_version: number }>(
    'SELECT frame_ancestors, row_version FROM embed_setting WHERE municipality_id = $1',
    [municipalityId],
  );
  return rows[0] ? { frameAncestors: rows[0].frame_ancestors, version: rows[0].row_version } : DEFAULT;
}

/**
 * Checks and normalizes a list of origins; refuses the first bad one with its position and value,
 * so the admin's form can point at the line.
 */
export function checkFrameAncestors(list: readonly string[]): string[] {
  if (list.length > MAX_FRAME_ANCESTORS) {
    throw badRequest(`Не більше ${MAX_FRAME_ANCESTORS} сайтів. At most ${MAX_FRAME_ANCESTORS} sites.`, { field: 'frameAncestors' });
  }
  const result: string[] = [];
  list.forEach((text, index) => {
    const origin = normalizeFrameAncestor(text);
    if (!origin) {
      throw badRequest(
        `Сайт №${index + 1} «${text}» має бути адресою на кшталт https://rada.gov.ua або https://*.rada.gov.ua, без шляху. `
        + `Site ${index + 1} “${text}” must be an origin like https://rada.gov.ua or https://*.rada.gov.ua, without a path.`,
        { field: `frameAncestors[${index}]`, value: text },
      );
    }
    if (!result.includes(origin)) result.push(origin);
  });
  return result;
}

/**
 * Saves the setting in one transaction with its audit row. `expectedVersion` is the version the
 * admin's form read: a save over someone else's newer one is a 409, not a silent overwrite.
 */
export async function writeFraming(
  db: Pick<Database, 'transaction'>,
  actor: Actor,
  change: { frameAncestors: readonly string[] | null; expectedVersion: number },
): Promise<FramingSetting> {
  const frameAncestors = change.frameAncestors === null ? null : checkFrameAncestors(change.frameAncestors);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ frame_ancestors: string[] | null; row_version: number }>(
      'SELECT frame_ancestors, row_version FROM embed_setting WHERE municipality_id = $1 FOR UPDATE',
      [actor.municipalityId],
    );
    const before = rows[0] ? { frameAncestors: rows[0].frame_ancestors, version: rows[0].row_version } : DEFAULT;
    if (before.version !== change.expectedVersion) {
      throw conflict(
        'Налаштування вже змінив хтось інший; перегляньте їх і збережіть знову. Someone else changed the setting; review it and save again.',
        { currentVersion: before.version, frameAncestors: before.frameAncestors },
      );
    }
    const saved = await tx.query<{ row_version: number }>(
      `INSERT INTO embed_setting (municipality_id, frame_ancestors, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (municipality_id) DO UPDATE
         SET frame_ancestors = EXCLUDED.frame_ancestors, updated_by = EXCLUDED.updated_by,
             updated_at = now(), row_version = embed_setting.row_version + 1
       RETURNING row_version`,
      [actor.municipalityId, frameAncestors, actor.userId],
    );
    const after: FramingSetting = { frameAncestors, version: saved.rows[0].row_version };
    await recordChange(tx, {
      municipalityId: actor.municipalityId, userId: actor.userId, entity: 'embed_setting', entityId: actor.municipalityId,
      action: before.version === 0 ? 'create' : 'update', before: { frameAncestors: before.frameAncestors }, after: { frameAncestors },
    });
    return after;
  });
}

/**
 * The `frame-ancestors` sources of the embed page: anywhere (every http/https document: `*` and
 * the schemes, since `*` alone does not match every scheme in older CSP implementations), or this
 * server and the listed origins.
 */
export function frameAncestorsDirective(setting: FramingSetting): string[] {
  if (setting.frameAncestors === null) return ['*', 'https:', 'http:'];
  return ["'self'", ...setting.frameAncestors];
}
