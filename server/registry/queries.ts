/**
 * What residents read: the table of objects, an object's panel, an owner's page. Every query reads
 * the public views only (pub_registry and the pub_registry_* views of 0007), so a private column
 * — an individual's РНОКПП, a private phone — cannot reach a public answer by construction.
 */
import type { Queryable } from '../db/database.js';
import { feeStatus, type FeeStatus } from './fees.js';
import { daysBetween, legalityLabel, legalityReason, openDataStatus } from './legality.js';
import { filterConditions, likePattern, orderBy, Params, searchRank } from './listing.js';
import type { Legality, ObjectQuery } from './schemas.js';
import type { PermitValues } from '../rules/registry.js';
import { searchKey } from '../rules/search-key.js';

/** Columns of a row in the table (and in an owner's list of objects). */
export const LIST_COLUMNS = `r.id, r.category, r.type_code, r.type_uk, r.type_en, r.address, r.external_id,
  r.owner_id, r.owner_name, r.owner_kind, r.permit_kind, r.permit_number, r.permit_valid_until, r.legality,
  r.installed_on, r.dismantled_on, r.monthly_fee_uah, r.revenue_this_year_uah, r.revenue_total_uah, r.updated_at,
  json_build_array(round(ST_X(ST_PointOnSurface(r.geom))::numeric, 7), round(ST_Y(ST_PointOnSurface(r.geom))::numeric, 7)) AS point`;

export interface ListRow {
  id: number;
  category: string;
  type_code: string;
  type_uk: string;
  type_en: string;
  address: string | null;
  external_id: string | null;
  owner_id: number | null;
  owner_name: string | null;
  owner_kind: string | null;
  permit_kind: string | null;
  permit_number: string | null;
  permit_valid_until: string | null;
  legality: Legality;
  installed_on: string | null;
  dismantled_on: string | null;
  monthly_fee_uah: number | null;
  revenue_this_year_uah: number;
  revenue_total_uah: number;
  updated_at: Date;
  point: [number, number];
}

const withLabel = (row: ListRow) => ({ ...row, legality_label: legalityLabel(row.legality) });

export async function listObjects(db: Queryable, municipalityId: number, query: ObjectQuery) {
  const p = new Params();
  const where = filterConditions(municipalityId, query, p).join(' AND ');
  const count = db.query<{ total: number }>(`SELECT count(*)::int AS total FROM pub_registry r WHERE ${where}`, [...p.values]);
  const page = `LIMIT ${p.add(query.limit)} OFFSET ${p.add(query.offset)}`;
  const rank = query.q ? searchRank(query.q, p) : undefined;
  const rows = db.query<ListRow>(`SELECT ${LIST_COLUMNS} FROM pub_registry r WHERE ${where} ORDER BY ${orderBy(query.sort, rank)} ${page}`, p.values);
  const [{ rows: [{ total }] }, { rows: items }] = await Promise.all([count, rows]);
  return { total, limit: query.limit, offset: query.offset, items: items.map(withLabel) };
}

interface PanelRow extends ListRow {
  width_m: number | null;
  height_m: number | null;
  sides: number | null;
  area_m2: number | null;
  lighting: boolean | null;
  owner_edrpou: string | null;
  owner_contact: string | null;
  permit_issued_on: string | null;
  permit_valid_from: string | null;
  permit_decision: string | null;
  permit_status: string | null;
  geometry: unknown;
  today: string;
}

export interface PermitRow extends PermitValues {
  id: number;
  is_current: boolean;
}

/** One object's panel, or undefined when the hromada has no such object. */
export async function objectPanel(db: Queryable, municipalityId: number, id: number, photoUrl: (photoId: number) => string) {
  const { rows: [o] } = await db.query<PanelRow>(
    `SELECT ${LIST_COLUMNS}, r.width_m, r.height_m, r.sides, r.area_m2, r.lighting, r.owner_edrpou, r.owner_contact,
            r.permit_issued_on, r.permit_valid_from, r.permit_decision, r.permit_status,
            ST_AsGeoJSON(r.geom, 7)::json AS geometry, current_date::text AS today
     FROM pub_registry r WHERE r.municipality_id = $1 AND r.id = $2`,
    [municipalityId, id],
  );
  if (!o) return undefined;
  const [permits, years, payments, photos, district] = await Promise.all([
    db.query<PermitRow>(
      `SELECT p.id, p.kind, p.number, p.issued_on, p.valid_from, p.valid_until, p.decision, p.status,
              p.contract_number, p.contract_date,
              -- the permit legality is judged by (registry_current_permit): in force, or the last that was
              p.id IS NOT DISTINCT FROM (SELECT cp.id FROM registry_current_permit cp WHERE cp.object_id = p.object_id) AS is_current
       FROM pub_registry_permits p WHERE p.municipality_id = $1 AND p.object_id = $2
       ORDER BY COALESCE(p.valid_from, p.issued_on) DESC NULLS LAST, p.id DESC`,
      [municipalityId, id],
    ),
    db.query<{ year: number; revenue_uah: number; payments: number }>(
      `SELECT extract(year FROM paid_on)::int AS year, sum(amount_uah)::numeric(14,2) AS revenue_uah, count(*)::int AS payments
       FROM pub_registry_payments WHERE municipality_id = $1 AND object_id = $2 GROUP BY 1 ORDER BY 1 DESC`,
      [municipalityId, id],
    ),
    db.query<{ id: number; amount_uah: number; paid_on: string; period_from: string | null; period_to: string | null }>(
      `SELECT id, amount_uah, paid_on, period_from, period_to FROM pub_registry_payments
       WHERE municipality_id = $1 AND object_id = $2 ORDER BY paid_on DESC, id DESC LIMIT 240`,
      [municipalityId, id],
    ),
    db.query<{ id: number; content_type: string; byte_size: number; caption: string | null; width: number | null; height: number | null; created_at: Date }>(
      `SELECT id, content_type, byte_size, caption, width, height, created_at FROM pub_registry_photos
       WHERE municipality_id = $1 AND object_id = $2 ORDER BY id`,
      [municipalityId, id],
    ),
    db.query<{ number: number; deputies: string | null }>(
      `SELECT d.number, d.deputies FROM pub_districts d
       WHERE d.municipality_id = $1 AND ST_Intersects(d.geom, ST_PointOnSurface(ST_GeomFromGeoJSON($2)))
       ORDER BY d.number LIMIT 1`,
      [municipalityId, JSON.stringify(o.geometry)],
    ),
  ]);
  const fee: FeeStatus | null = feeStatus({
    monthlyFeeUah: o.monthly_fee_uah, installedOn: o.installed_on, dismantledOn: o.dismantled_on,
    paidThisYearUah: o.revenue_this_year_uah, today: o.today,
  });
  return {
    id: o.id,
    category: o.category,
    type: { code: o.type_code, uk: o.type_uk, en: o.type_en },
    address: o.address,
    external_id: o.external_id,
    geometry: o.geometry,
    point: o.point,
    size: { width_m: o.width_m, height_m: o.height_m, sides: o.sides, area_m2: o.area_m2 },
    lighting: o.lighting,
    installed_on: o.installed_on,
    dismantled_on: o.dismantled_on,
    owner: o.owner_id === null ? null : {
      id: o.owner_id, name: o.owner_name, kind: o.owner_kind, edrpou: o.owner_edrpou, contact: o.owner_contact,
    },
    legality: {
      value: o.legality,
      label: legalityLabel(o.legality),
      reason: legalityReason(o, o.today),
      as_of: o.today,
    },
    permit: o.permit_number === null ? null : {
      kind: o.permit_kind, number: o.permit_number, issued_on: o.permit_issued_on, valid_from: o.permit_valid_from,
      valid_until: o.permit_valid_until, decision: o.permit_decision,
      // days of validity left after today (0: ends tonight; negative: expired; null: open-ended)
      days_left: o.permit_valid_until === null ? null : daysBetween(o.today, o.permit_valid_until),
    },
    permits: permits.rows.map((p) => ({ ...p, status_uk: openDataStatus(p.status, p.valid_until, o.today) })),
    revenue: {
      this_year_uah: o.revenue_this_year_uah,
      total_uah: o.revenue_total_uah,
      by_year: years.rows,
    },
    fee,
    payments: payments.rows,
    photos: photos.rows.map((ph) => ({ ...ph, url: photoUrl(ph.id), thumbnail_url: `${photoUrl(ph.id)}/thumbnail` })),
    district: district.rows[0] ?? null,
    updated_at: o.updated_at,
  };
}

/** An owner's page: public fields, every object with its legality, revenue in total. */
export async function ownerPage(db: Queryable, municipalityId: number, id: number) {
  const { rows: [owner] } = await db.query<{ id: number; kind: string; name: string; edrpou: string | null; public_contact: string | null }>(
    'SELECT id, kind, name, edrpou, public_contact FROM pub_registry_owners WHERE municipality_id = $1 AND id = $2',
    [municipalityId, id],
  );
  if (!owner) return undefined;
  const { rows: objects } = await db.query<ListRow>(
    `SELECT ${LIST_COLUMNS} FROM pub_registry r WHERE r.municipality_id = $1 AND r.owner_id = $2 ORDER BY r.id LIMIT 5000`,
    [municipalityId, id],
  );
  const byLegality: Record<string, number> = {};
  let total = 0;
  let thisYear = 0;
  for (const o of objects) {
    byLegality[o.legality] = (byLegality[o.legality] ?? 0) + 1;
    total += o.revenue_total_uah;
    thisYear += o.revenue_this_year_uah;
  }
  return {
    ...owner,
    objects_count: objects.length,
    by_legality: byLegality,
    revenue: { total_uah: Math.round(total * 100) / 100, this_year_uah: Math.round(thisYear * 100) / 100 },
    objects: objects.map(withLabel),
  };
}

/** Owners of the hromada by public name or ЄДРПОУ, for the filter's picker. */
export async function listOwners(db: Queryable, municipalityId: number, q: string | undefined, limit: number, offset: number) {
  const p = new Params();
  const where = [`w.municipality_id = ${p.add(municipalityId)}`];
  if (q) {
    // forgiving as the table's search (listing.ts searchCondition): quotes, hyphens, case, typos
    const key = searchKey(q);
    where.push(key === ''
      ? 'false'
      : `(w.search_name LIKE ${p.add(likePattern(key))} OR ${p.add(key)} <% w.search_name OR w.edrpou = ${p.add(q.trim())})`);
  }
  const cond = where.join(' AND ');
  const filterValues = [...p.values];
  const page = `LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`;
  const [{ rows: [{ total }] }, { rows }] = await Promise.all([
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM pub_registry_owners w WHERE ${cond}`, filterValues),
    db.query(
      `SELECT w.id, w.kind, w.name, w.edrpou, w.public_contact,
              (SELECT count(*)::int FROM registry_object o WHERE o.owner_id = w.id) AS objects_count
       FROM pub_registry_owners w WHERE ${cond} ORDER BY w.name, w.id ${page}`,
      p.values,
    ),
  ]);
  return { total, limit, offset, items: rows };
}
