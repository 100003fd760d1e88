/**
 * The architecture department keeps the registry: adds objects by a point or a footprint inside
 * the hromada, edits and moves them, dismantles them, records owners, permits, payments and
 * photos. Two editors on one object: the second is told and shown the first's change. Every write
 * is audited and visible in the object's history; the wrong role or hromada is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { createUser } from '../../server/auth/users.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';
import { addDays, api, created, footprint, getJson, mark, municipalityId, point, pointsInside, send, today } from './fixtures.js';

const SLUG = 'slovyansk';
const OTHER = 'kryvyi-rih';

/** A 1×1 PNG that decodes, and a JPEG header with no picture behind it. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]);

describe.each(backends())('editing the registry on %s', (kind) => {
  let server: TestServer;
  let editor: Session;
  let second: Session;
  let now: string;
  let spots: [number, number][];
  let next = 0;
  const spot = () => spots[next++];

  beforeAll(async () => {
    server = await startTestServer(kind);
    await createUser(server.db, { municipalitySlug: SLUG, login: 'editor2', displayName: 'Друга Редакторка', password: TEST_PASSWORD, roles: ['registry_editor'] });
    editor = await signIn(server, SLUG, 'editor');
    second = await signIn(server, SLUG, 'editor2');
    now = await today(server);
    spots = await pointsInside(server, SLUG, 60, 23);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const kiosk = (extra: Record<string, unknown> = {}) =>
    created(editor, `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spot()), address: `вулиця Редакторська, ${mark()}`, ...extra });

  describe('adding and changing objects', () => {
    it('an editor adds a kiosk by a point; a resident then finds it in the table and opens its panel', async () => {
      const address = `проспект Тестовий, ${mark()}`;
      const res = await send(editor, 'POST', `${api(SLUG)}/objects`, {
        type_code: 'kiosk', geometry: point(spot()), address, width_m: 3, height_m: 2.5, installed_on: addDays(now, -100), external_id: `Т-${mark()}`,
      });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ type_code: 'kiosk', category: 'maf', address, row_version: 1, legality: 'no_permit' });
      const table = await getJson(server, `${api(SLUG)}/objects?q=${encodeURIComponent(address)}`);
      expect(table.total).toBe(1);
      expect(table.items[0]).toMatchObject({ id: res.json.id, type_uk: 'Кіоск', legality: 'no_permit' });
      const panel = await getJson(server, `${api(SLUG)}/objects/${res.json.id}`);
      expect(panel).toMatchObject({ id: res.json.id, address, size: { width_m: 3, height_m: 2.5 }, geometry: { type: 'Point' } });
    });

    it('a drawn footprint is kept as a polygon, and its panel returns it', async () => {
      const o = await created(editor, `${api(SLUG)}/objects`, { type_code: 'summer_terrace', geometry: footprint(spot()) });
      expect(o.geometry.type).toBe('Polygon');
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).geometry.type).toBe('Polygon');
    });

    it('a point outside the hromada — longitude and latitude swapped — is refused naming the geometry field', async () => {
      const [lon, lat] = spot();
      const res = await send(editor, 'POST', `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point([lat, lon]) });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ field: 'geometry' });
      expect(res.json.detail).toMatch(/поза межами громади/);
    });

    it('a refusal names the field and the value: a negative width, an unknown type, a foreign owner', async () => {
      const bad = await send(editor, 'POST', `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spot()), width_m: -2 });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ field: 'width_m', value: -2 });
      const type = await send(editor, 'POST', `${api(SLUG)}/objects`, { type_code: 'spaceship', geometry: point(spot()) });
      expect(type.json).toMatchObject({ field: 'type_code', value: 'spaceship' });
      const { rows: [foreign] } = await server.db.query<{ id: number }>(
        'SELECT w.id FROM owner w JOIN municipality m ON m.id = w.municipality_id WHERE m.slug = $1 LIMIT 1', [OTHER]);
      const owner = await send(editor, 'POST', `${api(SLUG)}/objects`, { type_code: 'kiosk', geometry: point(spot()), owner_id: foreign.id });
      expect(owner.json).toMatchObject({ field: 'owner_id', value: foreign.id });
    });

    it('an edit bumps row_version and updated_at, writes an audit row with before and after, and refreshes the layer version', async () => {
      const o = await kiosk({ width_m: 2 });
      const m = await municipalityId(server, SLUG);
      const versionBefore = await server.ctx.versions.get(m, 'maf');
      const res = await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: o.row_version, width_m: 2.4, geometry: point(spot()) });
      expect(res.status).toBe(200);
      expect(res.json.row_version).toBe(o.row_version + 1);
      expect(new Date(res.json.updated_at).getTime()).toBeGreaterThan(new Date(o.updated_at).getTime());
      expect(await server.ctx.versions.get(m, 'maf')).toBeGreaterThan(versionBefore);
      const { rows } = await server.db.query<{ login: string; before: { width_m: number }; after: { width_m: number; row_version: number } }>(
        `SELECT u.login, a.before, a.after FROM audit_log a JOIN app_user u ON u.id = a.user_id
         WHERE a.entity = 'registry_object' AND a.entity_id = $1 AND a.action = 'update'`, [String(o.id)]);
      expect(rows).toEqual([expect.objectContaining({ login: 'editor', before: expect.objectContaining({ width_m: 2 }), after: expect.objectContaining({ width_m: 2.4, row_version: 2 }) })]);
    });

    it('moving an object outside the hromada is refused and changes nothing', async () => {
      const o = await kiosk();
      const res = await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: o.row_version, geometry: point([30.52, 50.45]) });
      expect(res.status).toBe(400);
      expect(res.json.field).toBe('geometry');
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).geometry).toEqual(o.geometry);
    });

    it('dismantling keeps the record; dismantling it again is a conflict', async () => {
      const o = await kiosk({ installed_on: addDays(now, -50) });
      const before = await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/dismantle`, { dismantled_on: addDays(now, -60) });
      expect(before.status).toBe(400);
      expect(before.json.field).toBe('dismantled_on');
      expect((await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/dismantle`, { dismantled_on: addDays(now, -1) })).json.dismantled_on).toBe(addDays(now, -1));
      expect((await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/dismantle`, {})).status).toBe(409);
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).legality.value).toBe('dismantled');
    });
  });

  describe('two editors on one object', () => {
    it('the second, saving from a stale version, gets 409 with the first one\'s change: who, when, what, and the current values', async () => {
      const o = await kiosk({ address: 'вулиця Спільна, 1', width_m: 2 });
      const first = await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: o.row_version, address: 'вулиця Спільна, 1-А' });
      expect(first.status).toBe(200);
      const stale = await send(second, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: o.row_version, width_m: 3 });
      expect(stale.status).toBe(409);
      expect(stale.json).toMatchObject({
        code: 'Conflict',
        field: 'row_version',
        your_row_version: 1,
        current_row_version: 2,
        changed_by: { name: 'Тест editor', login: 'editor' },
        current: { address: 'вулиця Спільна, 1-А', width_m: 2, row_version: 2 },
      });
      expect(stale.json.changes).toEqual([
        expect.objectContaining({ user: 'Тест editor', action: 'update', changes: [{ field: 'address', from: 'вулиця Спільна, 1', to: 'вулиця Спільна, 1-А' }] }),
      ]);
      expect(new Date(stale.json.changed_by.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(stale.json.detail).toMatch(/Тест editor/);
      // nothing of the stale save was written
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).size.width_m).toBe(2);
      // shown the current values, the second editor saves again from them
      const retry = await send(second, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: stale.json.current_row_version, width_m: 3 });
      expect(retry.status).toBe(200);
      expect(retry.json).toMatchObject({ address: 'вулиця Спільна, 1-А', width_m: 3, row_version: 3 });
    });

    it('a permit edited from a stale version is refused the same way', async () => {
      const o = await kiosk();
      const { permit } = await created(editor, `${api(SLUG)}/objects/${o.id}/permits`, { kind: 'passport', number: `ПП-${mark()}`, valid_until: addDays(now, 100) });
      expect((await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}/permits/${permit.id}`, { row_version: 1, valid_until: addDays(now, 200) })).status).toBe(200);
      const stale = await send(second, 'PATCH', `${api(SLUG)}/objects/${o.id}/permits/${permit.id}`, { row_version: 1, decision: 'Рішення № 1' });
      expect(stale.status).toBe(409);
      expect(stale.json.changes[0].changes).toEqual([{ field: 'valid_until', from: addDays(now, 100), to: addDays(now, 200) }]);
      expect(stale.json.current).toMatchObject({ valid_until: addDays(now, 200), decision: null });
    });
  });

  it('an admin adds an object type for this hromada only; editors here use it, the other hromada neither sees nor uses it', async () => {
    const admin = await signIn(server, SLUG, 'admin');
    const code = `ice_cream_${mark().toLowerCase()}`;
    expect((await send(editor, 'POST', `${api(SLUG)}/types`, { code, category: 'maf', name_uk: 'Морозильний лар', name_en: 'Ice cream chest' })).status).toBe(403);
    const type = await send(admin, 'POST', `${api(SLUG)}/types`, { code, category: 'maf', name_uk: 'Морозильний лар', name_en: 'Ice cream chest' });
    expect(type.status).toBe(201);
    expect((await getJson(server, `${api(SLUG)}/types`)).items).toContainEqual(expect.objectContaining({ code, local: true }));
    expect((await getJson(server, `${api(OTHER)}/types`)).items.map((t: { code: string }) => t.code)).not.toContain(code);
    expect((await kiosk({ type_code: code })).category).toBe('maf');
    const stranger = await signIn(server, OTHER, 'editor');
    const [lon, lat] = (await pointsInside(server, OTHER, 1, 3))[0];
    expect((await send(stranger, 'POST', `${api(OTHER)}/objects`, { type_code: code, geometry: point([lon, lat]) })).json).toMatchObject({ field: 'type_code' });
    expect((await send(admin, 'POST', `${api(SLUG)}/types`, { code: 'kiosk', category: 'maf', name_uk: 'Кіоск', name_en: 'Kiosk' })).status).toBe(409);
  });

  describe('owners', () => {
    it('a legal entity\'s ЄДРПОУ is checked by its check digit', async () => {
      const bad = await send(editor, 'POST', `${api(SLUG)}/owners`, { kind: 'legal_entity', name: 'ТОВ «Перевірка»', edrpou: '14360571' });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ field: 'edrpou', value: '14360571' });
      const good = await send(editor, 'POST', `${api(SLUG)}/owners`, { kind: 'legal_entity', name: 'ТОВ «Перевірка»', edrpou: '14360570' });
      expect(good.status).toBe(201);
      expect(good.json).toMatchObject({ edrpou: '14360570', row_version: 1 });
    });

    it('a sole proprietor has a РНОКПП, not an ЄДРПОУ; editors see it, owner edits are versioned', async () => {
      const wrong = await send(editor, 'POST', `${api(SLUG)}/owners`, { kind: 'sole_proprietor', name: 'ФОП Петренко П. П.', edrpou: '14360570' });
      expect(wrong.json).toMatchObject({ field: 'edrpou' });
      const fop = await created(editor, `${api(SLUG)}/owners`, { kind: 'sole_proprietor', name: 'ФОП Петренко П. П.', rnokpp: '3012345678', private_phone: '+380671112233' });
      const priv = await send(editor, 'GET', `${api(SLUG)}/owners/${fop.id}/private`);
      expect(priv.json).toMatchObject({ rnokpp: '3012345678', private_phone: '+380671112233' });
      const renamed = await send(second, 'PATCH', `${api(SLUG)}/owners/${fop.id}`, { row_version: 1, name: 'ФОП Петренко Петро Петрович' });
      expect(renamed.json.row_version).toBe(2);
      expect((await send(editor, 'PATCH', `${api(SLUG)}/owners/${fop.id}`, { row_version: 1, public_contact: '050 000 00 00' })).status).toBe(409);
    });
  });

  describe('photos', () => {
    it('a PNG sent as the body is re-encoded, stored and served publicly as JPEG with nosniff and a long cache', async () => {
      const o = await kiosk();
      const res = await editor.fetch(`${api(SLUG)}/objects/${o.id}/photos?caption=${encodeURIComponent('Вигляд з вулиці')}`, {
        method: 'POST', headers: { 'content-type': 'image/png' }, body: PNG,
      });
      expect(res.status).toBe(201);
      const photo = await res.json();
      expect(photo).toMatchObject({ content_type: 'image/jpeg', caption: 'Вигляд з вулиці', width: 1, height: 1 });
      const served = await fetch(`${server.url}${photo.url}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/jpeg');
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      expect(served.headers.get('cache-control')).toMatch(/immutable/);
      const bytes = Buffer.from(await served.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(bytes.length).toBe(photo.byte_size);
      expect((await fetch(`${server.url}${photo.url}`, { headers: { 'if-none-match': served.headers.get('etag')! } })).status).toBe(304);
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).photos).toEqual([
        expect.objectContaining({ id: photo.id, url: photo.url, thumbnail_url: `${photo.url}/thumbnail`, width: 1, height: 1 }),
      ]);
      // removed by an editor: gone from the panel and from its URL, and recorded in the history
      expect((await send(editor, 'DELETE', `${api(SLUG)}/objects/${o.id}/photos/${photo.id}`)).status).toBe(204);
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).photos).toEqual([]);
      expect((await fetch(`${server.url}${photo.url}`)).status).toBe(404);
      const history = (await send(editor, 'GET', `${api(SLUG)}/objects/${o.id}/history`)).json.entries;
      expect(history[0]).toMatchObject({ entity: 'registry_photo', action: 'delete' });
    });

    it('a phone\'s JPEG (base64 JSON) loses its EXIF and GPS, is bounded to 2048 px, and gets a thumbnail for the card', async () => {
      const o = await kiosk();
      const phone = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: { r: 200, g: 120, b: 40 } } })
        .jpeg()
        .withExifMerge({
          IFD0: { Make: 'SpyPhoneMaker', Model: 'Spy 15' },
          IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '37/1 36/1 0/1' },
        })
        .toBuffer();
      expect(phone.includes(Buffer.from('SpyPhoneMaker'))).toBe(true);
      const photo = await created(editor, `${api(SLUG)}/objects/${o.id}/photos`, { data_base64: phone.toString('base64') });
      expect(photo).toMatchObject({ content_type: 'image/jpeg', width: 2048, height: 1536 });
      const stored = Buffer.from(await (await fetch(`${server.url}${photo.url}`)).arrayBuffer());
      const meta = await sharp(stored).metadata();
      expect([meta.width, meta.height, meta.exif]).toEqual([2048, 1536, undefined]);
      expect(stored.includes(Buffer.from('SpyPhoneMaker'))).toBe(false);
      const thumb = await fetch(`${server.url}${photo.url}/thumbnail`);
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
      const thumbMeta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      expect(Math.max(thumbMeta.width!, thumbMeta.height!)).toBeLessThanOrEqual(320);
      expect(thumb.headers.get('etag')).not.toBe((await fetch(`${server.url}${photo.url}`)).headers.get('etag'));
    });

    it('bytes hidden after a valid PNG do not survive; a header with no picture behind it is refused', async () => {
      const o = await kiosk();
      const payload = Buffer.from('<script>alert("stored")</script>');
      const smuggled = await created(editor, `${api(SLUG)}/objects/${o.id}/photos`, { data_base64: Buffer.concat([PNG, payload]).toString('base64') });
      const stored = Buffer.from(await (await fetch(`${server.url}${smuggled.url}`)).arrayBuffer());
      expect(stored.includes(payload)).toBe(false);
      const fake = await editor.fetch(`${api(SLUG)}/objects/${o.id}/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: JPEG });
      expect(fake.status).toBe(415);
    });

    it('a file that is not an image, or not the image it claims to be, is refused', async () => {
      const o = await kiosk();
      const html = await editor.fetch(`${api(SLUG)}/objects/${o.id}/photos`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: Buffer.from('<html><script>alert(1)</script></html>') });
      expect(html.status).toBe(415);
      const liar = await editor.fetch(`${api(SLUG)}/objects/${o.id}/photos`, { method: 'POST', headers: { 'content-type': 'image/webp' }, body: PNG });
      expect(liar.status).toBe(415);
      const huge = await editor.fetch(`${api(SLUG)}/objects/${o.id}/photos`, { method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]) });
      expect(huge.status).toBe(413);
      expect((await getJson(server, `${api(SLUG)}/objects/${o.id}`)).photos).toEqual([]);
    });
  });

  it('an object\'s history shows who changed what and when: the object, its permits, payments and photos', async () => {
    const o = await kiosk({ width_m: 2 });
    await send(second, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: 1, width_m: 2.2 });
    await created(editor, `${api(SLUG)}/objects/${o.id}/permits`, { kind: 'passport', number: `ПП-${mark()}`, valid_until: addDays(now, 90) });
    await created(editor, `${api(SLUG)}/objects/${o.id}/payments`, { amount_uah: 700, paid_on: now });
    await editor.fetch(`${api(SLUG)}/objects/${o.id}/photos`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: PNG });
    const res = await send(editor, 'GET', `${api(SLUG)}/objects/${o.id}/history`);
    expect(res.status).toBe(200);
    const entries = res.json.entries as { user: string; entity: string; action: string; changes: { field: string; from: unknown; to: unknown }[] }[];
    expect(entries.map((e) => `${e.entity}:${e.action}`)).toEqual(['registry_photo:create', 'payment:create', 'permit:create', 'registry_object:update', 'registry_object:create']);
    expect(entries[3]).toMatchObject({ user: 'Друга Редакторка', changes: [{ field: 'width_m', from: 2, to: 2.2 }] });
    expect(entries[4].user).toBe('Тест editor');
    // the history is for editors only
    expect((await fetch(`${server.url}${api(SLUG)}/objects/${o.id}/history`)).status).toBe(401);
  });

  it('a payment is corrected by a reversal and a new entry with a reason, never changed or deleted: the sums follow', async () => {
    const o = await kiosk();
    const paid = (await created(editor, `${api(SLUG)}/objects/${o.id}/payments`, { amount_uah: 1500, paid_on: now, document: 'п/д 9' })).payment;
    // a reason is required; the same amount is nothing to correct
    expect((await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/payments/${paid.id}/correction`, { amount_uah: 1200 })).status).toBe(400);
    expect((await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/payments/${paid.id}/correction`, { amount_uah: 1500, reason: 'так' })).status).toBe(400);
    const res = await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/payments/${paid.id}/correction`, { amount_uah: 1200, reason: 'помилка в сумі платіжки' });
    expect(res.status).toBe(201);
    expect(res.json.reversal).toMatchObject({ amount_uah: -1500, paid_on: now, corrects_payment_id: paid.id, correction_reason: 'помилка в сумі платіжки' });
    expect(res.json.replacement).toMatchObject({ amount_uah: 1200, paid_on: now, document: 'п/д 9', corrects_payment_id: paid.id });
    expect(res.json.object).toMatchObject({ revenue_this_year_uah: 1200, revenue_total_uah: 1200 });
    // the original is still there, untouched; it cannot be reversed twice, nor a reversal corrected
    const list = (await send(editor, 'GET', `${api(SLUG)}/objects/${o.id}/payments`)).json.items;
    expect(list.find((p: { id: number }) => p.id === paid.id)).toMatchObject({ amount_uah: 1500, reversed: true });
    expect(list).toHaveLength(3);
    expect((await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/payments/${paid.id}/correction`, { amount_uah: 1000, reason: 'ще раз' })).status).toBe(400);
    expect((await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/payments/${res.json.reversal.id}/correction`, { amount_uah: 1, reason: 'сторно' })).status).toBe(400);
    // a correction to zero: the new entry is corrected away entirely
    const zero = await send(editor, 'POST', `${api(SLUG)}/objects/${o.id}/payments/${res.json.replacement.id}/correction`, { amount_uah: 0, reason: 'оплата не цього об’єкта' });
    expect(zero.status).toBe(201);
    expect(zero.json.replacement).toBeNull();
    expect(zero.json.object.revenue_total_uah).toBe(0);
    // the public panel's sums and list agree; the reason is the department's, not public
    const panel = await getJson(server, `${api(SLUG)}/objects/${o.id}`);
    expect(panel.revenue).toMatchObject({ this_year_uah: 0, total_uah: 0 });
    expect(JSON.stringify(panel)).not.toContain('оплата не цього');
    // four entries: the original, its reversal, the replacement and the replacement's reversal
    const { rows: [{ n }] } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM payment WHERE object_id = $1', [o.id]);
    expect(n).toBe(4);
  });

  it('the history names owners and types, not ids and codes', async () => {
    const first = await created(editor, `${api(SLUG)}/owners`, { kind: 'legal_entity', name: `ТОВ «Перший-${mark()}»` });
    const next = await created(editor, `${api(SLUG)}/owners`, { kind: 'sole_proprietor', name: `ФОП Другий-${mark()}` });
    const o = await kiosk({ owner_id: first.id });
    await send(editor, 'PATCH', `${api(SLUG)}/objects/${o.id}`, { row_version: 1, owner_id: next.id, type_code: 'pavilion' });
    const entries = (await send(editor, 'GET', `${api(SLUG)}/objects/${o.id}/history`)).json.entries;
    const change = (field: string) => entries[0].changes.find((c: { field: string }) => c.field === field);
    expect(change('owner_id')).toMatchObject({ from: first.id, to: next.id, from_label: { uk: first.name }, to_label: { uk: next.name } });
    expect(change('type_code')).toMatchObject({ from_label: { uk: 'Кіоск', en: 'Kiosk' }, to_label: { uk: 'Павільйон', en: 'Pavilion' } });
    // ids that say nothing to a reader stay out
    expect(entries.flatMap((e: { changes: { field: string }[] }) => e.changes.map((c) => c.field))).not.toContain('id');
  });

  describe('roles and hromadas', () => {
    let target: { id: number; row_version: number };
    beforeAll(async () => {
      target = await kiosk();
    });

    const writes = (id: number) => [
      ['POST', '/objects', { type_code: 'kiosk', geometry: point([37.6, 48.85]) }],
      ['PATCH', `/objects/${id}`, { row_version: 1, width_m: 9 }],
      ['POST', `/objects/${id}/dismantle`, {}],
      ['POST', `/objects/${id}/permits`, { number: 'X-1' }],
      ['POST', `/objects/${id}/payments`, { amount_uah: 1, paid_on: '2026-01-01' }],
      ['POST', `/objects/${id}/photos`, { data_base64: PNG.toString('base64') }],
      ['POST', '/owners', { kind: 'legal_entity', name: 'ТОВ «Хтось»' }],
    ] as const;

    it('anonymous writes are 401, and a moderator or a deputy may not edit the registry (403)', async () => {
      for (const [method, path, body] of writes(target.id)) {
        const res = await fetch(`${server.url}${api(SLUG)}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect([method, path, res.status]).toEqual([method, path, 401]);
      }
      for (const login of ['moderator', 'deputy']) {
        const s = await signIn(server, SLUG, login);
        for (const [method, path, body] of writes(target.id)) {
          expect([login, method, path, (await send(s, method, `${api(SLUG)}${path}`, body)).status]).toEqual([login, method, path, 403]);
        }
        expect((await send(s, 'GET', `${api(SLUG)}/objects/${target.id}/record`)).status).toBe(403);
      }
    });

    it('an editor of another hromada is refused here, and from their own hromada finds no object of ours (404, as for none)', async () => {
      const stranger = await signIn(server, OTHER, 'editor');
      for (const [method, path, body] of writes(target.id)) {
        expect([method, path, (await send(stranger, method, `${api(SLUG)}${path}`, body)).status]).toEqual([method, path, 403]);
      }
      const { rows: [{ max }] } = await server.db.query<{ max: number }>('SELECT max(id) + 1000 AS max FROM registry_object');
      for (const id of [target.id, max]) {
        for (const [method, path, body] of writes(id).slice(1, 6)) {
          expect([id, method, path, (await send(stranger, method, `${api(OTHER)}${path}`, body)).status]).toEqual([id, method, path, 404]);
        }
        expect((await send(stranger, 'GET', `${api(OTHER)}/objects/${id}/history`)).status).toBe(404);
        expect((await fetch(`${server.url}${api(OTHER)}/objects/${id}`)).status).toBe(404);
      }
      expect((await getJson(server, `${api(SLUG)}/objects/${target.id}`)).size.width_m).toBeNull();
    });

    it('an admin of the hromada may edit the registry', async () => {
      const admin = await signIn(server, SLUG, 'admin');
      expect((await send(admin, 'PATCH', `${api(SLUG)}/objects/${target.id}`, { row_version: target.row_version, width_m: 1.5 })).status).toBe(200);
    });

    it('a write without the CSRF token is refused', async () => {
      const res = await fetch(`${server.url}${api(SLUG)}/owners`, {
        method: 'POST', headers: { cookie: editor.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'legal_entity', name: 'ТОВ «Без токена»' }),
      });
      expect(res.status).toBe(403);
    });
  });
});
