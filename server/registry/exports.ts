/**
 * GET /export.csv and /export.geojson: the public registry under the field names of the national
 * open-data set (opendata.ts explains the mapping and the two profiles). Filters are the table's.
 *
 * CSV: UTF-8 with a byte-order mark (so Excel reads the Cyrillic right), comma-separated as the
 * standard's CSVW schema defaults to and as its point decimals allow; `delimiter=semicolon` gives
 * the variant Excel in a Ukrainian locale opens into columns by a double click, with decimal commas
 * as that locale writes them (a width of "4.12" would open as the 4th of December). RFC 4180 quoting,
 * CRLF line ends. Text cells that a spreadsheet would take for a formula are neutralised
 * (server/http/csv.ts); the GeoJSON carries every value verbatim, as data for programs, not spreadsheets.
 *
 * Rows are read in pages of EXPORT_PAGE by keyset (id > last) and written as they come, so a
 * regional operator's export neither holds everything in memory nor runs one long statement.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { csvField } from '../http/csv.js';
import { publicOrigin } from '../http/public-url.js';
import { legalityLabel, openDataStatus } from './legality.js';
import { filterConditions, Params } from './listing.js';
import {
  EXTENSION_FIELDS, splitAddress, STANDARD_FIELDS, structureArea, type OpenDataRecord, type Publisher,
} from './opendata.js';
import { objectQuery, type Legality, type ObjectFilter } from './schemas.js';
import { parseInput } from './validation.js';

const EXPORT_PAGE = 1000;

const exportQuery = objectQuery.omit({ limit: true, offset: true, sort: true }).extend({
  profile: z.enum(['registry', 'opendata']).default('registry'),
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
});

interface ExportRow {
  row_key: number;
  id: number;
  category: string;
  type_code: string;
  type_uk: string;
  address: string | null;
  external_id: string | null;
  owner_name: string | null;
  owner_edrpou: string | null;
  sides: number | null;
  width_m: number | null;
  height_m: number | null;
  area_m2: number | null;
  legality: Legality;
  installed_on: string | null;
  dismantled_on: string | null;
  monthly_fee_uah: number | null;
  revenue_this_year_uah: number;
  revenue_total_uah: number;
  permit_number: string | null;
  permit_issued_on: string | null;
  permit_valid_from: string | null;
  permit_valid_until: string | null;
  permit_status: string | null;
  contract_number: string | null;
  contract_date: string | null;
  lat: number;
  lon: number;
  postcode: string | null;
  photo_id: number | null;
  geometry?: unknown;
}

const OBJECT_COLUMNS = `r.id, r.category, r.type_code, r.type_uk, r.address, r.external_id, r.owner_name, r.owner_edrpou,
  r.sides, r.width_m, r.height_m, r.area_m2, r.legality, r.installed_on, r.dismantled_on, r.monthly_fee_uah,
  r.revenue_this_year_uah, r.revenue_total_uah,
  round(ST_Y(pt.g)::numeric, 7) AS lat, round(ST_X(pt.g)::numeric, 7) AS lon,
  (SELECT a.postcode FROM pub_addresses a
    WHERE a.municipality_id = r.municipality_id AND a.postcode IS NOT NULL
      AND ST_DWithin(a.geom, pt.g, 0.003) AND ST_Distance(a.geom::geography, pt.g::geography) <= 150
    ORDER BY a.geom <-> pt.g LIMIT 1) AS postcode,
  (SELECT f.id FROM pub_registry_photos f WHERE f.object_id = r.id ORDER BY f.id LIMIT 1) AS photo_id`;

const PERMIT_COLUMNS = (p: string) => `${p}.number AS permit_number, ${p}.issued_on AS permit_issued_on,
  ${p}.valid_from AS permit_valid_from, ${p}.valid_until AS permit_valid_until, ${p}.status AS permit_status,
  ${p}.contract_number, ${p}.contract_date`;

/** One page of rows: objects with their permit in force or latest (registry), or permits (opendata). */
function pageQuery(profile: 'registry' | 'opendata', where: string, geometry: boolean, after: string, limit: string): string {
  const geom = geometry ? ', ST_AsGeoJSON(r.geom, 7)::json AS geometry' : '';
  if (profile === 'opendata') {
    return `SELECT pp.id AS row_key, ${OBJECT_COLUMNS}, ${PERMIT_COLUMNS('pp')}${geom}
      FROM pub_registry_permits pp JOIN pub_registry r ON r.id = pp.object_id
      CROSS JOIN LATERAL (SELECT ST_PointOnSurface(r.geom) AS g) pt
      WHERE ${where} AND r.category = 'advertising' AND pp.kind = 'permit' AND pp.id > ${after}
      ORDER BY pp.id LIMIT ${limit}`;
  }
  return `SELECT r.id AS row_key, ${OBJECT_COLUMNS}, ${PERMIT_COLUMNS('lp')}${geom}
    FROM pub_registry r
    CROSS JOIN LATERAL (SELECT ST_PointOnSurface(r.geom) AS g) pt
    LEFT JOIN LATERAL (
      SELECT * FROM pub_registry_permits pp WHERE pp.object_id = r.id
      ORDER BY (pp.kind IN ('permit','passport') AND pp.status NOT IN ('annulled','reissued')) DESC,
               pp.valid_until DESC NULLS FIRST, pp.issued_on DESC NULLS LAST, pp.id DESC
      LIMIT 1) lp ON true
    WHERE ${where} AND r.id > ${after}
    ORDER BY r.id LIMIT ${limit}`;
}

async function* exportRows(db: Queryable, municipalityId: number, filter: ObjectFilter, profile: 'registry' | 'opendata', geometry: boolean) {
  let last = 0;
  for (;;) {
    const p = new Params();
    const where = filterConditions(municipalityId, filter, p).join(' AND ');
    const sql = pageQuery(profile, where, geometry, p.add(last), p.add(EXPORT_PAGE));
    const { rows } = await db.query<ExportRow>(sql, p.values);
    yield rows;
    if (rows.length < EXPORT_PAGE) return;
    last = rows[rows.length - 1].row_key;
  }
}

interface Context {
  publisher: Publisher;
  hromadaUk: string;
  today: string;
  base: string;
  slug: string;
}

function toRecord(row: ExportRow, c: Context, profile: 'registry' | 'opendata'): OpenDataRecord {
  const [street, house] = splitAddress(row.address);
  const record: OpenDataRecord = {
    id: row.permit_number,
    issuedDate: row.permit_issued_on,
    authorityName: c.publisher.authority_name,
    authorityId: c.publisher.authority_edrpou,
    distributorName: row.owner_name,
    distributorId: row.owner_edrpou,
    status: row.permit_status === null ? null : openDataStatus(row.permit_status, row.permit_valid_until, c.today),
    validFrom: row.permit_valid_from,
    validThrough: row.permit_valid_until,
    contractNumber: row.contract_number,
    contractSignedDate: row.contract_date,
    type: row.type_uk,
    planesValue: row.sides,
    horizontalSize: row.width_m,
    verticalSize: row.height_m,
    area: structureArea(row.area_m2, row.width_m, row.height_m, row.sides, row.category),
    CATUTTC: c.publisher.katottg,
    addressPostCode: row.postcode,
    addressAdminUnitL1: 'Україна',
    addressAdminUnitL2: c.publisher.region_uk,
    addressAdminUnitL3: c.publisher.district_uk,
    addressAdminUnitL4: c.publisher.hromada_uk ?? c.hromadaUk,
    addressPostName: c.publisher.locality_uk,
    addressThoroughfare: street,
    addressLocatorDesignator: house,
    addressLocatorBuilding: null,
    addressDescription: null,
    lat: row.lat,
    lon: row.lon,
    imageUrl: row.photo_id === null ? null : `${c.base}/${c.slug}/api/registry/photos/${row.photo_id}`,
  };
  if (profile === 'opendata') return record;
  return {
    ...record,
    objectId: row.id,
    externalId: row.external_id,
    category: row.category,
    typeCode: row.type_code,
    legality: row.legality,
    legalityUk: legalityLabel(row.legality).uk,
    installedOn: row.installed_on,
    dismantledOn: row.dismantled_on,
    monthlyFeeUah: row.monthly_fee_uah,
    revenueThisYearUah: row.revenue_this_year_uah,
    revenueTotalUah: row.revenue_total_uah,
    objectUrl: `${c.base}/${c.slug}/api/registry/objects/${row.id}`,
    areaOneSideM2: row.category === 'advertising' ? row.area_m2 : null,
    landAreaM2: row.category === 'maf' ? row.area_m2 : null,
  };
}

async function exportContext(ctx: AppContext, req: Request): Promise<Context> {
  const m = req.municipality;
  const [{ rows: [publisher] }, { rows: [{ today }] }] = await Promise.all([
    ctx.db.query<Publisher>(
      `SELECT authority_name, authority_edrpou, katottg, region_uk, district_uk, hromada_uk, locality_uk
       FROM registry_publisher WHERE municipality_id = $1`,
      [m.id],
    ),
    ctx.db.query<{ today: string }>('SELECT current_date::text AS today'),
  ]);
  const empty: Publisher = { authority_name: null, authority_edrpou: null, katottg: null, region_uk: null, district_uk: null, hromada_uk: null, locality_uk: null };
  const base = publicOrigin(req, ctx.config);
  return { publisher: publisher ?? empty, hromadaUk: m.nameUk, today, base, slug: m.slug };
}

function attachment(res: Response, slug: string, today: string, ext: string) {
  res.set('Content-Disposition', `attachment; filename="reklamni-zasoby-${slug}-${today}.${ext}"`);
}

export function exportRoutes(ctx: AppContext): Router {
  const router = Router({ mergeParams: true });

  router.get('/export.csv', async (req, res) => {
    const { profile, delimiter: which, ...filter } = parseInput(exportQuery, req.query);
    const c = await exportContext(ctx, req);
    const delimiter = which === 'semicolon' ? ';' : ',';
    const columns: readonly string[] = profile === 'opendata' ? STANDARD_FIELDS : [...STANDARD_FIELDS, ...EXTENSION_FIELDS];
    res.type('text/csv; charset=utf-8');
    attachment(res, req.municipality.slug, c.today, 'csv');
    res.write(`\uFEFF${columns.join(delimiter)}\r\n`);
    for await (const rows of exportRows(ctx.db, req.municipality.id, filter, profile, false)) {
      if (res.destroyed) return; // the client went away: read no further pages
      let chunk = '';
      for (const row of rows) {
        const record = toRecord(row, c, profile);
        chunk += `${columns.map((col) => csvField(record[col], delimiter)).join(delimiter)}\r\n`;
      }
      if (chunk) res.write(chunk);
    }
    res.end();
  });

  router.get('/export.geojson', async (req, res) => {
    const { profile, delimiter: _unused, ...filter } = parseInput(exportQuery, req.query);
    const c = await exportContext(ctx, req);
    res.type('application/geo+json; charset=utf-8');
    attachment(res, req.municipality.slug, c.today, 'geojson');
    res.write('{"type":"FeatureCollection","name":"Інформація про рекламні засоби","features":[');
    let first = true;
    for await (const rows of exportRows(ctx.db, req.municipality.id, filter, profile, true)) {
      if (res.destroyed) return;
      let chunk = '';
      for (const row of rows) {
        const feature = { type: 'Feature', id: profile === 'opendata' ? row.row_key : row.id, geometry: row.geometry, properties: toRecord(row, c, profile) };
        chunk += `${first ? '' : ','}${JSON.stringify(feature)}`;
        first = false;
      }
      if (chunk) res.write(chunk);
    }
    res.end(']}');
  });

  return router;
}
