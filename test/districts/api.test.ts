/**
 * The MapIt / Represent-like API the council site's pages use: districts containing a point,
 * a district with its shape (full and simplified), deputies for a point or an address, an
 * election's districts; a deputy's page without private contacts; a signed-in deputy's own
 * district; and the boundaries and votes uploads for admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { districtAt } from '../../server/districts/core/district-at.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe.each(backends())('districts API on %s', (kind) => {
  let server: TestServer;
  let municipalityId: number;
  const api = (path: string) => `/${SLUG}/api/districts${path}`;
  const get = async (path: string, status = 200): Promise<Json> => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(status);
    return res.json();
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    municipalityId = (await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG])).rows[0].id;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lists the elections and an election\'s districts with their deputies', async () => {
    const { elections } = await get(api('/elections'));
    expect(elections.map((e: Json) => e.heldOn)).toEqual(['2020-10-25', '2015-10-25']);
    const current = await get(api('/districts'));
    expect(current.election).toMatchObject({ heldOn: '2020-10-25', isCurrent: true });
    expect(current.districts).toHaveLength(36);
    expect(current.districts[0]).toMatchObject({ number: 1, deputies: [expect.objectContaining({ fullName: expect.any(String) })] });
    // where the map writes each number: inside its own district
    for (const d of current.districts.slice(0, 5)) {
      const hit = await districtAt(server.db, municipalityId, d.labelPoint[0], d.labelPoint[1]);
      expect(hit!.number).toBe(d.number);
    }
    const older = await get(api('/districts?date=2018-01-01'));
    expect(older.election.heldOn).toBe('2015-10-25');
    expect(older.districts).toHaveLength(34);
    await get(api('/districts?election=999999'), 404);
    expect(await get(api('/districts?date=yesterday'), 400)).toMatchObject({ field: 'date' });
  });

  it('gives a district\'s shape full or simplified, both valid and the simplified one smaller', async () => {
    const full = (await get(api('/districts/7?shape=full'))).district;
    const simple = (await get(api('/districts/7'))).district;
    expect(full.geometry.type).toBe('MultiPolygon');
    expect(simple.geometry.type).toBe('MultiPolygon');
    const vertices = (g: Json) => JSON.stringify(g.coordinates).split('],[').length;
    expect(vertices(simple.geometry)).toBeLessThanOrEqual(vertices(full.geometry));
    const { rows } = await server.db.query<{ valid: boolean; ratio: number }>(
      `SELECT ST_IsValid(s) AND ST_IsValid(f) AS valid, ST_Area(s) / ST_Area(f) AS ratio
       FROM (SELECT ST_GeomFromGeoJSON($1) AS s, ST_GeomFromGeoJSON($2) AS f) x`, [JSON.stringify(simple.geometry), JSON.stringify(full.geometry)]);
    expect(rows[0].valid).toBe(true);
    expect(rows[0].ratio).toBeGreaterThan(0.97);
    expect(rows[0].ratio).toBeLessThan(1.03);
    expect((await get(api('/districts/7?shape=none'))).district.geometry).toBeUndefined();
    await get(api('/districts/999'), 404);
  });

  it('answers a point with its district by the tie rule, and a point outside with "outside"', async () => {
    const { rows } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point WHERE municipality_id = $1 ORDER BY id LIMIT 1 OFFSET 100`, [municipalityId]);
    const { lon, lat } = rows[0];
    const answer = await get(api(`/point?lon=${lon}&lat=${lat}`));
    const hit = await districtAt(server.db, municipalityId, lon, lat);
    expect(answer).toMatchObject({ outside: false, district: { number: hit!.number }, districts: [expect.objectContaining({ number: hit!.number })] });
    expect(answer.deputies.length).toBeGreaterThan(0);
    const outside = await get(api('/point?lon=30.52&lat=50.45'));
    expect(outside).toMatchObject({ outside: true, district: null, deputies: [], message: { uk: expect.stringContaining('Поза межами') } });
    expect(await get(api('/point?lon=200&lat=50'), 400)).toMatchObject({ field: 'lon' });
  });

  it('finds the deputies for an address, through the address search', async () => {
    const { rows } = await server.db.query<{ street_uk: string; house_number: string; lon: number; lat: number }>(
      `SELECT street_uk, house_number, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point
       WHERE municipality_id = $1 AND house_number ~ '^[0-9]+$' AND street_uk LIKE 'вулиця %' ORDER BY id LIMIT 1 OFFSET 40`, [municipalityId]);
    const a = rows[0];
    const answer = await get(api(`/deputies?address=${encodeURIComponent(`${a.street_uk.replace('вулиця', 'вул.')} ${a.house_number}`)}`));
    expect(answer.address).toMatchObject({ street: a.street_uk, houseNumber: a.house_number });
    const hit = await districtAt(server.db, municipalityId, a.lon, a.lat);
    expect(answer.district.number).toBe(hit!.number);
    await get(api('/deputies?address=zzzzqqqq'), 404);
  });

  it('shows a deputy\'s page with attendance and votes, and never a private phone', async () => {
    const { rows } = await server.db.query<{ id: number; private_phone: string }>(
      `SELECT p.id, p.private_phone FROM deputy p JOIN election e ON e.id = p.election_id AND e.is_current WHERE p.municipality_id = $1 ORDER BY p.id LIMIT 1`, [municipalityId]);
    const res = await fetch(`${server.url}${api(`/deputies/${rows[0].id}`)}`);
    const text = await res.text();
    expect(text).not.toContain(rows[0].private_phone);
    const page = JSON.parse(text);
    expect(page).toMatchObject({ id: rows[0].id, district: { number: expect.any(Number) }, biography: expect.stringMatching(/^Народи/) });
    expect(page.attendance.sessions).toBeGreaterThan(30);
    expect(page.attendance.registered).toBeLessThanOrEqual(page.attendance.sessions);
    const votes = await get(api(`/deputies/${rows[0].id}/votes?q=${encodeURIComponent('бюджет')}&limit=5`));
    expect(votes.total).toBeGreaterThan(0);
    expect(votes.votes.every((v: Json) => /бюджет/i.test(v.itemTitle))).toBe(true);
    await get(api('/deputies/99999999'), 404);
  });

  it('gives a district\'s figures from the registry, the facilities and the comments', async () => {
    const { figures } = await get(api('/districts/1/figures'));
    expect(figures.registry.length + figures.facilities.length).toBeGreaterThan(0);
    for (const r of figures.registry) expect(r).toEqual({ category: expect.any(String), legality: expect.any(String), objects: expect.any(Number), revenueTotalUah: expect.any(Number), revenueThisYearUah: expect.any(Number) });
    for (const c of figures.comments) expect(c.month).toMatch(/^\d{4}-\d{2}$/);
  });

  it('shows a signed-in deputy their own district, and no one else', async () => {
    const deputy = await signIn(server, SLUG, 'deputy');
    const mine = await (await deputy.fetch(api('/mine'))).json() as Json;
    const { rows } = await server.db.query<{ number: number }>(
      `SELECT d.number FROM app_user u JOIN deputy p ON p.id = u.deputy_id JOIN electoral_district d ON d.id = p.district_id
       WHERE u.login = 'deputy' AND u.municipality_id = $1`, [municipalityId]);
    expect(mine.district).toMatchObject({ number: rows[0].number, geometry: { type: 'MultiPolygon' } });
    expect(mine.figures).toBeTruthy();
    expect((await fetch(`${server.url}${api('/mine')}`)).status).toBe(401);
    const editor = await signIn(server, SLUG, 'editor');
    expect((await editor.fetch(api('/mine'))).status).toBe(403);
    // a deputy of another hromada
    const other = await signIn(server, 'kryvyi-rih', 'deputy');
    expect((await other.fetch(api('/mine'))).status).toBe(403);
  });

  it('revalidates public answers by a weak ETag that an edit of a deputy, a district or the votes changes', async () => {
    const { rows: [p] } = await server.db.query<{ id: number; full_name: string; number: number; district_id: number }>(
      `SELECT p.id, p.full_name, d.number, d.id AS district_id FROM deputy p JOIN electoral_district d ON d.id = p.district_id
       JOIN election e ON e.id = p.election_id AND e.is_current WHERE p.municipality_id = $1 ORDER BY d.number LIMIT 1`, [municipalityId]);
    const tagOf = async (path: string) => {
      const res = await fetch(`${server.url}${api(path)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, no-cache');
      return res.headers.get('etag')!;
    };
    /** The tag once the write's version has reached this process (NOTIFY from the trigger). */
    const changedTag = async (path: string, old: string) => {
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${server.url}${api(path)}`, { headers: { 'if-none-match': old } });
        if (res.status === 200) return res.headers.get('etag')!;
        expect(res.status).toBe(304);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the ETag of ${path} did not change`);
    };
    const page = await tagOf(`/deputies/${p.id}`);
    const district = await tagOf(`/districts/${p.number}`);
    const votes = await tagOf(`/deputies/${p.id}/votes`);
    expect(page).toMatch(/^W\/"/);
    const again = await fetch(`${server.url}${api(`/deputies/${p.id}`)}`, { headers: { 'if-none-match': page } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(page);
    expect(await again.text()).toBe('');

    await server.db.query("UPDATE deputy SET reception_hours = 'Щопонеділка, 10:00–12:00' WHERE id = $1", [p.id]);
    const newPage = await changedTag(`/deputies/${p.id}`, page);
    expect(newPage).not.toBe(page);
    expect((await get(api(`/deputies/${p.id}`))).receptionHours).toBe('Щопонеділка, 10:00–12:00');
    await server.db.query("UPDATE electoral_district SET name_uk = 'Центральний' WHERE id = $1", [p.district_id]);
    expect(await changedTag(`/districts/${p.number}`, district)).not.toBe(district);

    // a vote imported by an admin changes the votes and the page (attendance), not the elections list
    const elections = await tagOf('/elections');
    const admin = await signIn(server, SLUG, 'admin');
    const csv = `Сесія,Дата,Питання,Назва питання,Депутат,Голос\n99,01.12.2026,1,Про тестове питання,${p.full_name},за\n`;
    const imported = await admin.fetch(api('/votes/import'), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(imported.status).toBe(200);
    expect(await changedTag(`/deputies/${p.id}/votes`, votes)).not.toBe(votes);
    expect(await changedTag(`/deputies/${p.id}`, newPage)).not.toBe(newPage);
    expect(await tagOf('/elections')).toBe(elections);
  });

  it('is described in the hromada\'s OpenAPI document, served from its own base', async () => {
    const doc = await get('/slovyansk/ogc/api');
    for (const path of ['/districts/point', '/districts/districts/{number}', '/districts/deputies', '/districts/districts', '/places/search']) {
      expect(doc.paths[path]).toMatchObject({ servers: [{ url: `${server.url}/slovyansk/api` }], get: { tags: ['your-deputy'] } });
    }
    const shapeParameter = doc.paths['/districts/districts/{number}'].get.parameters.find((p: Json) => p.name === 'shape');
    expect(shapeParameter.schema.enum).toEqual(['full', 'simplified', 'none']);
  });

  it('takes boundary and vote uploads from admins only', async () => {
    const editor = await signIn(server, SLUG, 'editor');
    const refused = await editor.fetch(api('/votes/import'), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Сесія,Дата\n' });
    expect(refused.status).toBe(403);
    const admin = await signIn(server, SLUG, 'admin');
    const bad = await admin.fetch(api('/votes/import'), { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Сесія,Дата,Питання,Депутат,Голос\n1,01.12.2026,1,Ніхто Ніхто Ніхтович,за\n' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ written: false, problems: [expect.objectContaining({ line: 2, code: 'unknown_deputy' })] });
    const boundaries = await editor.fetch(api('/boundaries/import'), { method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: '{}' });
    expect(boundaries.status).toBe(403);
  });
});
