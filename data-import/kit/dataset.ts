/**
 * What a dataset tells the importer (run.ts) about itself — its columns, how to check a row, and
 * how to write the good ones through its domain's write core — and what every import is asked.
 */
import type { CollectionVersions } from '../../server/catalog/versions.js';
import type { Actor } from '../../server/audit/audit.js';
import type { Database, Queryable } from '../../server/db/database.js';
import type { ColumnMap } from './columns.js';
import type { SourceCrs } from './crs.js';
import type { DelimiterChoice, EncodingChoice } from './encoding.js';
import type { AxisOrder } from './place.js';
import type { ImportProgress } from './progress.js';
import type { SpreadsheetRecord } from './read.js';
import type { ImportReport, Notice, RowProblem } from './report.js';

export interface ImportOptions {
  municipalitySlug: string;
  /** The file as uploaded or read from disk: CSV (any of the encodings and delimiters) or GeoJSON. */
  input: Uint8Array;
  /** For the report and the audit log. */
  fileName: string;
  /** "EPSG:6387", "6387", or a proj4 string; may be left out for longitude/latitude and for GeoJSON. */
  crs?: string;
  /** Check and count, write nothing. */
  dryRun?: boolean;
  /** Write the good rows even when some are bad (the bad ones are reported and left out). */
  skipInvalid?: boolean;
  /** Who imports; null for the command line. */
  userId?: number | null;
  encoding?: EncodingChoice;
  delimiter?: DelimiterChoice;
  /** 'north-east' when the user confirms the file's X is the northing (geodetic order). */
  axisOrder?: AxisOrder;
  onProgress?: (progress: ImportProgress) => void;
  /** The server's collection versions, marked once the import commits (absent on the command line). */
  versions?: CollectionVersions;
}

/** The rows of one file as a dataset collects them while the importer reads. */
export interface DatasetRows<Rows> {
  /** Checks one record; what is wrong with it (each problem named by line, column and value). */
  add(record: SpreadsheetRecord): { problems: RowProblem[]; notices: Notice[] };
  /** The collected rows, for write(). */
  readonly rows: Rows;
  /** Nothing to check against the database nor to write. */
  readonly empty: boolean;
}

/** Everything write() needs: the good rows, every problem so far (it adds its own), the report to fill. */
export interface ImportJob<F extends string, Rows> {
  actor: Actor;
  options: ImportOptions;
  columns: ColumnMap<F>;
  crs: SourceCrs;
  rows: Rows;
  problems: RowProblem[];
  report: ImportReport;
}

export interface Dataset<F extends string, Rows> {
  /** The subcommand and the name in messages: 'registry', 'addresses'. */
  name: string;
  /** The header → the dataset's fields; problems make the file unreadable as this dataset. */
  mapColumns(headers: readonly string[]): ColumnMap<F>;
  /** Ready to check rows, once the header and CRS are known (may read the database: types, …). */
  start(db: Queryable, setup: { municipalityId: number; columns: ColumnMap<F>; crs: SourceCrs; axisOrder: AxisOrder }): Promise<DatasetRows<Rows>>;
  /**
   * In ONE transaction of the domain's write core: what needs the database (the boundary, existing
   * records), then — no row bad, or bad ones skipped — the write, the counts and the audit. Throws
   * Rollback (run.ts) when nothing may be kept: bad rows, or a dry run.
   */
  write(db: Database, job: ImportJob<F, Rows>): Promise<void>;
}
