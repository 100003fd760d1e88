/**
 * POST /:municipality/api/registry/import — a spreadsheet (CSV) uploaded from the editor UI,
 * imported by the same core as `npm run import -- registry` (data-import/registry/import.ts).
 *
 * The body is the file's bytes as they are (Content-Type text/csv, text/plain or
 * application/octet-stream): the core detects UTF-8 (with or without BOM) or Windows-1251 and the
 * delimiter itself, so nothing here decodes text. Query: crs (EPSG code or proj4 string; may be
 * left out for a file with Довгота/Широта), dryRun=true (check and count, write nothing: the
 * preview), skipInvalid=true (write the good rows when some are bad), fileName (for the report
 * and the audit log). Answers the import report: counts and every problem with its line.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { importRegistry, ImportUsageError } from '../../data-import/registry/import.js';
import type { AppContext } from '../context.js';
import { requireRole } from '../auth/guards.js';
import { AppError, badRequest } from '../errors.js';
import { parseInput } from './validation.js';

/** 100 000 rows of a department's spreadsheet are about 20 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const importQuery = z.object({
  crs: z.string().trim().min(1).max(1000).optional(),
  dryRun: flag.default(false),
  skipInvalid: flag.default(false),
  fileName: z.string().trim().min(1).max(200).default('upload.csv'),
  /** north-east: the editor confirmed the file's X is the northing (geodetic order). */
  axisOrder: z.enum(['east-north', 'north-east']).default('east-north'),
}).strict();

export function importRoutes({ db, versions }: AppContext): Router {
  const router = Router({ mergeParams: true });
  const file = express.raw({ type: ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/octet-stream', 'application/vnd.ms-excel'], limit: MAX_IMPORT_BYTES });

  router.post('/import', requireRole('registry_editor'), file, async (req, res) => {
    const query = parseInput(importQuery, req.query);
    if (!Buffer.isBuffer(req.body)) {
      throw new AppError(415, 'UnsupportedMediaType', 'Надішліть файл CSV як тіло запиту (Content-Type: text/csv). Send the CSV file as the body (Content-Type: text/csv).');
    }
    if (req.body.length === 0) throw badRequest('Порожній файл. Empty file.', { field: 'file' });
    let report;
    try {
      report = await importRegistry(db, {
        municipalitySlug: req.municipality.slug, input: req.body, fileName: query.fileName, crs: query.crs,
        dryRun: query.dryRun, skipInvalid: query.skipInvalid, userId: req.user!.id, versions, axisOrder: query.axisOrder,
      });
    } catch (error) {
      if (error instanceof ImportUsageError) throw badRequest(error.message, { field: 'crs' });
      throw error;
    }
    res.set('Cache-Control', 'private, no-store').json(report);
  });

  return router;
}
