/**
 * The one importer: every dataset (the registry, address points, …) goes in through here, from
 * the command line (server/cli/import-dataset.ts) and from an upload. What is the same for all of
 * them lives here; a dataset says only what is its own (dataset.ts):
 *
 *   bytes ─decode─▶ text ─CSV (read.ts) or GeoJSON (geojson.ts)─▶ header ─dataset.mapColumns─▶ columns
 *     ─CRS and axis order─▶ dataset.start ─every record─▶ checked rows, every problem named
 *     ─dataset.write (one transaction: its own checks against the database, then its write core)─▶ report
 *
 * A dry run is the same work rolled back, so its counts are exactly what the import would do;
 * nothing is written while any row is bad unless the user chose to skip bad rows.
 */
import type { Database, Queryable } from '../../server/db/database.js';
import type { ColumnMap } from './columns.js';
import { CrsError, resolveCrs, type SourceCrs } from './crs.js';
import type { Dataset, ImportOptions } from './dataset.js';
import { decodeSpreadsheet, delimiterName, detectDelimiter, EncodingError, workbookKind, workbookProblem } from './encoding.js';
import { GeoJsonError, looksLikeGeoJson, readGeoJson } from './geojson.js';
import type { AxisOrder } from './place.js';
import { readRecords, SpreadsheetSyntaxError, type SpreadsheetRecord } from './read.js';
import { byLine, emptyReport, groupProblems, rejectedRows, type ImportReport, type RowProblem } from './report.js';

/** Wrong options rather than a wrong file: an unknown hromada or CRS (the CLI exits with 2). */
export class ImportUsageError extends Error {}

/** Thrown inside a dataset's transaction to roll it back on purpose (bad rows, a dry run). */
export class Rollback extends Error {}

export async function importDataset<F extends string, Rows>(db: Database, dataset: Dataset<F, Rows>, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const report = emptyReport(options.fileName, options.municipalitySlug, options.dryRun ?? false, options.skipInvalid ?? false);
  const municipalityId = await municipalityIdOf(db, options.municipalitySlug);
  const given = options.crs ? sourceCrs(options.crs) : undefined;
  const file = await readFile(db, dataset, municipalityId, options, given, report);
  report.timings.readMs = performance.now() - started;
  if (file.checked && !file.checked.empty) {
    try {
      await dataset.write(db, {
        actor: { municipalityId, userId: options.userId ?? null }, options, report, problems: file.problems,
        columns: file.checked.columns, crs: file.checked.crs, rows: file.checked.rows,
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  }
  return finish(report, started, file.problems);
}

interface FileRows<F extends string, Rows> {
  problems: RowProblem[];
  /** Absent when the file cannot be read as the dataset at all (encoding, header, syntax). */
  checked?: { rows: Rows; empty: boolean; columns: ColumnMap<F>; crs: SourceCrs };
}

interface Table {
  header: SpreadsheetRecord | undefined;
  records: Iterable<SpreadsheetRecord>;
  /** For progress: how far through the text. */
  length: number;
  crs: string | null;
}

/** The decoded text as a header and records: CSV, or GeoJSON as a table. */
function tableOf(text: string, options: ImportOptions, report: ImportReport): Table {
  if (looksLikeGeoJson(text)) {
    const table = readGeoJson(text);
    Object.assign(report, { format: 'geojson', delimiter: null });
    return { header: { line: 0, values: table.header, position: 0 }, records: table.records, length: table.records.length, crs: table.crs };
  }
  const delimiter = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : detectDelimiter(text);
  report.delimiter = delimiterName(delimiter);
  const records = readRecords(text, delimiter);
  const header = records.next();
  return { header: header.done ? undefined : header.value, records: { [Symbol.iterator]: () => records }, length: text.length, crs: null };
}

async function readFile<F extends string, Rows>(
  db: Queryable, dataset: Dataset<F, Rows>, municipalityId: number, options: ImportOptions, given: SourceCrs | undefined, report: ImportReport,
): Promise<FileRows<F, Rows>> {
  const fileProblem = (line: number | null, code: string, uk: string, en: string): FileRows<F, Rows> =>
    ({ problems: [{ line, field: null, value: null, code, uk, en }] });
  const workbook = workbookKind(options.input);
  if (workbook) {
    const { uk, en } = workbookProblem(workbook);
    return fileProblem(null, 'workbook', uk, en);
  }
  let decoded;
  try {
    decoded = decodeSpreadsheet(options.input, options.encoding ?? 'auto');
  } catch (error) {
    if (error instanceof EncodingError) return fileProblem(null, 'encoding', error.uk, error.en);
    throw error;
  }
  report.encoding = decoded.encoding;
  const problems: RowProblem[] = [];
  try {
    const table = tableOf(decoded.text, options, report);
    if (!table.header) return fileProblem(null, 'empty_file', 'файл порожній', 'the file is empty');
    const columns = dataset.mapColumns(table.header.values);
    if (columns.unknown.length > 0) {
      const names = columns.unknown;
      report.notices.push({ line: table.header.line || null, uk: `стовпці не розпізнано, їх пропущено: ${names.map((u) => `«${u}»`).join(', ')}`, en: `columns not recognised, ignored: ${names.map((u) => `"${u}"`).join(', ')}` });
    }
    if (columns.problems.length > 0) {
      return { problems: columns.problems.map((p) => ({ line: table.header!.line || null, field: null, value: null, code: 'header', ...p })) };
    }
    const crs = crsOf(given, table, columns);
    report.crs = crs.label;
    // GeoJSON (2008 and RFC 7946 alike) writes x, y — easting or longitude first — whatever the
    // CRS's own axis order; GDAL and QGIS write it so. Only the user's word swaps it.
    const axisOrder: AxisOrder = options.axisOrder ?? 'east-north';
    const rows = await dataset.start(db, { municipalityId, columns, crs, axisOrder });
    const progress = options.onProgress ?? (() => {});
    for (const record of table.records) {
      report.rows.total++;
      const found = rows.add(record);
      for (const p of found.problems) problems.push(p);
      for (const n of found.notices) report.notices.push(n);
      if (report.rows.total % 2000 === 0) progress({ phase: 'read', done: record.position || report.rows.total, total: table.length });
    }
    return { problems, checked: { rows: rows.rows, empty: rows.empty, columns, crs } };
  } catch (error) {
    if (error instanceof GeoJsonError) return { problems: [...problems, { line: null, field: null, value: null, code: 'syntax', uk: error.uk, en: error.en }] };
    if (!(error instanceof SpreadsheetSyntaxError)) throw error;
    return { problems: [...problems, { line: error.line, field: null, value: null, code: 'syntax', uk: error.uk, en: error.en }] };
  }
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

/**
 * The CRS the coordinates are read in. Longitude/latitude columns are degrees; X/Y and WKT need
 * to be told their CRS, by the user or by the file (GeoJSON: RFC 7946's WGS 84, or its `crs`).
 */
function crsOf(given: SourceCrs | undefined, table: Table, columns: ColumnMap<string>): SourceCrs {
  const declared = table.crs ? sourceCrs(table.crs) : undefined;
  if (given && declared && given.label !== declared.label) {
    throw new ImportUsageError(`Файл каже, що його координати в ${declared.label}, а вказано ${given.label}; приберіть --crs або виправте його. The file says its coordinates are in ${declared.label}, but ${given.label} was given; drop --crs or correct it.`);
  }
  const lonLatOnly = columns.index.lon !== undefined && columns.index.x === undefined && columns.index.wkt === undefined;
  const crs = given ?? declared ?? (lonLatOnly || table.header?.line === 0 ? resolveCrs('EPSG:4326') : undefined);
  if (!crs) {
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

/** Consecutive ids as ranges: [[1201, 101200]] rather than 100,000 numbers in an audit row. */
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
