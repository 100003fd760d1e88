/**
 * OGC API – Features Part 4 on the registry: a script signed in as a registry editor creates,
 * replaces, updates and dismantles a MAF through the OGC API, and each change goes through the
 * registry's write core — the audit log has it, the ETag follows row_version, and an edit made
 * from a stale ETag is refused with 412 without touching the object.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';

interface Feature { type: 'Feature'; id: number; geometry: { type: string; coordinates: number[] | number[][][] | number[][][][] }; properties: Record<string, unknown> }

describe.each(backends())('OGC API Part 4 on the registry on %s', (kind) => {
  let server: TestServer;
  let editor: Session;
  let m: number;
  let center: [number, number];
  const items = '/slovyansk/ogc/collections/maf/items';

  beforeAll(async () => {
    server = await startTestServer(kind);
    editor = await signIn(server, 'slovyansk', 'editor');
    const { rows } = await server.db.query<{ id: number; x: number; y: number }>(
      "SELECT id, ST_X(view_center) AS x, ST_Y(view_center) AS y FROM municipality WHERE slug = 'slovyansk'");
    m = rows[0].id;
    center = [rows[0].x, rows[0].y];
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  const kiosk = (extra: Record<string, unknown> = {}) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [center[0] + 0.001, center[1] + 0.001] },
    properties: { type_code: 'kiosk', address: 'вулиця Тестова, 1', width_m: 2.5, installed_on: '2026-01-15', ...extra },
  });
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    editor.fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }), headers: { 'content-type': 'application/geo+json', ...headers } });

  async function auditOf(id: number) {
    const { rows } = await server.db.query<{ action: string; user_id: number; after: Record<string, unknown> }>(
      "SELECT action, user_id, after FROM audit_log WHERE municipality_id = $1 AND entity = 'registry_object' AND entity_id = $2 ORDER BY id", [m, String(id)]);
    return rows;
  }

  test('a feature round-trips: created, read with its ETag, replaced, patched and dismantled, each audited', async () => {
    const created = await send('POST', items, kiosk());
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/\/slovyansk\/ogc\/collections\/maf\/items\/\d+$/);
    const feature = (await created.json()) as Feature;
    expect(feature.properties).toMatchObject({ type_code: 'kiosk', address: 'вулиця Тестова, 1', width_m: 2.5, installed_on: '2026-01-15', legality: 'no_permit' });
    const id = feature.id;

    // the public read gives the same feature and an ETag naming its row_version
    const read = await fetch(`${server.url}${items}/${id}`);
    const etag1 = read.headers.get('etag')!;
    expect(etag1).toMatch(/^"[^"]+-v1"$/);
    expect(created.headers.get('etag')).toBe(etag1);

    // replace: what the feature leaves out is cleared; the derived properties it sends back are ignored
    const replacement = { ...kiosk({ address: 'вулиця Тестова, 2', width_m: null }), properties: { ...feature.properties, address: 'вулиця Тестова, 2', width_m: null } };
    const replaced = await send('PUT', `${items}/${id}`, replacement, { 'if-match': etag1 });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as Feature).properties).toMatchObject({ address: 'вулиця Тестова, 2', width_m: null });
    const etag2 = replaced.headers.get('etag')!;
    expect(etag2).toMatch(/-v2"$/);

    // update: a merge patch moves it and sets one field
    const moved = [center[0] + 0.002, center[1] + 0.0015];
    const patched = await send('PATCH', `${items}/${id}`, { geometry: { type: 'Point', coordinates: moved }, properties: { height_m: 3 } }, {
      'content-type': 'application/merge-patch+json', 'if-match': etag2,
    });
    expect(patched.status).toBe(200);
    const after = (await patched.json()) as Feature;
    expect(after.properties).toMatchObject({ address: 'вулиця Тестова, 2', height_m: 3 });
    expect(after.geometry.coordinates).toEqual(moved);

    // delete dismantles: the object and its history stay, as the registry keeps them
    const deleted = await send('DELETE', `${items}/${id}`, undefined, { 'if-match': patched.headers.get('etag')! });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as Feature).properties).toMatchObject({ legality: 'dismantled' });

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update']);
    expect(audit.map((a) => a.after.row_version)).toEqual([1, 2, 3, 4]);
    const { rows: [user] } = await server.db.query<{ id: number }>("SELECT id FROM app_user WHERE login = 'editor' AND municipality_id = $1", [m]);
    expect(new Set(audit.map((a) => a.user_id))).toEqual(new Set([user.id]));
  });

  test('an edit from a stale ETag is refused with 412 and changes nothing', async () => {
    const created = await send('POST', items, kiosk({ address: 'вулиця Тестова, 10' }));
    const { id } = (await created.json()) as Feature;
    const stale = created.headers.get('etag')!;
    expect((await send('PATCH', `${items}/${id}`, { properties: { width_m: 3 } }, { 'if-match': stale })).status).toBe(200);

    const refused = await send('PATCH', `${items}/${id}`, { properties: { width_m: 4 } }, { 'if-match': stale });
    expect(refused.status).toBe(412);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ code: 'PreconditionFailed', your_row_version: 1, current_row_version: 2 });
    expect((await send('DELETE', `${items}/${id}`, undefined, { 'if-match': stale })).status).toBe(412);

    const { rows: [o] } = await server.db.query<{ width_m: string; dismantled_on: string | null; row_version: number }>(
      'SELECT width_m, dismantled_on, row_version FROM registry_object WHERE id = $1', [id]);
    expect([Number(o.width_m), o.dismantled_on, o.row_version]).toEqual([3, null, 2]);
    expect((await auditOf(id)).length).toBe(2);
  });

  test('the write core\'s rules hold: the hromada\'s boundary, the collection\'s geometry and type, a field\'s limits', async () => {
    const outside = await send('POST', items, { ...kiosk(), geometry: { type: 'Point', coordinates: [30.52, 50.45] } });
    expect(outside.status).toBe(400);
    expect(await outside.json()).toMatchObject({ field: 'geometry' });
    const polygon = await send('POST', items, { ...kiosk(), geometry: { type: 'Polygon', coordinates: [[[center[0], center[1]], [center[0] + 0.0001, center[1]], [center[0], center[1] + 0.0001], [center[0], center[1]]]] } });
    expect(polygon.status).toBe(400);
    const billboard = await send('POST', items, kiosk({ type_code: 'billboard' }));
    expect(billboard.status).toBe(400);
    expect(await billboard.json()).toMatchObject({ field: 'properties.type_code' });
    const negative = await send('POST', items, kiosk({ width_m: -1 }));
    expect(negative.status).toBe(400);
    expect(await negative.json()).toMatchObject({ field: 'width_m' });
    const unknown = await send('POST', items, kiosk({ colour: 'red' }));
    expect(unknown.status).toBe(400);
  });

  test('moving a summer terrace\'s point in maf moves its footprint; maf_footprints edits the footprint itself', async () => {
    const { rows: [t] } = await server.db.query<{ id: number; x: number; y: number; area: number }>(
      `SELECT id, ST_X(geom) AS x, ST_Y(geom) AS y, (SELECT ST_Area(geom::geography) FROM registry_object WHERE id = p.id) AS area
       FROM pub_maf p WHERE municipality_id = $1 AND id IN (SELECT id FROM pub_maf_footprints) AND dismantled_on IS NULL ORDER BY id LIMIT 1`, [m]);
    const to = [t.x + 0.0005, t.y + 0.0003];
    const res = await send('PATCH', `${items}/${t.id}`, { geometry: { type: 'Point', coordinates: to } });
    expect(res.status).toBe(200);
    const { rows: [after] } = await server.db.query<{ type: string; x: number; y: number; area: number }>(
      `SELECT GeometryType(o.geom) AS type, ST_X(p.geom) AS x, ST_Y(p.geom) AS y, ST_Area(o.geom::geography) AS area
       FROM registry_object o JOIN pub_maf p ON p.id = o.id WHERE o.id = $1`, [t.id]);
    expect(after.type).toMatch(/POLYGON/);
    expect(after.x).toBeCloseTo(to[0], 7);
    expect(after.y).toBeCloseTo(to[1], 7);
    expect(after.area).toBeCloseTo(t.area, 0);

    const footprint = (await (await fetch(`${server.url}/slovyansk/ogc/collections/maf_footprints/items/${t.id}`)).json()) as Feature;
    expect(footprint.geometry.type).toBe('MultiPolygon');
    const edited = await send('PATCH', `/slovyansk/ogc/collections/maf_footprints/items/${t.id}`, { properties: { address: 'вулиця Терасна, 5' } });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as Feature).properties.address).toBe('вулиця Терасна, 5');
  });

  test('only a signed-in registry editor of this hromada writes, and only with the CSRF token', async () => {
    const body = JSON.stringify(kiosk());
    const anonymous = await fetch(`${server.url}${items}`, { method: 'POST', body, headers: { 'content-type': 'application/geo+json' } });
    expect(anonymous.status).toBe(401);
    const noCsrf = await fetch(`${server.url}${items}`, { method: 'POST', body, headers: { 'content-type': 'application/geo+json', cookie: editor.cookie } });
    expect(noCsrf.status).toBe(403);
    const moderator = await signIn(server, 'slovyansk', 'moderator');
    expect((await moderator.fetch(items, { method: 'POST', body, headers: { 'content-type': 'application/geo+json' } })).status).toBe(403);
    const elsewhere = await editor.fetch('/kryvyi-rih/ogc/collections/maf/items', { method: 'POST', body, headers: { 'content-type': 'application/geo+json' } });
    expect(elsewhere.status).toBe(403);
    // another hromada's object is not found here
    const { rows: [theirs] } = await server.db.query<{ id: number }>("SELECT min(p.id) AS id FROM pub_maf p JOIN municipality x ON x.id = p.municipality_id WHERE x.slug = 'kryvyi-rih'");
    expect((await send('PATCH', `${items}/${theirs.id}`, { properties: { address: 'чуже' } })).status).toBe(404);
    // a read-only collection, and what OPTIONS tells a client before it offers editing
    expect((await send('POST', '/slovyansk/ogc/collections/facilities/items', kiosk())).status).toBe(405);
    const allow = async (path: string) => (await fetch(`${server.url}${path}`, { method: 'OPTIONS' })).headers.get('allow');
    expect(await allow(items)).toMatch(/POST/);
    expect(await allow(`${items}/1`)).toMatch(/PUT, PATCH, DELETE/);
    expect(await allow('/slovyansk/ogc/collections/facilities/items')).toBe('GET, HEAD, OPTIONS');
  });
});
