/**
 * What the base map's two datasets (streets.ts, buildings.ts) share: rows keyed for matching,
 * the place check against the hromada in one query, and the import's audit row.
 */
import { recordChange } from '../../server/audit/audit.js';
import type { BaseMapChanges, BaseMapTable } from '../../server/basemap/core.js';
import type { Queryable } from '../../server/db/database.js';
import type { ImportJob } from '../kit/dataset.js';
import { idRanges } from '../kit/run.js';

/** A name as compared: case, spacing and apostrophe style aside (in JS: Cyrillic lower() in SQL depends on the locale). */
export const nameKey = (text: string) => text.normalize('NFC').toLowerCase().replace(/[’ʼ`']/g, "'").replace(/\s+/g, ' ').trim();

/** A place to check against the hromada: the row's line and its WGS 84 WKT. */
export interface LinePlace {
  line: number;
  wkt: string;
}

/**
 * The lines whose place fails the dataset's rule against the boundary, in one query. `rule` is an
 * SQL condition on `g` (the row's geometry) and `m.boundary`, written by the dataset, never input.
 */
export async function linesOutside(tx: Queryable, municipalityId: number, places: readonly LinePlace[], rule: string): Promise<number[]> {
  if (places.length === 0) return [];
  const { rows } = await tx.query<{ line: number }>(
    `SELECT u.line FROM unnest($2::integer[], $3::text[]) AS u(line, wkt)
     CROSS JOIN LATERAL (SELECT ST_GeomFromText(u.wkt, 4326) AS g) AS p, municipality m
     WHERE m.id = $1 AND NOT (${rule}) ORDER BY u.line`,
    [municipalityId, places.map((p) => p.line), places.map((p) => p.wkt)],
  );
  return rows.map((r) => r.line);
}

/** The import's one audit row: the file, its CRS and counts, the ids it created and updated (as ranges). */
export async function auditImport(tx: Queryable, job: ImportJob<string, unknown>, table: BaseMapTable, changes: BaseMapChanges): Promise<void> {
  const { actor, options, report } = job;
  await recordChange(tx, {
    municipalityId: actor.municipalityId, userId: actor.userId, entity: table, entityId: `import:${options.fileName}`, action: 'import',
    after: { file: options.fileName, crs: report.crs, format: report.format, rows: report.rows, created: idRanges(changes.created), updated: idRanges(changes.updated) },
  });
}
