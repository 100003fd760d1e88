/**
 * /:municipality/open311/v2 — Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over
 * the residents' comments: a generic Open311 client lists the services (the hromada's comment
 * categories), posts a request and reads it back.
 *
 *   GET  discovery.{json|xml}
 *   GET  services.{json|xml}              GET services/{service_code}.{json|xml}
 *   GET  requests.{json|xml}?service_request_id=&service_code=&start_date=&end_date=&status=
 *   POST requests.{json|xml}              (form-encoded or JSON; api_key when OPEN311_API_KEY is set)
 *   GET  requests/{id}.{json|xml}         GET tokens/{token}.{json|xml}
 *
 * A posted request goes through the same door as the map's form (server/comments/intake.ts:
 * limits, the write core, the author's e-mail with the private link) and waits for moderation like
 * any comment: until published it reads back as a stub (open, "awaiting moderation", no text).
 * Reads come from pub_open311_requests only, which holds nothing about the author.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { receiveComment } from '../comments/intake.js';
import { categoriesOf } from '../comments/queries.js';
import { doorOf } from '../comments/routes.js';
import type { AppContext } from '../context.js';
import { AppError, badRequest, forbidden, notFound } from '../errors.js';
import { publicOrigin } from '../http/public-url.js';
import { parseInput } from '../registry/validation.js';
import { COMMENT_LIMITS } from '../rules/comments.js';
import { locateAddress } from './address.js';
import { sendErrors, sendList, sendRecord, type Format } from './format.js';

const MAX_LIST = 1000;
/** The spec's default window when no dates are given: the last 90 days. */
const DEFAULT_DAYS = 90;

declare module 'express-serve-static-core' {
  interface Locals { open311Format?: Format }
}

const postBody = z.object({
  api_key: z.string().max(200).optional(),
  service_code: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().trim().min(3).max(300).optional(),
  address_id: z.string().max(100).optional(),
  email: z.email().max(COMMENT_LIMITS.emailMax).optional().or(z.literal('')),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().trim().max(40).optional(),
  last_name: z.string().trim().max(40).optional(),
  phone: z.string().max(40).optional(),
  description: z.string().trim().min(COMMENT_LIMITS.bodyMin).max(COMMENT_LIMITS.bodyMax),
  media_url: z.string().max(2000).regex(/^https?:\/\/[^\s<>"]+$/, 'http(s) URL').optional().or(z.literal('')),
}).passthrough(); // attribute[…] and other clients' extras are ignored, as the spec allows

const listQuery = z.object({
  service_request_id: z.string().regex(/^\d{1,10}(,\d{1,10})*$/).optional(),
  service_code: z.string().regex(/^[a-z][a-z0-9_]{1,40}(,[a-z][a-z0-9_]{1,40})*$/).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z.string().regex(/^(open|closed)(,(open|closed))*$/).optional(),
  jurisdiction_id: z.string().max(100).optional(),
}); // other parameters are ignored, as clients send their own

interface RequestRow {
  id: number; status: string; status_notes: string; service_name: string; service_code: string; description: string | null;
  agency_responsible: string | null; requested_datetime: Date; updated_datetime: Date; expected_datetime: Date;
  media_url: string | null; lon: number; lat: number;
}

const SELECT = `SELECT id, status, status_notes, service_name, service_code, description, agency_responsible, requested_datetime,
  updated_datetime, expected_datetime, media_url, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM pub_open311_requests`;

const record = (r: RequestRow) => ({
  service_request_id: String(r.id), status: r.status, status_notes: r.status_notes, service_name: r.service_name,
  service_code: r.service_code, description: r.description, agency_responsible: r.agency_responsible, service_notice: null,
  requested_datetime: r.requested_datetime.toISOString(), updated_datetime: r.updated_datetime.toISOString(),
  expected_datetime: r.expected_datetime.toISOString(), address: null, address_id: null, zipcode: null,
  lat: r.lat, long: r.lon, media_url: r.media_url,
});

const format = (res: Response): Format => res.locals.open311Format ?? 'json';

function sameKey(sent: string | undefined, key: string): boolean {
  const a = Buffer.from(sent ?? '');
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function open311Routes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });
  // Every path names its format: requests.json, services/damage.xml …
  router.use((req, res, next) => {
    const m = /^(.*)\.(json|xml)$/.exec(req.path);
    if (!m) return sendErrors(res, 'json', 404, 'Вкажіть формат: .json або .xml. Name the format: .json or .xml.');
    res.locals.open311Format = m[2] as Format;
    req.url = m[1] + req.url.slice(req.path.length);
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }));

  router.get('/discovery', (req, res) => {
    const base = `${publicOrigin(req, ctx.config)}/${req.municipality.slug}/open311/v2/`;
    sendRecord(res, format(res), 'discovery', {
      changeset: '2026-12-03T00:00:00Z',
      contact: `${req.municipality.nameUk} — звернення мешканців / residents' comments`,
      key_service: ctx.config.OPEN311_API_KEY ? 'Ключ API видає міська рада. The council issues API keys.' : 'Ключ API не потрібен. No API key needed.',
      endpoints: [{
        specification: 'http://wiki.open311.org/GeoReport_v2', url: base, changeset: '2026-12-03T00:00:00Z', type: 'production',
        formats: ['application/json', 'text/xml'],
      }],
    });
  });

  router.get('/services', async (req, res) => {
    const categories = await categoriesOf(ctx.db, req.municipality.id);
    sendList(res, format(res), 'services', 'service', categories.map((c) => ({
      service_code: c.code, service_name: c.nameUk, description: c.descriptionUk ?? c.nameEn, metadata: true, type: 'realtime',
      keywords: [c.kind, c.nameEn].join(','), group: c.kind,
    })));
  });

  router.get('/services/:code', async (req, res) => {
    const c = (await categoriesOf(ctx.db, req.municipality.id)).find((x) => x.code === req.params.code);
    if (!c) throw notFound(`Немає послуги «${String(req.params.code).slice(0, 50)}». No such service.`);
    sendRecord(res, format(res), 'service_definition', {
      service_code: c.code,
      attributes: [{
        variable: true, code: 'name', datatype: 'string', required: false, datatype_description: 'до 80 символів / up to 80 characters',
        order: 1, description: 'Ім’я, яке показати біля звернення (необов’язково). A name to show with the request (optional).',
      }],
    });
  });

  router.post('/requests', async (req, res) => {
    const body = parseInput(postBody, req.body ?? {});
    const key = ctx.config.OPEN311_API_KEY;
    if (key && !sameKey(body.api_key, key)) throw forbidden('Неправильний api_key. Invalid api_key.');
    let { lat, long: lon } = body;
    if (lat === undefined || lon === undefined) {
      if (!body.address_string) throw badRequest('Потрібні lat і long або address_string. lat and long, or address_string, are required.', { field: 'lat' });
      const found = await locateAddress(ctx.db, req.municipality.id, body.address_string);
      if (!found) throw badRequest(`Адресу «${body.address_string}» не знайдено. Address not found.`, { field: 'address_string', value: body.address_string });
      ({ lat, lon } = found);
    }
    const attributes = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>)['attribute[name]'] : undefined;
    const name = typeof attributes === 'string' && attributes.trim() ? attributes.trim().slice(0, COMMENT_LIMITS.nameMax)
      : [body.first_name, body.last_name].filter(Boolean).join(' ').trim() || null;
    const submitted = await receiveComment(ctx, doorOf(ctx, req), {
      category: body.service_code, body: body.description, lon, lat, name, showName: false,
      email: body.email || null, mediaUrl: body.media_url || null,
    }, null);
    sendList(res, format(res), 'service_requests', 'request', [{
      service_request_id: String(submitted.id), token: String(submitted.id),
      service_notice: 'Звернення чекає на модерацію. The request awaits moderation.', account_id: null,
    }], 201);
  });

  router.get('/requests', async (req, res) => {
    const q = parseInput(listQuery, req.query);
    const ids = q.service_request_id?.split(',').map(Number) ?? null;
    const explicitDates = q.start_date !== undefined || q.end_date !== undefined;
    const { rows } = await ctx.db.query<RequestRow>(
      `${SELECT} WHERE municipality_id = $1 AND ($2::int[] IS NULL OR id = ANY($2::int[]))
         AND ($3::text[] IS NULL OR service_code = ANY($3::text[])) AND ($4::text[] IS NULL OR status = ANY($4::text[]))
         AND requested_datetime >= COALESCE($5::timestamptz, CASE WHEN $2::int[] IS NULL AND NOT $7 THEN now() - make_interval(days => $8) END, '-infinity')
         AND requested_datetime <= COALESCE($6::timestamptz, 'infinity')
       ORDER BY requested_datetime DESC, id DESC LIMIT ${MAX_LIST}`,
      [req.municipality.id, ids, q.service_code?.split(',') ?? null, q.status?.split(',') ?? null, q.start_date ?? null,
        q.end_date ?? null, explicitDates, DEFAULT_DAYS],
    );
    sendList(res, format(res), 'service_requests', 'request', rows.map(record));
  });

  router.get('/requests/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!/^\d{1,10}$/.test(id)) throw notFound();
    const { rows } = await ctx.db.query<RequestRow>(`${SELECT} WHERE municipality_id = $1 AND id = $2`, [req.municipality.id, Number(id)]);
    if (!rows[0]) throw notFound(`Запиту ${id} немає. No request ${id}.`);
    sendList(res, format(res), 'service_requests', 'request', [record(rows[0])]);
  });

  router.get('/tokens/:token', async (req, res) => {
    const token = String(req.params.token);
    if (!/^\d{1,10}$/.test(token)) throw notFound();
    const { rows } = await ctx.db.query<{ id: number }>('SELECT id FROM pub_open311_requests WHERE municipality_id = $1 AND id = $2', [req.municipality.id, Number(token)]);
    if (!rows[0]) throw notFound(`Токена ${token} немає. No token ${token}.`);
    sendList(res, format(res), 'service_requests', 'request', [{ service_request_id: String(rows[0].id), token }]);
  });

  // Refusals in the spec's own shape, in the format the path asked for.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof AppError)) return next(error);
    res.set(error.headers);
    sendErrors(res, format(res), error.status, error.message);
  });
  return router;
}
