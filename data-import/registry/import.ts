import { recordChange } from '../../server/audit/audit.js';
import type { CollectionVersions } from '../../server/catalog/versions.js';
import { registryWrite, type Actor, type Written } from '../../server/registry/core/write.js';
import type { Database, Queryable } from '../../server/db/database.js';
import { isValidEdrpou } from '../../server/rules/edrpou.js';
import { ImportBatch } from './batch.js';
import { checkInsideHromada } from './boundary.js';
import { mapColumns, type ColumnMap } from './columns.js';
import { CrsError, resolveCrs, type SourceCrs } from '../kit/crs.js';
import { decodeSpreadsheet, delimiterName, detectDelimiter, EncodingError, type DelimiterChoice, type EncodingChoice } from '../kit/encoding.js';
import { matchObjects, upsertObjects } from './objects.js';
import { ObjectTypes } from './object-types.js';
import { upsertOwners } from './owners.js';
import { readRecords, SpreadsheetSyntaxError } from '../kit/read.js';
import { byLine, emptyReport, groupProblems, rejectedRows, type ImportReport, type RowProblem } from '../kit/report.js';
import { RowChecker, type AxisOrder } from './rows.js';
import { createStagingTable, stageRows, unstageLines } from './staging.js';

/**
 * Imports a department's spreadsheet into a hromada's registry — the one entry point for the CLI
 * and for the editor UI's upload:
 *
 *   bytes ─decode─▶ text ─read one record at a time─▶ check each row ─▶ good rows (columns)
 *     ─stage in chunks─▶ import_row ─boundary, matching─▶ all problems known
 *     ─▶ nothing written if any row is bad (unless skipInvalid) ─▶ owners, objects, permits ─▶ one audit row
 *
 * Everything from staging on runs in ONE transaction: an import lands whole or not at all, and a
 * dry run is the same work rolled back — so its counts are exactly what the import would do.
 */

export interface ImportOptions {
  municipalitySlug: string;
  /** The file as uploaded or read from disk. */
  input: Uint8Array;
  /** For the report and the audit log. */
  fileName: string;
  /** "EPSG:6387", "6387", or a proj4 string; may be left out when the file has Довгота/Широта (WGS 84). */
  crs?: string;
  /** Check and count, write nothing. */
  dryRun?: boolean;
  /** Write the good rows even when some are bad (the bad ones are reported and left out). */
  skipInvalid?: boolean;
  /** The editor who imports; null for the command line. */
  userId?: number | null;
  encoding?: EncodingChoice;
  delimiter?: DelimiterChoice;
  /** 'north-east' when the user confirms the file's X is the northing (geodetic order). */
  axisOrder?: AxisOrder;
  onProgress?: (progress: ImportProgress) => void;
  /** The server's collection versions, marked once the import commits (absent on the command line). */
  versions?: CollectionVersions;
}

import type { ImportProgress } from '../kit/progress.js';
export type { ImportProgress };

/** Wrong options rather than a wrong file: an unknown hromada or CRS (the CLI exits with 2). */
export class ImportUsageError extends Error {}

/** Thrown inside the transaction to roll it back on purpose (bad rows, dry run). */
class Rollback extends Error {}

export async function importRegistry(db: Database, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const report = emptyReport(options.fileName, options.municipalitySlug, options.dryRun ?? false, options.skipInvalid ?? false);
  const municipalityId = await municipalityIdOf(db, options.municipalitySlug);
  const crs = options.crs ? sourceCrs(options.crs) : undefined;
  const file = await readSpreadsheet(db, options, crs, report);
  report.timings.readMs = performance.now() - started;
  if (file.checked && file.checked.batch.placesChecked > 0) {
    const checked = file.checked;
    try {
      const actor: Actor = { municipalityId, userId: options.userId ?? null };
      await registryWrite({ db, versions: options.versions }, actor, (tx, written) => writeRows(tx, written, actor, options, checked, file.problems, report));
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  }
  return finish(report, started, file.problems);
}

interface SpreadsheetRows {
  problems: RowProblem[];
  /** Absent when the file cannot be read as a registry at all (encoding, header, syntax). */
  checked?: { batch: ImportBatch; columns: ColumnMap; crs: SourceCrs };
}

/** Bytes → checked rows: decodes, reads the header, checks every row; fills in the report's file facts. */
async function readSpreadsheet(db: Queryable, options: ImportOptions, given: SourceCrs | undefined, report: ImportReport): Promise<SpreadsheetRows> {
  const fileProblem = (line: number | null, code: string, uk: string, en: string): SpreadsheetRows =>
    ({ problems: [{ line, field: null, value: null, code, uk, en }] });
  let decoded;
  try {
    decoded = decodeSpreadsheet(options.input, options.encoding ?? 'auto');
  } catch (error) {
    if (error instanceof EncodingError) return fileProblem(null, 'encoding', error.uk, error.en);
    throw error;
  }
  const delimiter = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : detectDelimiter(decoded.text);
  Object.assign(report, { encoding: decoded.encoding, delimiter: delimiterName(delimiter) });
  const records = readRecords(decoded.text, delimiter);
  const problems: RowProblem[] = [];
  try {
    const header = records.next();
    if (header.done) return fileProblem(null, 'empty_file', 'файл порожній', 'the file is empty');
    const columns = mapColumns(header.value.values);
    if (columns.unknown.length > 0) {
      const names = columns.unknown;
      report.notices.push({ line: header.value.line, uk: `стовпці не розпізнано, їх пропущено: ${names.map((u) => `«${u}»`).join(', ')}`, en: `columns not recognised, ignored: ${names.map((u) => `"${u}"`).join(', ')}` });
    }
    if (columns.problems.length > 0) {
      return { problems: columns.problems.map((p) => ({ line: header.value.line, field: null, value: null, code: 'header', ...p })) };
    }
    const crs = checkCrsAgainstColumns(given, columns);
    report.crs = crs.label;
    const checker = new RowChecker(columns, crs, await ObjectTypes.load(db), isValidEdrpou, options.axisOrder);
    const batch = new ImportBatch(columns);
    const progress = options.onProgress ?? (() => {});
    for (const record of records) {
      report.rows.total++;
      const checked = checker.check(record);
      problems.push(...checked.problems);
      report.notices.push(...checked.notices);
      if (checked.row) {
        const added = batch.add(checked.row);
        problems.push(...added.problems);
        report.notices.push(...added.notices);
      } else if (checked.place) {
        batch.addPlaceOfBadRow(record.line, checked.place);
      }
      if (report.rows.total % 2000 === 0) progress({ phase: 'read', done: record.position, total: decoded.text.length });
    }
    return { problems, checked: { batch, columns, crs } };
  } catch (error) {
    if (!(error instanceof SpreadsheetSyntaxError)) throw error;
    return { problems: [...problems, { line: error.line, field: null, value: null, code: 'syntax', uk: error.uk, en: error.en }] };
  }
}

/**
 * Checked rows → the registry, inside the import's transaction: stage, check against the
 * boundary and the existing records, then — if no row is bad, or bad ones may be skipped — write.
 * Throws Rollback when nothing may be kept (bad rows, or a dry run).
 */
async function writeRows(
  tx: Queryable, written: Written, actor: Actor, options: ImportOptions,
  { batch, columns, crs }: NonNullable<SpreadsheetRows['checked']>, problems: RowProblem[], report: ImportReport,
): Promise<void> {
  const progress = options.onProgress ?? (() => {});
  const municipalityId = actor.municipalityId;
  const t0 = performance.now();
  await createStagingTable(tx);
  await stageRows(tx, batch, (done) => progress({ phase: 'stage', done, total: batch.placesChecked }));
  const t1 = performance.now();
  progress({ phase: 'check', done: 0, total: 1 });
  const inside = await checkInsideHromada(tx, municipalityId, batch, crs);
  report.notices.push(...inside.notices);
  const late = [...inside.problems, ...(await matchObjects(tx, municipalityId, columns))];
  for (const p of late) problems.push(p); // not push(...late): 100,000 arguments overflow the stack
  const t2 = performance.now();
  Object.assign(report.timings, { stageMs: t1 - t0, checkMs: t2 - t1 });
  // Every row in the other axis order: no row is good until the user says how the file reads.
  if (inside.wholeFileSwapped) throw new Rollback();
  if (problems.length > 0 && !report.skipInvalid) throw new Rollback();
  await unstageLines(tx, late.map((p) => p.line!));

  progress({ phase: 'write', done: 0, total: 2 });
  const owners = await upsertOwners(tx, actor, batch);
  progress({ phase: 'write', done: 1, total: 2 });
  const objects = await upsertObjects(tx, actor, columns, owners.idOfKey);
  if (objects.created.length + objects.updated.length + objects.permitTouched.length + owners.created.length + owners.updated.length > 0) {
    written.wrote('registry_object', 'owner', 'permit');
  }
  progress({ phase: 'write', done: 2, total: 2 });
  const { rows: [{ good }] } = await tx.query<{ good: number }>('SELECT count(*)::integer AS good FROM import_row');
  const updated = [...new Set([...objects.updated, ...objects.permitTouched])];
  Object.assign(report, {
    rows: { ...report.rows, created: objects.created.length, updated: updated.length, unchanged: good - objects.created.length - updated.length },
    owners: { created: owners.created.length, updated: owners.updated.length },
    permits: { created: objects.permitsCreated, updated: objects.permitsUpdated },
  });
  report.timings.writeMs = performance.now() - t2;
  await recordImport(tx, municipalityId, options, report, {
    rejectedLines: [...new Set(problems.map((p) => p.line))],
    objectsCreated: objects.created, objectsUpdated: updated, ownersCreated: owners.created, ownersUpdated: owners.updated,
  });
  if (report.dryRun) throw new Rollback();
  report.written = true;
}

async function municipalityIdOf(db: Queryable, slug: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [slug]);
  if (rows.length === 0) {
    const { rows: all } = await db.query<{ slug: string }>('SELECT slug FROM municipality ORDER BY slug');
    throw new ImportUsageError(`Немає громади «${slug}» / no hromada "${slug}"; є / known: ${all.map((r) => r.slug).join(', ')}`);
  }
  return rows[0].id;
}

function sourceCrs(spec: string): SourceCrs {
  try {
    return resolveCrs(spec);
  } catch (error) {
    if (error instanceof CrsError) throw new ImportUsageError(error.message);
    throw error;
  }
}

/** Longitude/latitude columns are degrees; X/Y and WKT need to be told their CRS. */
function checkCrsAgainstColumns(crs: SourceCrs | undefined, columns: ColumnMap): SourceCrs {
  const lonLatOnly = columns.index.lon !== undefined && columns.index.x === undefined && columns.index.wkt === undefined;
  if (!crs) {
    if (lonLatOnly) return resolveCrs('EPSG:4326');
    throw new ImportUsageError('Вкажіть систему координат файлу: --crs EPSG:6387 (або інший код, або рядок proj4). Give the CRS of the file: --crs EPSG:6387 (another code, or a proj4 string).');
  }
  if (lonLatOnly && !crs.geographic) {
    throw new ImportUsageError(`У файлі довгота й широта, а ${crs.label} — проєкція в метрах; для WGS 84 вкажіть --crs EPSG:4326. The file has longitude/latitude, but ${crs.label} is projected (metres); for WGS 84 use --crs EPSG:4326.`);
  }
  return crs;
}

function finish(report: ImportReport, started: number, problems: RowProblem[]): ImportReport {
  report.problems = problems.sort(byLine);
  report.rows.rejected = rejectedRows(problems);
  report.problemSummary = groupProblems(report.problems);
  report.timings.totalMs = performance.now() - started;
  for (const key of Object.keys(report.timings) as (keyof ImportReport['timings'])[]) report.timings[key] = Math.round(report.timings[key]);
  return report;
}

/** Consecutive ids as ranges: [[1201, 101200]] rather than 100,000 numbers in the audit row. */
export function idRanges(ids: number[]): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const id of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else ranges.push([id, id]);
  }
  return ranges;
}

/** ONE audit row for the whole import: file, counts, and which records it created and changed. */
async function recordImport(
  tx: Queryable, municipalityId: number, options: ImportOptions, report: ImportReport,
  changes: { rejectedLines: (number | null)[]; objectsCreated: number[]; objectsUpdated: number[]; ownersCreated: number[]; ownersUpdated: number[] },
): Promise<void> {
  await recordChange(tx, {
    municipalityId,
    userId: options.userId ?? null,
    entity: 'registry_object',
    entityId: `import:${options.fileName}`,
    action: 'import',
    after: {
      file: options.fileName, crs: report.crs, encoding: report.encoding, rows: report.rows, owners: report.owners, permits: report.permits,
      rejectedLines: changes.rejectedLines,
      objectsCreated: idRanges(changes.objectsCreated), objectsUpdated: idRanges(changes.objectsUpdated),
      ownersCreated: idRanges(changes.ownersCreated), ownersUpdated: idRanges(changes.ownersUpdated),
    },
  });
}
