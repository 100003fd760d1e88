/**
 * Legality is derived, never typed in, as of the database's today: a billboard whose permit ends
 * tonight is expiring today and expired tomorrow without anyone touching it. Revenue this year,
 * the expected fee and arrears are read on the same panel.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { ADVERTISING_TYPES, MAF_TYPES } from '../../server/rules/object-types.js';
import { addDays, api, created, getJson, mark, pointsInside, point, send, today } from './fixtures.js';

const SLUG = 'slovyansk';

describe.each(backends())('legality by date on %s', (kind) => {
  let server: TestServer;
  let editor: Session;
  let now: string;
  let spots: [number, number][];
  let next = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    editor = await signIn(server, SLUG, 'editor');
    now = await today(server);
    spots = await pointsInside(server, SLUG, 40, 11);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  /** A billboard with (optionally) one permit valid until `validUntil`. */
  async function billboard(validUntil?: string | null, extra: Record<string, unknown> = {}) {
    const object = await created(editor, `${api(SLUG)}/objects`, { type_code: 'billboard', geometry: point(spots[next++]), address: `вулиця Тестова, ${mark()}`, ...extra });
    let permit;
    if (validUntil !== undefined) {
      permit = (await created(editor, `${api(SLUG)}/objects/${object.id}/permits`, {
        number: `Д-${mark()}`, issued_on: addDays(now, -400), valid_from: addDays(now, -365), valid_until: validUntil,
      })).permit;
    }
    return { object, permit };
  }

  const panel = (id: number) => getJson(server, `${api(SLUG)}/objects/${id}`);

  it.each([
    [-1, 'expired'],
    [0, 'expiring'],
    [10, 'expiring'],
    [29, 'expiring'],
    [30, 'legal'],
    [40, 'legal'],
  ])('a permit valid until %i days from today makes the object %s', async (days, legality) => {
    const { object } = await billboard(addDays(now, days));
    const p = await panel(object.id);
    expect(p.legality).toMatchObject({ value: legality, as_of: now });
    // the table and its legality filter agree with the panel
    const table = await getJson(server, `${api(SLUG)}/objects?q=${encodeURIComponent(object.address)}&legality=${legality}`);
    expect(table.items.map((i: { id: number }) => i.id)).toEqual([object.id]);
  });

  it('the catalog\'s type values (the legend\'s type filter) are the national types of object_type', async () => {
    const { rows } = await server.db.query<{ code: string; category: string; name_uk: string; name_en: string }>(
      'SELECT code, category, name_uk, name_en FROM object_type WHERE municipality_id IS NULL ORDER BY category, sort_order',
    );
    const asValues = (category: string) => rows.filter((r) => r.category === category).map((r) => ({ value: r.code, label: { uk: r.name_uk, en: r.name_en } }));
    expect(asValues('maf')).toEqual(MAF_TYPES);
    expect(asValues('advertising')).toEqual(ADVERTISING_TYPES);
  });

  it('a billboard whose permit ends tonight is expiring today and expired tomorrow (registry_legality with an explicit as_of)', async () => {
    const { object } = await billboard(now);
    const asOf = async (day: string) => {
      const { rows } = await server.db.query<{ legality: string }>(
        `SELECT registry_legality(o.dismantled_on, cp.id IS NOT NULL, cp.valid_until, $2::date) AS legality
         FROM registry_object o LEFT JOIN registry_current_permit cp ON cp.object_id = o.id WHERE o.id = $1`,
        [object.id, day],
      );
      return rows[0].legality;
    };
    expect(await asOf(now)).toBe('expiring');
    expect(await asOf(addDays(now, 1))).toBe('expired');
    expect(await asOf(addDays(now, -30))).toBe('legal');
    const { rows } = await server.db.query<{ a: string; b: string; c: string; d: string }>(
      `SELECT registry_legality(NULL, true, $1::date, $1::date) AS a, registry_legality(NULL, true, $1::date, $1::date + 1) AS b,
              registry_legality(NULL, false, NULL, $1::date) AS c, registry_legality($1::date, true, NULL, $1::date) AS d`,
      [now],
    );
    expect(rows[0]).toEqual({ a: 'expiring', b: 'expired', c: 'no_permit', d: 'dismantled' });
  });

  it('the panel says in words why, naming the permit and the days left', async () => {
    const { object, permit } = await billboard(addDays(now, 10));
    const p = await panel(object.id);
    expect(p.legality.reason.uk).toContain(`Дозвіл № ${permit.number}`);
    expect(p.legality.reason.uk).toContain('спливає через 10 днів');
    expect(p.legality.reason.en).toContain('expires in 10 days');
    expect(p.legality.label).toEqual({ uk: 'Дозвіл спливає (≤30 днів)', en: 'Permit expiring (≤30 days)' });
    expect(p.permit).toMatchObject({ number: permit.number, valid_until: addDays(now, 10), days_left: 10 });
  });

  it('without a permit, or with its only permit annulled, an object has no permit', async () => {
    const { object: bare } = await billboard();
    expect((await panel(bare.id)).legality.value).toBe('no_permit');
    const { object, permit } = await billboard(addDays(now, 100));
    const res = await send(editor, 'PATCH', `${api(SLUG)}/objects/${object.id}/permits/${permit.id}`, { row_version: permit.row_version, status: 'annulled' });
    expect(res.status).toBe(200);
    expect(res.json.object.legality).toBe('no_permit');
    const p = await panel(object.id);
    expect(p.legality.value).toBe('no_permit');
    expect(p.permits).toEqual([expect.objectContaining({ number: permit.number, status: 'annulled', status_uk: 'Анульований' })]);
  });

  it('a permit whose status says it lost force is expired whatever its dates, on the panel, in the table and in OGC items', async () => {
    const { object, permit } = await billboard(addDays(now, 200));
    expect((await panel(object.id)).legality.value).toBe('legal');
    const res = await send(editor, 'PATCH', `${api(SLUG)}/objects/${object.id}/permits/${permit.id}`, { row_version: permit.row_version, status: 'expired' });
    expect(res.status).toBe(200);
    expect(res.json.object.legality).toBe('expired');
    const p = await panel(object.id);
    expect(p.legality.value).toBe('expired');
    // the reason names the status, not a date that has not come
    expect(p.legality.reason.uk).toContain('втратив чинність');
    expect(p.legality.reason.uk).not.toContain('діяв до');
    const table = await getJson(server, `${api(SLUG)}/objects?q=${encodeURIComponent(object.address)}&legality=expired`);
    expect(table.items.map((i: { id: number }) => i.id)).toEqual([object.id]);
    const feature = await getJson(server, `/${SLUG}/ogc/collections/advertising/items/${object.id}`);
    expect(feature.properties.legality).toBe('expired');
  });

  it('a permit still «active» stays the deciding one over a later permit already marked expired', async () => {
    const { object } = await billboard(addDays(now, 100));
    await created(editor, `${api(SLUG)}/objects/${object.id}/permits`, {
      number: `Д-${mark()}`, issued_on: addDays(now, -10), valid_from: addDays(now, -10), valid_until: addDays(now, 900), status: 'expired',
    });
    expect((await panel(object.id)).legality.value).toBe('legal');
  });

  it('a reissued permit replaces the expired one: the old becomes «Перевиданий» and the object legal again', async () => {
    const { object, permit } = await billboard(addDays(now, -5));
    expect((await panel(object.id)).legality.value).toBe('expired');
    const renewed = await created(editor, `${api(SLUG)}/objects/${object.id}/permits`, {
      number: `Д-${mark()}`, issued_on: now, valid_from: now, valid_until: addDays(now, 365 * 5), replaces_permit_id: permit.id,
    });
    expect(renewed.object.legality).toBe('legal');
    const p = await panel(object.id);
    expect(p.permit.number).toBe(renewed.permit.number);
    expect(p.permits.find((x: { id: number }) => x.id === permit.id)).toMatchObject({ status: 'reissued', status_uk: 'Перевиданий', is_current: false });
    expect(p.permits.find((x: { id: number }) => x.id === renewed.permit.id)).toMatchObject({ is_current: true, status_uk: 'Чинний' });
  });

  it('a dismantled object is dismantled whatever its permit, and keeps its record and permits', async () => {
    const { object } = await billboard(addDays(now, 300));
    const res = await send(editor, 'POST', `${api(SLUG)}/objects/${object.id}/dismantle`, {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ dismantled_on: now, legality: 'dismantled', row_version: object.row_version + 1 });
    const p = await panel(object.id);
    expect(p.legality.value).toBe('dismantled');
    expect(p.permits).toHaveLength(1);
  });

  it('revenue this year and in total are the sums of its payments; arrears follow the monthly fee', async () => {
    const lastYear = `${Number(now.slice(0, 4)) - 1}-06-15`;
    const { object } = await billboard(addDays(now, 200), { monthly_fee_uah: 1500, installed_on: '2015-05-20' });
    await created(editor, `${api(SLUG)}/objects/${object.id}/payments`, { amount_uah: 1500, paid_on: lastYear, document: 'п/д 1' });
    await created(editor, `${api(SLUG)}/objects/${object.id}/payments`, { amount_uah: 1000.25, paid_on: `${now.slice(0, 4)}-01-10` });
    const last = await created(editor, `${api(SLUG)}/objects/${object.id}/payments`, { amount_uah: 499.75, paid_on: now });
    expect(last.object).toMatchObject({ revenue_this_year_uah: 1500, revenue_total_uah: 3000 });

    const p = await panel(object.id);
    expect(p.revenue).toMatchObject({ this_year_uah: 1500, total_uah: 3000 });
    expect(p.revenue.by_year).toEqual([
      { year: Number(now.slice(0, 4)), revenue_uah: 1500, payments: 2 },
      { year: Number(lastYear.slice(0, 4)), revenue_uah: 1500, payments: 1 },
    ]);
    // months due, counted by PostgreSQL's age() from 1 January to today
    const { rows: [{ months }] } = await server.db.query<{ months: number }>(
      `SELECT (extract(year FROM age(current_date, date_trunc('year', current_date)::date)) * 12
             + extract(month FROM age(current_date, date_trunc('year', current_date)::date)))::int AS months`,
    );
    expect(p.fee).toMatchObject({ monthly_fee_uah: 1500, months_due: months, expected_this_year_uah: 1500 * months, paid_this_year_uah: 1500 });
    expect(p.fee.arrears_uah).toBe(Math.max(0, 1500 * months - 1500));
    // the payment document is the department's bookkeeping: not on the public panel
    expect(JSON.stringify(p)).not.toContain('п/д 1');
  });
});
