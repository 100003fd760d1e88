/**
 * A deputy's page lists what they have answered: the public answers given by the account tied to
 * them, on public comments only, with the comment's public text (a redacted comment as redacted)
 * and nothing private — no e-mail, no original of a redacted text, nothing of a comment merged
 * into another or rejected. The list is revalidated by an ETag an answer changes.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, type Session } from '../support/server.js';
import { resident, startCommentsServer, type CommentsServer } from '../comments/support.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe.each(backends())('what a deputy has answered (%s)', (kind) => {
  let server: CommentsServer;
  let deputy: Session;
  let moderator: Session;
  let deputyId: number;
  let place: { lon: number; lat: number };

  beforeAll(async () => {
    server = await startCommentsServer(kind);
    deputy = await signIn(server, 'slovyansk', 'deputy');
    moderator = await signIn(server, 'slovyansk', 'moderator');
    const { rows } = await server.db.query<{ deputy_id: number; lon: number; lat: number }>(
      `SELECT u.deputy_id, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat
       FROM app_user u JOIN deputy p ON p.id = u.deputy_id JOIN electoral_district d ON d.id = p.district_id
       JOIN municipality m ON m.id = u.municipality_id WHERE m.slug = 'slovyansk' AND u.login = 'deputy'`);
    deputyId = rows[0].deputy_id;
    place = { lon: rows[0].lon, lat: rows[0].lat };
  }, 240_000);
  afterAll(async () => server?.close());

  const send = async (body: string) => {
    const res = await resident(server).comment('slovyansk', { category: 'damage', body, ...place, email: 'voter@example.org', name: 'Ганна Приватна' });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  const step = async (who: Session, id: number, action: string, body: Record<string, unknown> = {}) => {
    const res = await who.fetch(`/slovyansk/api/comments/${id}/steps/${action}`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(200);
  };
  const answersPath = () => `${server.url}/slovyansk/api/districts/deputies/${deputyId}/answers`;

  test('lists the public answers on public comments, newest first, with public fields only', async () => {
    const before = await fetch(answersPath());
    const tag = before.headers.get('etag')!;
    expect(tag).toMatch(/^W\//);
    expect((await fetch(answersPath(), { headers: { 'if-none-match': tag } })).status).toBe(304);
    const { total: already } = (await before.json()) as Json;

    const resolved = await send('Розбита лавка біля під’їзду, телефон 0501234567');
    const answered = await send(`Ями на тротуарі. ${'Дуже довгий опис ями. '.repeat(20)}`);
    const merged = await send('Ями на тротуарі ще раз');
    const rejected = await send('Звернення, яке згодом відхилять');
    for (const id of [resolved, answered, merged, rejected]) await step(moderator, id, 'publish');
    await step(moderator, resolved, 'redact', { body: 'Розбита лавка біля під’їзду, телефон [приховано]' });
    await step(deputy, resolved, 'resolve', { answer: 'Лавку замінили 3 грудня.' });
    await step(deputy, answered, 'answer', { answer: 'Передав у ЖКГ, ремонт у плані на весну.' });
    await step(deputy, merged, 'answer', { answer: 'Відповідь на дубль' });
    await step(moderator, merged, 'merge', { into: answered });
    await step(deputy, rejected, 'answer', { answer: 'Відповідь на відхилене' });
    await step(moderator, rejected, 'reject', { reason: 'Не стосується міста' });

    const res = await fetch(answersPath(), { headers: { 'if-none-match': tag } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(tag);
    const text = await res.text();
    const { total, answers } = JSON.parse(text) as Json;
    expect(total).toBe(already + 2);
    expect(answers.slice(0, 2)).toEqual([
      { commentId: answered, answeredAt: expect.any(String), category: 'damage', categoryUk: expect.any(String), categoryEn: 'Damaged object',
        status: 'published', text: expect.stringMatching(/^Ями на тротуарі\. Дуже довгий опис.*…$/), answer: 'Передав у ЖКГ, ремонт у плані на весну.', lon: expect.any(Number), lat: expect.any(Number) },
      expect.objectContaining({ commentId: resolved, status: 'resolved', text: 'Розбита лавка біля під’їзду, телефон [приховано]', answer: 'Лавку замінили 3 грудня.' }),
    ]);
    expect([...answers[0].text].length).toBe(160);
    expect(answers.map((a: Json) => a.commentId)).not.toContain(merged);
    expect(answers.map((a: Json) => a.commentId)).not.toContain(rejected);
    for (const secret of ['voter@example.org', '0501234567', 'Ганна Приватна', 'Відповідь на дубль', 'Відповідь на відхилене']) expect(text).not.toContain(secret);

    // paged, and a deputy of another hromada is not found here
    const paged = (await (await fetch(`${answersPath()}?limit=1&offset=1`)).json()) as Json;
    expect(paged.answers.map((a: Json) => a.commentId)).toEqual([resolved]);
    const { rows: other } = await server.db.query<{ id: number }>(
      "SELECT p.id FROM deputy p JOIN municipality m ON m.id = p.municipality_id WHERE m.slug = 'kryvyi-rih' LIMIT 1");
    expect((await fetch(`${server.url}/slovyansk/api/districts/deputies/${other[0].id}/answers`)).status).toBe(404);
    expect((await fetch(`${answersPath()}?limit=1000`)).status).toBe(400);
  });
});
