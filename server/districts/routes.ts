/**
 * /:municipality/api/districts — "Your deputy", a MapIt / Represent-like API for the council
 * site's own pages and for the map:
 *
 *   GET  /elections                       the hromada's elections (convocations), newest first
 *   GET  /districts                       an election's districts with their deputies (?shape=simplified|full adds shapes)
 *   GET  /districts/by-id/:id             one district by its id (the map's feature id)
 *   GET  /districts/:number               one district: description, deputies, shape (?shape=simplified (default)|full|none)
 *   GET  /districts/:number/figures       registry objects by legality and revenue, facilities by grade, comments per month
 *   GET  /point?lon=&lat=                 the district of a point (tie rule: lowest number) and every district covering it
 *   GET  /deputies?lon=&lat= | ?address=  the deputies for a point or an address (through the hromada's address search)
 *   GET  /deputies/:id                    a deputy's page: who, district, reception, attendance
 *   GET  /deputies/:id/votes?q=           how they voted, newest session first, searchable
 *   GET  /deputies/:id/answers            the public answers they gave to public comments, newest first
 *   GET  /mine                            a signed-in deputy: their own district with its shape and figures
 *   POST /boundaries/import               admin: an election's boundaries (GeoJSON or CSV+WKT) through the one importer
 *   POST /votes/import                    admin: the voting system's export (CSV or JSON)
 *
 * Every lookup takes ?election=<id> or ?date=YYYY-MM-DD and otherwise means the current election.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { importVotes } from '../../data-import/votes/import.js';
import { DISTRICT_DATASET } from '../../data-import/districts/dataset.js';
import { requireRole } from '../auth/guards.js';
import type { AppContext } from '../context.js';
import { districtsETag, READS } from './caching.js';
import type { Queryable } from '../db/database.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { datasetUploadRoutes } from '../imports/upload-routes.js';
import { importLimitBytes } from '../memory-budget.js';
import type { Municipality } from '../municipalities/directory.js';
import { searchAddresses } from '../places/core/search.js';
import { parseInput, pathId } from '../registry/validation.js';
import { answersOf } from './core/answers.js';
import { districtAt, validLonLat } from './core/district-at.js';
import { deputyPage, districtDetail, districtsContaining, listDistricts } from './core/districts.js';
import { electionFor, listElections, type Election } from './core/elections.js';
import { districtFigures } from './core/figures.js';
import { votesOf } from './core/votes.js';

const electionParams = {
  election: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата у вигляді РРРР-ММ-ДД / a date as YYYY-MM-DD').optional(),
};
const shape = z.enum(['full', 'simplified', 'none']);
const electionQuery = z.object(electionParams).strict();
const listQuery = z.object({ ...electionParams, shape: shape.default('none') }).strict();
const districtQuery = z.object({ ...electionParams, shape: shape.default('simplified') }).strict();
const lonLat = { lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) };
const pointQuery = z.object({ ...electionParams, ...lonLat }).strict();
const deputiesQuery = z.object({
  ...electionParams,
  lon: lonLat.lon.optional(),
  lat: lonLat.lat.optional(),
  address: z.string().trim().min(2).max(200).optional(),
}).strict();
const votesQuery = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();
const VOTE_TYPES = ['text/csv', 'text/plain', 'application/json', 'application/octet-stream', 'application/vnd.ms-excel'];

async function chosenElection(db: Queryable, municipality: Municipality, q: { election?: number; date?: string }): Promise<Election> {
  const election = await electionFor(db, municipality.id, { electionId: q.election, date: q.date });
  if (!election) throw notFound(q.election || q.date ? 'Таких виборів у громаді немає. No such election in this hromada.' : 'У громаді ще немає виборів. The hromada has no election yet.');
  return election;
}

const districtNumber = (value: unknown) => pathId(value, 'number');

export function districtRoutes(ctx: AppContext): Router {
  const { db } = ctx;
  const router = Router({ mergeParams: true });
  // public records: revalidated by a weak ETag of the versions they read (caching.ts)
  const etag = (reads: keyof typeof READS) => districtsETag(ctx, READS[reads]);

  router.get('/elections', etag('districts'), async (req, res) => {
    res.json({ elections: await listElections(db, req.municipality.id) });
  });

  router.get('/districts', etag('districts'), async (req, res) => {
    const q = parseInput(listQuery, req.query);
    const election = await chosenElection(db, req.municipality, q);
    const districts = await listDistricts(db, req.municipality.id, election.id);
    if (q.shape === 'none') return void res.json({ election, districts });
    const shaped = await Promise.all(districts.map((d) => districtDetail(db, req.municipality.id, { id: d.id }, q.shape)));
    res.json({ election, districts: shaped });
  });

  // the map's card names a district by its id (the tiles' feature id), whatever its election
  router.get('/districts/by-id/:id', etag('districts'), async (req, res) => {
    const q = parseInput(z.object({ shape: shape.default('none') }).strict(), req.query);
    const district = await districtDetail(db, req.municipality.id, { id: pathId(req.params.id) }, q.shape);
    if (!district) throw notFound('Такого округу немає. No such district.');
    res.json({ district });
  });

  router.get('/districts/:number', etag('districts'), async (req, res) => {
    const q = parseInput(districtQuery, req.query);
    const election = await chosenElection(db, req.municipality, q);
    const district = await districtDetail(db, req.municipality.id, { electionId: election.id, number: districtNumber(req.params.number) }, q.shape);
    if (!district) throw notFound('Такого округу немає. No such district.');
    res.json({ election, district });
  });

  router.get('/districts/:number/figures', etag('figures'), async (req, res) => {
    const q = parseInput(electionQuery, req.query);
    const election = await chosenElection(db, req.municipality, q);
    const district = await districtDetail(db, req.municipality.id, { electionId: election.id, number: districtNumber(req.params.number) }, 'none');
    if (!district) throw notFound('Такого округу немає. No such district.');
    res.json({ election, district: { id: district.id, number: district.number }, figures: await districtFigures(db, req.municipality.id, district.id) });
  });

  router.get('/point', etag('point'), async (req, res) => {
    const q = parseInput(pointQuery, req.query);
    const election = await chosenElection(db, req.municipality, q);
    res.json(await pointAnswer(db, req.municipality, election, q.lon, q.lat));
  });

  router.get('/deputies', etag('address'), async (req, res) => {
    const q = parseInput(deputiesQuery, req.query);
    const election = await chosenElection(db, req.municipality, q);
    if (q.address !== undefined) {
      const [address] = await searchAddresses(db, req.municipality.id, q.address, 1);
      if (!address) throw notFound(`Адресу «${q.address}» не знайдено. Address not found: ${q.address}`);
      return void res.json({ address, ...(await pointAnswer(db, req.municipality, election, address.lon, address.lat)) });
    }
    if (q.lon === undefined || q.lat === undefined) throw badRequest('Вкажіть lon і lat або address. Give lon and lat, or address.', { field: 'address' });
    res.json(await pointAnswer(db, req.municipality, election, q.lon, q.lat));
  });

  router.get('/deputies/:id', etag('votes'), async (req, res) => {
    const page = await deputyPage(db, req.municipality.id, pathId(req.params.id));
    if (!page) throw notFound('Депутата не знайдено. Deputy not found.');
    res.json(page);
  });

  router.get('/deputies/:id/votes', etag('votes'), async (req, res) => {
    const id = pathId(req.params.id);
    const q = parseInput(votesQuery, req.query);
    if (!(await deputyPage(db, req.municipality.id, id))) throw notFound('Депутата не знайдено. Deputy not found.');
    res.json(await votesOf(db, req.municipality.id, id, q));
  });

  router.get('/deputies/:id/answers', etag('answers'), async (req, res) => {
    const id = pathId(req.params.id);
    const q = parseInput(pageQuery, req.query);
    if (!(await deputyPage(db, req.municipality.id, id))) throw notFound('Депутата не знайдено. Deputy not found.');
    res.json(await answersOf(db, req.municipality.id, id, q));
  });

  router.get('/mine', requireRole('deputy'), async (req, res) => {
    res.set('Cache-Control', 'private, no-store');
    const deputyId = req.user!.deputyId;
    const deputy = deputyId === null ? null : await deputyPage(db, req.municipality.id, deputyId);
    if (!deputy) throw notFound('Цей обліковий запис не пов’язано з депутатом. This account is not tied to a deputy.');
    const district = deputy.district ? await districtDetail(db, req.municipality.id, { id: deputy.district.id }, 'full') : null;
    res.json({ deputy, district, figures: district ? await districtFigures(db, req.municipality.id, district.id) : null });
  });

  router.use('/boundaries', datasetUploadRoutes(ctx, DISTRICT_DATASET, 'admin'));

  router.post('/votes/import', requireRole('admin'), express.raw({ type: VOTE_TYPES, limit: importLimitBytes(ctx.config) }), async (req, res) => {
    // an application/json body up to 1 MB was parsed by the app's JSON parser already
    const body = Buffer.isBuffer(req.body) ? req.body : req.body && typeof req.body === 'object' ? Buffer.from(JSON.stringify(req.body)) : null;
    if (!body || body.length === 0) {
      throw new AppError(415, 'UnsupportedMediaType', 'Надішліть файл CSV або JSON як тіло запиту. Send the CSV or JSON file as the body.');
    }
    const fileName = typeof req.query.fileName === 'string' ? req.query.fileName.slice(0, 200) : 'votes';
    const report = await importVotes(db, { municipalitySlug: req.municipality.slug, input: body, fileName, dryRun: req.query.dryRun === 'true', userId: req.user!.id });
    res.set('Cache-Control', 'private, no-store').status(report.problems.length ? 422 : 200).json(report);
  });

  return router;
}

/** The answer for a point: the district by the tie rule, every district covering it, or "outside". */
async function pointAnswer(db: Queryable, municipality: Municipality, election: Election, lon: number, lat: number) {
  if (!validLonLat(lon, lat)) throw badRequest('Неправильні координати. Invalid coordinates.', { field: 'lon' });
  const hit = await districtAt(db, municipality.id, lon, lat, election.id);
  const covering = hit ? await districtsContaining(db, municipality.id, election.id, lon, lat) : [];
  const district = hit ? await districtDetail(db, municipality.id, { id: hit.id }, 'simplified') : null;
  const { rows } = await db.query<{ inside: boolean }>(
    'SELECT ST_Covers(boundary, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)) AS inside FROM municipality WHERE id = $1', [municipality.id, lon, lat]);
  const outside = !rows[0]?.inside;
  return {
    election,
    point: { lon, lat },
    outside,
    ...(outside ? { message: { uk: `Поза межами: ${municipality.nameUk}`, en: `Outside ${municipality.nameEn}` } } : {}),
    district,
    deputies: district?.deputies ?? [],
    districts: covering.map(({ id, number, nameUk }) => ({ id, number, nameUk })),
  };
}
