/**
 * Open311 GeoReport v2 as a generic client uses it: discovery, the services, a request posted
 * (form-encoded, as the spec's examples; JSON too) and read back by id and by token, in JSON and
 * in XML, with the standard filters; api_key by configuration; refusals in the spec's error shape.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, type Session } from '../support/server.js';
import { placeIn, readOutbox, startCommentsServer, type CommentsServer } from './support.js';

const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));

/** The text of each <name> element of an XML document, in order. */
const xmlValues = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe.each(backends())('Open311 GeoReport v2 (%s)', (kind) => {
  let server: CommentsServer;
  let moderator: Session;
  let place: { lon: number; lat: number };
  const base = () => `${server.url}/slovyansk/open311/v2`;

  beforeAll(async () => {
    server = await startCommentsServer(kind, { OPEN311_API_KEY: 'test-open311-key' });
    moderator = await signIn(server, 'slovyansk', 'moderator');
    place = await placeIn(server, 'slovyansk');
  }, 240_000);
  afterAll(async () => server?.close());

  const post = (fields: Record<string, string | number>, ext = 'json') =>
    fetch(`${base()}/requests.${ext}`, { method: 'POST', headers: { 'x-forwarded-for': '192.0.2.10' }, body: form(fields) });

  test('discovery and services in JSON and XML name the hromada\'s categories', async () => {
    const discovery = (await (await fetch(`${base()}/discovery.json`)).json()) as { endpoints: { url: string; formats: string[] }[] };
    expect(discovery.endpoints[0].url).toBe(`${server.url}/slovyansk/open311/v2/`);
    expect(discovery.endpoints[0].formats).toEqual(['application/json', 'text/xml']);
    const services = (await (await fetch(`${base()}/services.json`)).json()) as { service_code: string; metadata: boolean }[];
    expect(services.map((s) => s.service_code)).toEqual(['illegal_object', 'damage', 'accessibility', 'data_error', 'improvement', 'other']);
    const xml = await (await fetch(`${base()}/services.xml`)).text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services>\n {2}<service>/);
    expect(xmlValues(xml, 'service_code')).toEqual(services.map((s) => s.service_code));
    const definition = (await (await fetch(`${base()}/services/damage.json`)).json()) as { service_code: string; attributes: { code: string }[] };
    expect(definition).toMatchObject({ service_code: 'damage', attributes: [{ code: 'name' }] });
    expect((await fetch(`${base()}/services/nope.json`)).status).toBe(404);
    expect((await fetch(`${base()}/services`)).status).toBe(404);
  });

  test('a POST then GET round-trips: the request reads back by id and token, a stub until published, whole after', async () => {
    const res = await post({
      api_key: 'test-open311-key', service_code: 'damage', lat: place.lat, long: place.lon,
      description: 'Яма на дорозі біля зупинки', email: 'open311@example.org', first_name: 'Іван', last_name: 'Приватний',
      media_url: 'https://photos.example.org/pothole.jpg',
    });
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string; token: string }[];
    expect(created.service_request_id).toMatch(/^\d+$/);
    // the author was told, with their private link
    expect(readOutbox(server.outbox).at(-1)).toMatchObject({ to: 'open311@example.org' });

    const [stub] = (await (await fetch(`${base()}/requests/${created.service_request_id}.json`)).json()) as Record<string, unknown>[];
    expect(stub).toMatchObject({ service_request_id: created.service_request_id, service_code: 'damage', status: 'open', description: null, media_url: null });
    expect(stub.status_notes).toMatch(/Очікує модерації/);
    expect(stub.lat).toBeCloseTo(place.lat, 6);
    expect(stub.long).toBeCloseTo(place.lon, 6);
    const [byToken] = (await (await fetch(`${base()}/tokens/${created.token}.json`)).json()) as { service_request_id: string }[];
    expect(byToken.service_request_id).toBe(created.service_request_id);

    await moderator.fetch(`/slovyansk/api/comments/${created.service_request_id}/steps/publish`, { method: 'POST', body: '{}' });
    const [full] = (await (await fetch(`${base()}/requests/${created.service_request_id}.json`)).json()) as Record<string, unknown>[];
    expect(full).toMatchObject({
      status: 'open', description: 'Яма на дорозі біля зупинки', media_url: 'https://photos.example.org/pothole.jpg', service_name: 'Пошкоджений об’єкт',
    });
    const xml = await (await fetch(`${base()}/requests/${created.service_request_id}.xml`)).text();
    expect(xmlValues(xml, 'service_request_id')).toEqual([created.service_request_id]);
    expect(xmlValues(xml, 'description')).toEqual(['Яма на дорозі біля зупинки']);
    for (const body of [JSON.stringify(full), xml]) {
      expect(body).not.toContain('open311@example.org');
      expect(body).not.toContain('Приватний');
    }

    // resolved → closed, with the answer as status_notes
    const official = await signIn(server, 'slovyansk', 'official');
    await official.fetch(`/slovyansk/api/comments/${created.service_request_id}/steps/resolve`, { method: 'POST', body: JSON.stringify({ answer: 'Яму залатано.' }) });
    const [closed] = (await (await fetch(`${base()}/requests.json?service_request_id=${created.service_request_id}`)).json()) as Record<string, unknown>[];
    expect(closed).toMatchObject({ status: 'closed', status_notes: 'Яму залатано.' });
  });

  test('POST by address_string finds the address point; JSON bodies work too', async () => {
    const { rows } = await server.db.query<{ street_uk: string; house_number: string; lon: number; lat: number }>(
      `SELECT street_uk, house_number, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point a JOIN municipality m ON m.id = a.municipality_id
       WHERE m.slug = 'slovyansk' AND street_uk LIKE 'вулиця %' ORDER BY a.id LIMIT 1`);
    const a = rows[0];
    const written = `вул. ${a.street_uk.replace(/^вулиця /, '')}, ${a.house_number}`;
    const res = await fetch(`${base()}/requests.json`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.11' },
      body: JSON.stringify({ api_key: 'test-open311-key', service_code: 'other', address_string: written, description: 'Не вивозять сміття' }),
    });
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string }[];
    const [back] = (await (await fetch(`${base()}/requests/${created.service_request_id}.json`)).json()) as { lat: number; long: number }[];
    expect(back.lat).toBeCloseTo(a.lat, 6);
    expect(back.long).toBeCloseTo(a.lon, 6);
    const unknown = await post({ api_key: 'test-open311-key', service_code: 'other', address_string: 'Зовсім вигадана адреса 999', description: 'Текст' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { code: number; description: string }[])[0].description).toMatch(/не знайдено/);
  });

  test('refusals: a missing or wrong api_key, an unknown service, no place; errors in the format asked for', async () => {
    const fields = { service_code: 'damage', lat: place.lat, long: place.lon, description: 'Текст звернення' };
    expect((await post(fields)).status).toBe(403);
    expect((await post({ ...fields, api_key: 'wrong-key-123' })).status).toBe(403);
    const xml = await post({ ...fields, api_key: 'wrong-key-123' }, 'xml');
    expect(await xml.text()).toMatch(/<errors>\s*<error>\s*<code>403<\/code>/);
    expect((await post({ ...fields, api_key: 'test-open311-key', service_code: 'unknown_service' })).status).toBe(400);
    expect((await post({ api_key: 'test-open311-key', service_code: 'damage', description: 'Текст' })).status).toBe(400);
    expect((await post({ ...fields, api_key: 'test-open311-key', lat: 10, long: 10 })).status).toBe(400); // outside the hromada
    expect((await post({ ...fields, api_key: 'test-open311-key', media_url: 'javascript:alert(1)' })).status).toBe(400);
  });

  test('GET requests filters by service, status and date, public text only', async () => {
    const all = (await (await fetch(`${base()}/requests.json?start_date=2000-01-01T00:00:00Z`)).json()) as { status: string; service_code: string; description: string | null }[];
    expect(all.length).toBeGreaterThan(100);
    const closed = (await (await fetch(`${base()}/requests.json?status=closed&service_code=damage&start_date=2000-01-01T00:00:00Z`)).json()) as typeof all;
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r) => r.status === 'closed' && r.service_code === 'damage')).toBe(true);
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM comment c JOIN municipality m ON m.id = c.municipality_id
       WHERE m.slug = 'slovyansk' AND c.status IN ('new','rejected') AND c.created_at >= now() - interval '90 days'`);
    const recent = (await (await fetch(`${base()}/requests.json`)).json()) as typeof all;
    expect(recent.filter((r) => r.description === null).length).toBeGreaterThanOrEqual(rows[0].n);
    expect((await fetch(`${base()}/requests.json?start_date=yesterday`)).status).toBe(400);
  });
});
