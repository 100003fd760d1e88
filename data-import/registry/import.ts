/**
 * The registry of МАФ and advertising as a dataset of the one importer (../kit/run.ts): its
 * columns (columns.ts), its row checks (rows.ts: every cell under the shared field rules), its
 * file-wide checks (batch.ts: the same object twice, one owner over many rows), and its write —
 * staged, checked against the boundary and the existing records, then owners, objects and
 * permits through the registry's write core, in ONE transaction:
 *
 *   checked rows ─stage in chunks─▶ import_row ─boundary, matching─▶ all problems known
 *     ─▶ nothing written if any row is bad (unless skipInvalid) ─▶ owners, objects, permits (each change
 *     audited) ─▶ one audit row for the file, which is also the audit entry of what it created
 */
import { recordChange } from '../../server/audit/audit.js';
import { registryWrite, type Written } from '../../server/registry/core/write.js';
import type { Database, Queryable } from '../../server/db/database.js';
import { isValidEdrpou } from '../../server/rules/edrpou.js';
import type { Dataset, ImportJob, ImportOptions } from '../kit/dataset.js';
import type { ImportReport } from '../kit/report.js';
import { idRanges, importDataset, ImportUsageError, Rollback } from '../kit/run.js';
import { ImportBatch } from './batch.js';
import { checkInsideHromada } from './boundary.js';
import { mapColumns, type Field } from './columns.js';
import { matchObjects, upsertObjects } from './objects.js';
import { ObjectTypes } from './object-types.js';
import { upsertOwners } from './owners.js';
import { RowChecker } from './rows.js';
import { createStagingTable, stageRows, unstageLines } from './staging.js';

export type { ImportOptions };
export type { ImportProgress } from '../kit/progress.js';
export { idRanges, ImportUsageError };

interface RegistryRows {
  batch: ImportBatch;
}

export const REGISTRY_DATASET: Dataset<Field, RegistryRows> = {
  name: 'registry',
  mapColumns,
  async start(db, { municipalityId, columns, crs, axisOrder }) {
    const checker = new RowChecker(columns, crs, await ObjectTypes.load(db, municipalityId), isValidEdrpou, axisOrder);
    const batch = new ImportBatch(columns);
    return {
      rows: { batch },
      get empty() {
        return batch.placesChecked === 0;
      },
      add(record) {
        const checked = checker.check(record);
        const problems = [...checked.problems];
        const notices = [...checked.notices];
        if (checked.row) {
          const added = batch.add(checked.row);
          problems.push(...added.problems);
          notices.push(...added.notices);
        } else if (checked.place) {
          batch.addPlaceOfBadRow(record.line, checked.place);
        }
        return { problems, notices };
      },
    };
  },
  write: (db, job) => registryWrite({ db, versions: job.options.versions }, job.actor, (tx, written) => writeRows(tx, written, job)),
};

/** A department's spreadsheet (or GeoJSON) into a hromada's registry: the CLI's and the upload's entry. */
export function importRegistry(db: Database, options: ImportOptions): Promise<ImportReport> {
  return importDataset(db, REGISTRY_DATASET, options);
}

/**
 * Checked rows → the registry, inside the import's transaction: stage, check against the
 * boundary and the existing records, then — if no row is bad, or bad ones may be skipped — write.
 * Throws Rollback when nothing may be kept (bad rows, or a dry run).
 */
async function writeRows(tx: Queryable, written: Written, job: ImportJob<Field, RegistryRows>): Promise<void> {
  const { actor, options, columns, crs, problems, report, rows: { batch } } = job;
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
    permits: { created: objects.permitsCreated.length, updated: objects.permitsUpdated },
  });
  report.timings.writeMs = performance.now() - t2;
  await recordImport(tx, municipalityId, options, report, {
    rejectedLines: [...new Set(problems.map((p) => p.line))],
    objectsCreated: objects.created, objectsUpdated: updated, ownersCreated: owners.created, ownersUpdated: owners.updated,
    permitsCreated: objects.permitsCreated,
  });
  if (report.dryRun) throw new Rollback();
  report.written = true;
}

/**
 * ONE audit row for the whole import: file, counts, and which records it created and changed. It is
 * the audit entry of every object and permit the import created (objects.ts says why), so their
 * ids are kept exactly, as ranges: server/registry/history.ts reads them.
 */
async function recordImport(
  tx: Queryable, municipalityId: number, options: ImportOptions, report: ImportReport,
  changes: {
    rejectedLines: (number | null)[]; objectsCreated: number[]; objectsUpdated: number[]; ownersCreated: number[]; ownersUpdated: number[];
    permitsCreated: number[];
  },
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
      permitsCreated: idRanges(changes.permitsCreated),
    },
  });
}
