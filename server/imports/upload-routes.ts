/**
 * POST …/import for any dataset of the one importer (data-import/kit/run.ts): the file uploaded
 * from the map as it is — CSV (text/csv, text/plain, application/octet-stream) or GeoJSON
 * (application/geo+json, application/json) — imported by the same code as `npm run import`.
 * The importer detects the encoding, the delimiter and GeoJSON itself, so nothing here decodes.
 *
 * Query: crs (EPSG code or proj4 string; may be left out for longitude/latitude and GeoJSON),
 * axisOrder=north-east (the file's X is the northing), dryRun=true (the preview: check and count,
 * write nothing), skipInvalid=true (write the good rows when some are bad), fileName (for the
 * report and the audit log). Answers the import report: counts and every problem with its line.
 */
import { inFormWords, problemInFormWords } from './form-words.js';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Dataset } from '../../data-import/kit/dataset.js';
import { importDataset, ImportUsageError } from '../../data-import/kit/run.js';
import { requireRole } from '../auth/guards.js';
import type { Role } from '../auth/sessions.js';
import type { AppContext } from '../context.js';
import { AppError, badRequest } from '../errors.js';
import { parseInput } from '../registry/validation.js';
import { importLimitBytes } from '../memory-budget.js';

const FILE_TYPES = [
  'text/csv', 'text/plain', 'text/tab-separated-values', 'application/octet-stream', 'application/vnd.ms-excel',
  'application/geo+json', 'application/json',
  // workbooks are not read, but reach the importer, which says how to save them as CSV
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.oasis.opendocument.spreadsheet',
];

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const importQuery = z.object({
  crs: z.string().trim().min(1).max(1000).optional(),
  dryRun: flag.default(false),
  skipInvalid: flag.default(false),
  fileName: z.string().trim().min(1).max(200).default('upload.csv'),
  /** north-east: the user confirmed the file's X is the northing (geodetic order). */
  axisOrder: z.enum(['east-north', 'north-east']).default('east-north'),
}).strict();

export function datasetUploadRoutes<F extends string, Rows>({ db, versions, config }: AppContext, dataset: Dataset<F, Rows>, role: Role): Router {
  const router = Router({ mergeParams: true });
  // The app's JSON parser leaves GeoJSON uploads (application/geo+json) alone; a plain
  // application/json body it has already parsed is refused below with a clear 415.
  // at most 50 MB; under a memory budget (MEMORY_MB) what the heap can parse (memory-budget.ts)
  const file = express.raw({ type: FILE_TYPES, limit: importLimitBytes(config) });

  router.post('/import', requireRole(role), file, async (req, res) => {
    const query = parseInput(importQuery, req.query);
    if (!Buffer.isBuffer(req.body)) {
      throw new AppError(415, 'UnsupportedMediaType', 'Надішліть файл CSV або GeoJSON як тіло запиту (Content-Type: text/csv чи application/geo+json). Send the CSV or GeoJSON file as the body (Content-Type: text/csv or application/geo+json).');
    }
    if (req.body.length === 0) throw badRequest('Порожній файл. Empty file.', { field: 'file' });
    let report;
    try {
      report = await importDataset(db, dataset, {
        municipalitySlug: req.municipality.slug, input: req.body, fileName: query.fileName, crs: query.crs,
        dryRun: query.dryRun, skipInvalid: query.skipInvalid, userId: req.user!.id, versions, axisOrder: query.axisOrder,
      });
    } catch (error) {
      if (error instanceof ImportUsageError) throw badRequest(inFormWords(error.message), { field: 'crs' });
      throw error;
    }
    // the command line's options said as the form's fields (form-words.ts)
    report = { ...report, problems: report.problems.map(problemInFormWords), problemSummary: report.problemSummary.map(problemInFormWords) };
    res.set('Cache-Control', 'private, no-store').json(report);
  });

  return router;
}
