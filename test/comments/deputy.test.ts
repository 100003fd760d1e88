/**
 * A deputy's comments (issue 11, "Deputies"): signed in, they see the comments of their district —
 * those awaiting moderation too, without residents' contacts — and not the next district's; they
 * filter them, answer publicly in their district only, and follow the district's Atom feed, which
 * holds public items only. A comment on a shared edge belongs to the lower-numbered district.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, type Session } from '../support/server.js';
import { resident, startCommentsServer, type CommentsServer } from './support.js';

interface District { id: number; number: number; lon: number; lat: number }

describe.each(backends())('a deputy and the comments of their district (%s)', (kind) => {
  let server: CommentsServer;
  let deputy: Session;
  let mine: District;
  let next: District;

  beforeAll(async () => {
    server = await startCommentsServer(kind);
    deputy = await signIn(server, 'slovyansk', 'deputy');
    const { rows } = await server.db.query<District>(
      `SELECT d.id, d.number, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat
       FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current
       JOIN municipality m ON m.id = d.municipality_id WHERE m.slug = 'slovyansk' ORDER BY d.number`);
    const { rows: tied } = await server.db.query<{ district_id: number }>(
      `SELECT p.district_id FROM app_user u JOIN deputy p ON p.id = u.deputy_id JOIN municipality m ON m.id = u.municipality_id
       WHERE m.slug = 'slovyansk' AND u.login = 'deputy'`);
    mine = rows.find((d) => d.id === tied[0].district_id)!;
    next = rows.find((d) => d.id !== mine.id)!;
  }, 240_000);
  afterAll(async () => server?.close());

  const send = async (d: District, body: string) => {
    const res = await resident(server).comment('slovyansk', { category: 'damage', body, lon: d.lon, lat: d.lat, email: 'voter@example.org' });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };

  test('sees a new comment from their district, awaiting moderation, without contacts; not one from the next district', async () => {
    const here = await send(mine, 'Прорвало трубу у дворі');
    const there = await send(next, 'Не горить ліхтар на розі');
    const res = await deputy.fetch('/slovyansk/api/comments/queue?status=new');
    const text = await res.text();
    const queue = JSON.parse(text) as { id: number; district: number; hasEmail: boolean; actions: string[] }[];
    expect(queue.map((e) => e.id)).toContain(here);
    expect(queue.map((e) => e.id)).not.toContain(there);
    expect(queue.every((e) => e.district === mine.number)).toBe(true);
    expect(queue.find((e) => e.id === here)).toMatchObject({ hasEmail: true, actions: [] }); // awaiting moderation: nothing to answer yet
    expect(text).not.toContain('voter@example.org');
    // filters: by category, by text
    const filtered = (await (await deputy.fetch('/slovyansk/api/comments/queue?category=damage&q=трубу')).json()) as { id: number }[];
    expect(filtered.map((e) => e.id)).toEqual([here]);
  });

  test('answers publicly in their district only; the district\'s Atom feed has public items only', async () => {
    const moderator = await signIn(server, 'slovyansk', 'moderator');
    const here = await send(mine, 'Зламана гойдалка на майданчику');
    const there = await send(next, 'Зламана лавка біля школи');
    const pending = await send(mine, 'Ще не перевірене звернення');
    for (const id of [here, there]) await moderator.fetch(`/slovyansk/api/comments/${id}/steps/publish`, { method: 'POST', body: '{}' });
    const answer = (id: number) => deputy.fetch(`/slovyansk/api/comments/${id}/steps/answer`, { method: 'POST', body: JSON.stringify({ answer: 'Передав до ЖКГ, проконтролюю.' }) });
    expect((await answer(here)).status).toBe(200);
    expect((await answer(there)).status).toBe(403);
    expect((await deputy.fetch(`/slovyansk/api/comments/${pending}/steps/publish`, { method: 'POST', body: '{}' })).status).toBe(403);
    const shown = (await (await fetch(`${server.url}/slovyansk/api/comments/${here}`)).json()) as { answer: string; steps: { action: string; by: string }[] };
    expect(shown.answer).toBe('Передав до ЖКГ, проконтролюю.');
    expect(shown.steps.at(-1)).toMatchObject({ action: 'answer', by: 'Тест deputy' });

    const feed = await fetch(`${server.url}/slovyansk/api/comments/feed.atom?district=${mine.number}`);
    expect(feed.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await feed.text();
    expect(xml).toContain(`/slovyansk/api/comments/${here}</id>`);
    expect(xml).not.toContain(`/slovyansk/api/comments/${there}</id>`);
    expect(xml).not.toContain(`/slovyansk/api/comments/${pending}</id>`);
    expect(xml).not.toContain('Ще не перевірене звернення');
    const ids = [...xml.matchAll(/<title type="text">№\d+ · [^<]* · округ №(\d+)<\/title>/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set([mine.number]));
  });

  test('a comment on an edge two districts share is the lower-numbered district\'s', async () => {
    const { rows } = await server.db.query<{ lon: number; lat: number; low: number; high: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat, a.number AS low, b.number AS high FROM (
         SELECT a.number AS an, b.number AS bn, ST_PointN(ST_GeometryN(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2), 1), 1) AS p
         FROM electoral_district a JOIN electoral_district b ON a.election_id = b.election_id AND a.number < b.number
         JOIN election e ON e.id = a.election_id AND e.is_current JOIN municipality m ON m.id = a.municipality_id
         WHERE m.slug = 'slovyansk' AND ST_Dimension(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) = 1) s
       JOIN electoral_district a ON a.number = s.an JOIN electoral_district b ON b.number = s.bn
       JOIN election e ON e.id = a.election_id AND e.is_current AND b.election_id = e.id
       JOIN municipality m ON m.id = a.municipality_id AND m.slug = 'slovyansk'
       WHERE p IS NOT NULL AND ST_Covers(a.geom, p) AND ST_Covers(b.geom, p) LIMIT 1`);
    expect(rows.length).toBe(1);
    const c = rows[0];
    const id = await send({ id: 0, number: 0, lon: c.lon, lat: c.lat }, 'На межі двох округів');
    const admin = await signIn(server, 'slovyansk', 'admin');
    const queue = (await (await admin.fetch('/slovyansk/api/comments/queue?status=new&q=межі')).json()) as { id: number; district: number }[];
    expect(queue.find((e) => e.id === id)?.district).toBe(c.low);
  });
});
