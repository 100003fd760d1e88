/**
 * What the public never sees of a comment, looked for in every public response: OGC API (JSON and
 * HTML), vector tiles, Open311 (JSON and XML), the Atom feeds, the comments' own public API. The
 * secrets are planted through the API as residents and moderators would: an e-mail, a name the
 * author chose to hide, the client's address and its hash, the original of a redacted text, the
 * text of a comment awaiting moderation and of a rejected one, a rejection's reason, an author's
 * private note. Then the abuse checks: the limits per client and per hromada (held in the
 * database), the honeypot, the fill time, the size limits.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PbfReader } from 'pbf';
import { backends } from '../support/backends.js';
import { signIn, type Session } from '../support/server.js';
import { formTicket } from '../../server/comments/core/privacy.js';
import { anotherInstance } from '../security/instance.js';
import { placeIn, resident, startCommentsServer, type CommentsServer } from './support.js';

function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

describe.each(backends())('comments keep private what is private (%s)', (kind) => {
  let server: CommentsServer;
  let moderator: Session;
  let place: { lon: number; lat: number; municipalityId: number };
  const secrets: string[] = [];
  const ids: number[] = [];

  beforeAll(async () => {
    server = await startCommentsServer(kind);
    moderator = await signIn(server, 'slovyansk', 'moderator');
    place = await placeIn(server, 'slovyansk');
    const someone = resident(server, '203.0.113.77');
    const send = async (body: Record<string, unknown>) => {
      const res = await someone.comment('slovyansk', { category: 'damage', lon: place.lon + 0.0001 * ids.length, lat: place.lat, ...body });
      expect(res.status).toBe(201);
      const c = (await res.json()) as { id: number; token: string };
      ids.push(c.id);
      return c;
    };
    const step = (id: number, action: string, body: unknown = {}) =>
      moderator.fetch(`/slovyansk/api/comments/${id}/steps/${action}`, { method: 'POST', body: JSON.stringify(body) });

    // published, with a hidden name, an e-mail, a redacted original and a private note
    const a = await send({ body: 'Телефон ORIGINALSECRET77 на стовпі, лавка зламана', name: 'Таємниця Прихована', showName: false, email: 'secret.author@example.org' });
    await step(a.id, 'redact', { body: 'Телефон [приховано] на стовпі, лавка зламана' });
    await step(a.id, 'publish');
    await fetch(`${server.url}/slovyansk/api/comments/follow/add`, {
      method: 'POST', headers: { 'x-comment-token': a.token, 'content-type': 'application/json' }, body: JSON.stringify({ note: 'PRIVATENOTESECRET' }),
    });
    // awaiting moderation
    await send({ body: 'PENDINGSECRETTEXT нова скарга', name: 'Очікувана Особа', email: 'pending.person@example.org' });
    // rejected with a reason
    const r = await send({ body: 'REJECTEDSECRETTEXT образлива скарга', email: 'rejected.person@example.org' });
    await step(r.id, 'reject', { reason: 'REASONSECRETTEXT' });
    const { rows } = await server.db.query<{ client_hash: string }>('SELECT client_hash FROM comment WHERE id = $1', [a.id]);
    secrets.push('secret.author@example.org', 'pending.person@example.org', 'rejected.person@example.org', 'Таємниця Прихована',
      'Очікувана Особа', 'ORIGINALSECRET77', 'PENDINGSECRETTEXT', 'REJECTEDSECRETTEXT', 'REASONSECRETTEXT', 'PRIVATENOTESECRET',
      '203.0.113.77', rows[0].client_hash, a.token);
    expect(rows[0].client_hash).toMatch(/^[A-Za-z0-9_-]{32}$/);
  }, 240_000);
  afterAll(async () => server?.close());

  test('the address is never stored raw, only a keyed hash', async () => {
    const { rows } = await server.db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM comment WHERE client_hash LIKE '%203.0.113%' OR body LIKE '%203.0.113.77%'`);
    expect(rows[0].n).toBe(0);
    const { rows: logged } = await server.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM audit_log WHERE (after::text LIKE '%203.0.113%' OR after::text LIKE '%@example.org%') AND entity = 'comment'`);
    expect(logged[0].n).toBe(0);
  });

  test('no public response holds an e-mail, the address or its hash, hidden or rejected text', async () => {
    const [z, x, y] = tileOf(place.lon, place.lat, 16);
    const paths = [
      '/slovyansk/ogc/collections/comments/items?limit=10000', '/slovyansk/ogc/collections/comments/items?limit=10000&f=html',
      '/slovyansk/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z', '/slovyansk/open311/v2/requests.xml?start_date=2000-01-01T00:00:00Z',
      '/slovyansk/api/comments/feed.atom', '/slovyansk/api/comments/feed.atom?category=damage',
      `/slovyansk/api/comments/similar?lon=${place.lon}&lat=${place.lat}&category=damage`,
      `/slovyansk/tiles/comments/${z}/${x}/${y}.mvt`, `/slovyansk/tiles/comments/${z - 4}/${x >> 4}/${y >> 4}.mvt`,
      '/slovyansk/api/catalog',
    ];
    for (const id of ids) {
      paths.push(`/slovyansk/api/comments/${id}`, `/slovyansk/ogc/collections/comments/items/${id}`, `/slovyansk/ogc/collections/comments/items/${id}?f=html`,
        `/slovyansk/open311/v2/requests/${id}.json`, `/slovyansk/open311/v2/requests/${id}.xml`);
    }
    const { rows: districts } = await server.db.query<{ number: number }>(
      `SELECT d.number FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current
       WHERE d.municipality_id = $1 AND ST_Covers(d.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) ORDER BY d.number LIMIT 1`,
      [place.municipalityId, place.lon, place.lat]);
    if (districts[0]) paths.push(`/slovyansk/api/comments/feed.atom?district=${districts[0].number}`);
    let tileFeatures = 0;
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: [200, 404].includes(res.status) ? res.status : 200 });
      const bytes = Buffer.from(await res.arrayBuffer());
      let text = bytes.toString('utf8');
      if (path.endsWith('.mvt') && res.status === 200) {
        const layer = new VectorTile(new PbfReader(bytes)).layers.comments;
        for (let i = 0; i < (layer?.length ?? 0); i++) text += JSON.stringify(layer.feature(i).properties);
        tileFeatures += layer?.length ?? 0;
      }
      const leaked = secrets.filter((s) => text.includes(s));
      expect({ path, leaked }).toEqual({ path, leaked: [] });
      for (const column of ['author_email', 'client_hash', 'body_original', 'reject_reason', 'author_token']) expect({ path, has: text.includes(column) }).toEqual({ path, has: false });
    }
    expect(tileFeatures).toBeGreaterThan(0);
    // the published one is there, with its redacted text and without its hidden name
    const shown = (await (await fetch(`${server.url}/slovyansk/api/comments/${ids[0]}`)).json()) as { body: string; authorName: string };
    expect(shown).toMatchObject({ body: 'Телефон [приховано] на стовпі, лавка зламана', authorName: 'Мешканець' });
  });

  test('staff see the queue without contacts: no e-mail, no hash, no original text (but admins the original, on its own page)', async () => {
    const deputy = await signIn(server, 'slovyansk', 'deputy');
    for (const who of [moderator, deputy]) {
      const res = await who.fetch('/slovyansk/api/comments/queue?limit=500');
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const s of ['secret.author@example.org', 'pending.person@example.org', '203.0.113.77', secrets[11], 'ORIGINALSECRET77']) expect(text).not.toContain(s);
    }
  });

  test('limits per client and per hromada hold in the database; honeypot, fill time and sizes are refused', async () => {
    await server.db.query('UPDATE comment_settings SET per_client_per_hour = 3, per_hromada_per_hour = 6, min_fill_seconds = 0 WHERE municipality_id = $1', [place.municipalityId]);
    await server.db.query('DELETE FROM comment_rate');
    const body = { category: 'other', body: 'Просто звернення', lon: place.lon, lat: place.lat };
    const one = resident(server, '198.51.100.50');
    for (let i = 0; i < 3; i++) expect((await one.comment('slovyansk', body)).status).toBe(201);
    const refused = await one.comment('slovyansk', body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // the counts are rows, not memory: what another process would see
    const { rows } = await server.db.query<{ hits: number }>(`SELECT hits FROM comment_rate WHERE scope = 'client' ORDER BY hits DESC LIMIT 1`);
    expect(rows[0].hits).toBe(4);
    // the hromada's ceiling: other addresses meet it too
    for (let i = 0; i < 2; i++) expect((await resident(server, `198.51.100.${60 + i}`).comment('slovyansk', body)).status).toBe(201);
    expect((await resident(server, '198.51.100.70').comment('slovyansk', body)).status).toBe(429);
    await server.db.query('UPDATE comment_settings SET per_client_per_hour = 1000, per_hromada_per_hour = 100000, min_fill_seconds = 5');
    await server.db.query('DELETE FROM comment_rate');

    const r = resident(server, '198.51.100.80');
    expect((await r.comment('slovyansk', { ...body, website: 'http://spam.example' })).status).toBe(400);
    const soon = await r.comment('slovyansk', body);
    expect(soon.status).toBe(400);
    expect(((await soon.json()) as { code: string }).code).toBe('TooSoon');
    expect((await r.post('/slovyansk/api/comments', { ...body, ticket: '1700000000000.forgedforgedforgedforgedforgedforgedforgedfor' })).status).toBe(400);
    expect((await r.post('/slovyansk/api/comments', body)).status).toBe(400); // no ticket
    await server.db.query('UPDATE comment_settings SET min_fill_seconds = 0');
    expect((await r.comment('slovyansk', { ...body, body: 'x'.repeat(4001) })).status).toBe(400);
    expect((await r.comment('slovyansk', { ...body, name: 'x'.repeat(81) })).status).toBe(400);
    expect((await r.comment('slovyansk', { ...body, email: 'not-an-email' })).status).toBe(400);
    expect((await r.comment('slovyansk', { ...body, category: 'nonexistent' })).status).toBe(400);
    expect((await r.comment('slovyansk', { ...body, lon: 30.5, lat: 50.45 })).status).toBe(400); // Kyiv: outside Slovyansk
    expect((await r.comment('slovyansk', { ...body, body: 'Текст \u202Eнавпаки' })).status).toBe(400);
  });
  test('a form ticket serves one comment, even through another app process; a refused comment does not spend it', async () => {
    await server.db.query('DELETE FROM comment_rate');
    const r = resident(server, '198.51.100.90');
    const form = (await (await r.get('/slovyansk/api/comments/form')).json()) as { ticket: string };
    const body = { ticket: form.ticket, category: 'other', body: 'Одне звернення з однієї форми', lon: place.lon, lat: place.lat };
    // outside the hromada: refused, and the ticket is still good
    expect((await r.post('/slovyansk/api/comments', { ...body, lon: 30.5, lat: 50.45 })).status).toBe(400);
    expect((await r.post('/slovyansk/api/comments', body)).status).toBe(201);
    const again = await r.post('/slovyansk/api/comments', body);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ field: 'ticket', value: 'spent' });
    const other = await anotherInstance(server, { TRUSTED_PROXIES: 'loopback' });
    try {
      const there = await fetch(`${other.url}/slovyansk/api/comments`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.91' }, body: JSON.stringify(body),
      });
      expect(there.status).toBe(400);
    } finally {
      await other.close();
    }
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comment WHERE body = 'Одне звернення з однієї форми'`);
    expect(rows[0].n).toBe(1);
    // two forms opened in the same millisecond are two tickets (16 residents at once met this)
    const now = Date.now();
    expect(await formTicket(server.db, now)).not.toBe(await formTicket(server.db, now));
  });

  test('the request log holds no client address: neither the socket\'s nor a proxy\'s header', async () => {
    const lines: string[] = [];
    const logged = await anotherInstance(server, { LOG_LEVEL: 'info', TRUSTED_PROXIES: 'loopback' }, { write: (line: string) => void lines.push(line) });
    try {
      await fetch(`${logged.url}/slovyansk/api/comments/form`, { headers: { 'x-forwarded-for': '192.0.2.213', 'x-real-ip': '192.0.2.214' } });
      await fetch(`${logged.url}/slovyansk/api/comments/similar?lon=x`, { headers: { 'x-forwarded-for': '192.0.2.213' } });
    } finally {
      await logged.close();
    }
    const log = lines.join('');
    expect(log).toContain('/slovyansk/api/comments/form'); // the requests were logged
    // (127.0.0.1 is in the Host header: the server's own address, not the client's)
    for (const address of ['192.0.2.213', '192.0.2.214', 'remoteAddress', 'remotePort']) expect({ address, found: log.includes(address) }).toEqual({ address, found: false });
  });

  test('the public legend lists only the statuses a public comment can have', async () => {
    const catalog = (await (await fetch(`${server.url}/slovyansk/api/catalog`)).json()) as { collections?: unknown[]; layers?: unknown[] };
    const text = JSON.stringify(catalog);
    const comments = ((catalog.collections ?? catalog.layers ?? []) as { id: string; properties: { name: string; values: { value: string }[] | null }[] }[])
      .find((c) => c.id === 'comments')!;
    const status = comments.properties.find((p) => p.name === 'status')!;
    expect(status.values!.map((v) => v.value).sort()).toEqual(['confirmed', 'disputed', 'in_progress', 'published', 'resolved']);
    expect(text).not.toContain('Очікує модерації');
  });
});
