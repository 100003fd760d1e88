import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { MigrationError, pendingMigrations } from '../db/migrate.js';
import { DataFolderBusyError } from '../db/lock.js';
import { openDatabase } from '../db/open.js';
import { CrsError, resolveCrs } from '../../data-import/kit/crs.js';
import type { DelimiterChoice, EncodingChoice } from '../../data-import/kit/encoding.js';
import type { AxisOrder } from '../../data-import/kit/place.js';
import type { Dataset } from '../../data-import/kit/dataset.js';
import { importDataset, ImportUsageError } from '../../data-import/kit/run.js';
import { progressReporter } from '../../data-import/kit/progress.js';
import { rejectedFileName, rejectedRowsFile } from '../../data-import/kit/rejected.js';
import { formatNotice, formatProblem, formatSummary } from '../../data-import/kit/report.js';

/**
 * `npm run import -- <dataset> …`: a council department's file (CSV or GeoJSON) into one of a
 * hromada's datasets — the registry, the address points — through the one importer.
 *
 * Exit codes: 0 imported (or, with --dry-run, would import cleanly; with --skip-invalid, the good
 * rows were written); 1 the file has problems and nothing was written — every one is printed, one
 * line each; 2 the command itself is wrong (options, unknown hromada or CRS, database not migrated).
 */

export const usageOf = (name: string) => `Використання / usage:
  npm run import -- ${name} --municipality <slug> --file <file.csv|file.geojson> [--crs EPSG:6387 | --crs "+proj=…"]
                             [--dry-run] [--skip-invalid] [--encoding auto|utf-8|windows-1251|utf-16le]
                             [--delimiter auto|,|;|tab] [--axis-order east-north|north-east] [--json]

  --crs           система координат X/Y або WKT (EPSG:4326, 5561, 6381-6387, 4284, 28404-28410, 3857
                  чи рядок proj4); для стовпців Довгота/Широта типово EPSG:4326
  --dry-run       перевірити й порахувати, нічого не записуючи / check and count, write nothing
  --skip-invalid  записати добрі рядки, погані — у файл <назва>.rejected.csv поруч / write the good rows,
                  the bad ones to <name>.rejected.csv next to the file
  --axis-order    north-east: у файлі X — північ, Y — схід (геодезичний порядок) / the file's X is the northing
  --json          звіт у JSON на stdout / the report as JSON on stdout
Стовпці описано в data-import/README.md / columns: see data-import/README.md`;

const ENCODINGS = ['auto', 'utf-8', 'windows-1251', 'utf-16le'];
const DELIMITERS: Record<string, DelimiterChoice> = { auto: 'auto', ',': ',', ';': ';', tab: '\t', '\t': '\t' };

class UsageError extends Error {}

export async function runDatasetImport<F extends string, Rows>(dataset: Dataset<F, Rows>, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usageOf(dataset.name)}\n`);
    return 2;
  }
  const say = (message: string) => process.stderr.write(`${message}\n`);
  const input = readFileSync(args.file);
  let db;
  try {
    db = await openDatabase(loadConfig(), say);
  } catch (error) {
    say((error as Error).message);
    // a folder another process holds is not a wrong command: the data waits, as with bad rows
    return error instanceof DataFolderBusyError ? 1 : 2;
  }
  try {
    if ((await pendingMigrations(db)).length > 0) {
      say('База даних не оновлена до поточної схеми: спершу npm run migrate. The database is not migrated: run npm run migrate first.');
      return 2;
    }
    const progress = input.length > 256 * 1024 ? progressReporter() : undefined;
    const report = await importDataset(db, dataset, {
      municipalitySlug: args.municipality, input, fileName: basename(args.file), crs: args.crs,
      dryRun: args.dryRun, skipInvalid: args.skipInvalid, userId: null,
      encoding: args.encoding, delimiter: args.delimiter, axisOrder: args.axisOrder, onProgress: progress?.update,
    }).finally(() => progress?.end());

    let rejectedPath: string | undefined;
    if (args.skipInvalid && !args.dryRun && report.written) {
      const rejected = await rejectedRowsFile(input, report);
      if (rejected) writeFileSync((rejectedPath = rejectedFileName(args.file)), rejected);
    }
    if (args.json) process.stdout.write(`${JSON.stringify({ ...report, rejectedFile: rejectedPath ?? null }, null, 2)}\n`);
    const out = args.json ? say : (line: string) => process.stdout.write(`${line}\n`);
    for (const notice of report.notices) out(formatNotice(notice));
    for (const problem of report.problemSummary) out(formatProblem(problem, report.format));
    for (const line of formatSummary(report)) out(line);
    if (rejectedPath) out(`Відхилені рядки / rejected rows: ${rejectedPath}`);
    if (report.problems.length > 0 && !report.written) return 1;
    return 0;
  } catch (error) {
    if (error instanceof ImportUsageError || error instanceof MigrationError) {
      say(error.message);
      return 2;
    }
    throw error;
  } finally {
    await db.close();
  }
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      municipality: { type: 'string' },
      file: { type: 'string' },
      crs: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      encoding: { type: 'string', default: 'auto' },
      delimiter: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      'axis-order': { type: 'string', default: 'east-north' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.municipality) throw new UsageError('Потрібно --municipality <slug> / --municipality is required');
  if (!values.file) throw new UsageError('Потрібно --file <шлях> / --file is required');
  if (!existsSync(values.file)) throw new UsageError(`Немає файлу / no such file: ${values.file}`);
  if (values.crs) {
    try {
      resolveCrs(values.crs); // before opening the database: a typo should not cost its start-up
    } catch (error) {
      if (error instanceof CrsError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (!['east-north', 'north-east'].includes(values['axis-order']!)) throw new UsageError('--axis-order: east-north або / or north-east');
  if (!ENCODINGS.includes(values.encoding!)) throw new UsageError(`--encoding: одне з / one of ${ENCODINGS.join(', ')}`);
  const delimiter = DELIMITERS[values.delimiter!];
  if (!delimiter) throw new UsageError('--delimiter: одне з / one of auto , ; tab');
  return {
    municipality: values.municipality, file: values.file, crs: values.crs, dryRun: values['dry-run']!,
    skipInvalid: values['skip-invalid']!, encoding: values.encoding as EncodingChoice, delimiter, json: values.json!,
    axisOrder: values['axis-order'] as AxisOrder,
  };
}
