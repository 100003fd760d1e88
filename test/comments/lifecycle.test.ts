/**
 * The life of a comment through the real server: every transition, by the people allowed to take
 * it, and the refusals — a resident cannot resolve their own comment, a role cannot take another
 * role's step, a moderator of one hromada cannot touch another's, a step the status does not allow
 * is a 409. Each step leaves a comment_step (who, when, note) and tells the author by e-mail.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, type Session } from '../support/server.js';
import { kioskWithout, placeIn, readOutbox, resident, startCommentsServer, type CommentsServer } from './support.js';

describe.each(backends())('the life of a comment (%s)', (kind) => {
  let server: CommentsServer;
  let moderator: Session;
  let official: Session;
  let editor: Session;
  let admin: Session;
  let otherModerator: Session;
  let place: { lon: number; lat: number; municipalityId: number };

  beforeAll(async () => {
    server = await startCommentsServer(kind);
    // one after another: sign-ins share a small hashing queue (server/auth/hash-gate.ts)
    moderator = await signIn(server, 'slovyansk', 'moderator');
    official = await signIn(server, 'slovyansk', 'official');
    editor = await signIn(server, 'slovyansk', 'editor');
    admin = await signIn(server, 'slovyansk', 'admin');
    otherModerator = await signIn(server, 'kryvyi-rih', 'moderator');
    place = await placeIn(server, 'slovyansk');
  }, 240_000);
  afterAll(async () => server?.close());

  const step = (who: Session, id: number, action: string, body: unknown = {}, slug = 'slovyansk') =>
    who.fetch(`/${slug}/api/comments/${id}/steps/${action}`, { method: 'POST', body: JSON.stringify(body) });
  const publicStatus = async (id: number) => {
    const res = await fetch(`${server.url}/slovyansk/api/comments/${id}`);
    return res.status === 200 ? ((await res.json()) as { status: string }).status : res.status;
  };
  const stepsOf = async (id: number) => (await server.db.query<{ action: string; to_status: string; actor_kind: string; user_id: number | null }>(
    'SELECT action, to_status, actor_kind, user_id FROM comment_step WHERE comment_id = $1 ORDER BY id', [id])).rows;

  async function newComment(extra: Record<string, unknown> = {}) {
    const res = await resident(server).comment('slovyansk', {
      category: 'damage', body: 'Розбита лавка біля під’їзду', lon: place.lon, lat: place.lat, email: 'author@example.org', ...extra,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number; token: string; status: string };
  }
  const author = (token: string) => ({
    get: () => fetch(`${server.url}/slovyansk/api/comments/follow`, { headers: { 'x-comment-token': token } }),
    act: (action: string, body: unknown = {}) => fetch(`${server.url}/slovyansk/api/comments/follow/${action}`, {
      method: 'POST', headers: { 'x-comment-token': token, 'content-type': 'application/json' }, body: JSON.stringify(body),
    }),
  });

  test('new → published → in progress → resolved → confirmed, each step recorded and told to the author', async () => {
    const before = readOutbox(server.outbox).length;
    const kiosk = await kioskWithout(server, 'slovyansk');
    const c = await newComment({ category: 'illegal_object', target: { collection: 'maf', id: kiosk.id }, lon: undefined, lat: undefined });
    expect(c.status).toBe('new');
    // awaiting moderation: not public anywhere, but the author sees it
    expect(await publicStatus(c.id)).toBe(404);
    expect((await fetch(`${server.url}/slovyansk/ogc/collections/comments/items/${c.id}`)).status).toBe(404);
    const mine = (await (await author(c.token).get()).json()) as { status: string; actions: string[] };
    expect(mine.status).toBe('new');
    expect(mine.actions).toEqual(['add', 'erase']);
    const first = readOutbox(server.outbox).slice(before);
    expect(first).toHaveLength(1);
    expect(first[0].to).toBe('author@example.org');
    expect(first[0].text).toContain(`#follow=${c.token}`);

    expect((await step(moderator, c.id, 'publish')).status).toBe(200);
    expect(await publicStatus(c.id)).toBe('published');
    expect((await step(official, c.id, 'start', { note: 'Передано інспекції' })).status).toBe(200);
    expect(await publicStatus(c.id)).toBe('in_progress');
    const resolved = await step(official, c.id, 'resolve', { answer: 'Кіоск демонтовано за приписом.' });
    expect(resolved.status).toBe(200);
    const shown = (await (await fetch(`${server.url}/slovyansk/api/comments/${c.id}`)).json()) as {
      status: string; answer: string; answerLink: unknown; target: unknown; steps: { action: string; by: string | null }[];
    };
    expect(shown).toMatchObject({ status: 'resolved', answer: 'Кіоск демонтовано за приписом.' });
    // an answer on an illegal kiosk links to the registry object
    expect(shown.answerLink).toEqual({ collection: 'maf', id: kiosk.id });
    expect(shown.target).toEqual({ collection: 'maf', id: kiosk.id });
    expect(shown.steps.map((s) => s.action)).toEqual(['publish', 'start', 'resolve']);
    expect(shown.steps[2].by).toBe('Тест official');

    expect((await author(c.token).act('confirm')).status).toBe(200);
    expect(await publicStatus(c.id)).toBe('confirmed');
    const steps = await stepsOf(c.id);
    expect(steps.map((s) => [s.action, s.to_status, s.actor_kind])).toEqual([
      ['submit', 'new', 'author'], ['publish', 'published', 'staff'], ['start', 'in_progress', 'staff'],
      ['resolve', 'resolved', 'staff'], ['confirm', 'confirmed', 'author'],
    ]);
    expect(steps.filter((s) => s.actor_kind === 'staff').every((s) => s.user_id !== null)).toBe(true);
    const mails = readOutbox(server.outbox).slice(before);
    expect(mails.map((m) => m.subject.replace(/ · .*/, ''))).toEqual([
      `Звернення №${c.id} прийнято`, `Звернення №${c.id}: опубліковано на карті`, `Звернення №${c.id}: взято в роботу`,
      `Звернення №${c.id}: позначено вирішеним`, `Звернення №${c.id}: ви підтвердили вирішення`,
    ]);
    expect(mails[3].text).toContain('Кіоск демонтовано за приписом.');
    // the audit trail has a row per step
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM audit_log WHERE entity = 'comment' AND entity_id = $1`, [String(c.id)]);
    expect(rows[0].n).toBe(5);
  });

  test('resolved → disputed by the author reopens it; it can be started and resolved again', async () => {
    const c = await newComment();
    await step(moderator, c.id, 'publish');
    await step(official, c.id, 'resolve', { answer: 'Лавку замінено.' });
    expect((await author(c.token).act('dispute', { note: 'Лавка досі зламана' })).status).toBe(200);
    expect(await publicStatus(c.id)).toBe('disputed');
    expect((await step(official, c.id, 'start')).status).toBe(200);
    expect((await step(official, c.id, 'resolve', { answer: 'Тепер замінено.' })).status).toBe(200);
    expect(await publicStatus(c.id)).toBe('resolved');
  });

  test('rejected with a reason the author reads; never public', async () => {
    const c = await newComment({ body: 'Реклама казино біля школи!!!' });
    expect((await step(moderator, c.id, 'reject', {})).status).toBe(400); // a reason is required
    expect((await step(moderator, c.id, 'reject', { reason: 'Звернення не стосується міського простору.' })).status).toBe(200);
    expect(await publicStatus(c.id)).toBe(404);
    const mine = (await (await author(c.token).get()).json()) as { status: string; rejectReason: string };
    expect(mine).toMatchObject({ status: 'rejected', rejectReason: 'Звернення не стосується міського простору.' });
    expect(readOutbox(server.outbox).at(-1)!.text).toContain('Звернення не стосується міського простору.');
  });

  test('refused: the author cannot resolve or publish their own; roles keep to their steps; statuses keep their order', async () => {
    const c = await newComment();
    const mine = author(c.token);
    expect((await mine.act('resolve', { answer: 'Сам усе полагодив' })).status).toBe(403);
    expect((await mine.act('publish')).status).toBe(403);
    expect((await mine.act('confirm')).status).toBe(409); // not resolved yet
    expect((await author('x'.repeat(32)).get()).status).toBe(404);
    expect((await fetch(`${server.url}/slovyansk/api/comments/follow`)).status).toBe(401);
    // no session, a registry editor, an official publishing, a moderator resolving
    expect((await fetch(`${server.url}/slovyansk/api/comments/${c.id}/steps/publish`, { method: 'POST' })).status).toBe(401);
    expect((await step(editor, c.id, 'publish')).status).toBe(403);
    expect((await step(official, c.id, 'publish')).status).toBe(403);
    expect((await step(moderator, c.id, 'resolve', { answer: 'так' })).status).toBe(403);
    expect((await step(official, c.id, 'resolve', { answer: 'так' })).status).toBe(409); // awaiting moderation
    // a moderator of Kryvyi Rih: refused in Slovyansk's URLs, and the comment does not exist in theirs
    expect((await step(otherModerator, c.id, 'publish')).status).toBe(403);
    expect((await step(otherModerator, c.id, 'publish', {}, 'kryvyi-rih')).status).toBe(404);
    expect((await otherModerator.fetch('/slovyansk/api/comments/queue')).status).toBe(403);
    expect(await publicStatus(c.id)).toBe(404);
    await step(moderator, c.id, 'publish');
    expect((await step(moderator, c.id, 'publish')).status).toBe(409);
    expect((await step(moderator, c.id, 'fly')).status).toBe(404);
    // a missing CSRF header is refused even with the cookie
    const res = await fetch(`${server.url}/slovyansk/api/comments/${c.id}/steps/reject`, {
      method: 'POST', headers: { cookie: moderator.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'x' }),
    });
    expect(res.status).toBe(403);
    expect(await publicStatus(c.id)).toBe('published');
  });

  test('"still not fixed" from enough different people reopens a resolved comment; support counts once per person', async () => {
    const c = await newComment();
    await step(moderator, c.id, 'publish');
    const a = resident(server, '198.51.100.1');
    expect(((await (await a.post(`/slovyansk/api/comments/${c.id}/support`)).json()) as { count: number }).count).toBe(1);
    expect(((await (await a.post(`/slovyansk/api/comments/${c.id}/support`)).json()) as { count: number; counted: boolean })).toMatchObject({ count: 1, counted: false });
    expect((await a.post(`/slovyansk/api/comments/${c.id}/still-not-fixed`)).status).toBe(400); // not resolved yet
    await step(official, c.id, 'resolve', { answer: 'Виконано.' });
    for (const [i, address] of ['198.51.100.1', '198.51.100.2', '198.51.100.2', '198.51.100.3'].entries()) {
      const res = await resident(server, address).post(`/slovyansk/api/comments/${c.id}/still-not-fixed`);
      expect(res.status).toBe(200);
      expect(await publicStatus(c.id)).toBe(i < 3 ? 'resolved' : 'disputed');
    }
  });

  test('a moderator redacts (the original only for admins), merges a duplicate, routes to a deputy', async () => {
    const c = await newComment({ body: 'Мій телефон 0501234567, лавка зламана' });
    expect((await step(moderator, c.id, 'redact', { body: 'Мій телефон [приховано], лавка зламана' })).status).toBe(200);
    await step(moderator, c.id, 'publish');
    const shown = (await (await fetch(`${server.url}/slovyansk/api/comments/${c.id}`)).json()) as { body: string };
    expect(shown.body).toBe('Мій телефон [приховано], лавка зламана');
    expect((await moderator.fetch(`/slovyansk/api/comments/${c.id}/original`)).status).toBe(403);
    const original = (await (await admin.fetch(`/slovyansk/api/comments/${c.id}/original`)).json()) as { original: string };
    expect(original.original).toBe('Мій телефон 0501234567, лавка зламана');

    const dup = await newComment({ body: 'Тут теж зламана лавка' });
    await step(moderator, dup.id, 'publish');
    expect((await step(moderator, dup.id, 'merge', { into: dup.id })).status).toBe(400);
    expect((await step(moderator, dup.id, 'merge', { into: c.id })).status).toBe(200);
    expect(await publicStatus(dup.id)).toBe(404);
    expect(((await (await fetch(`${server.url}/slovyansk/api/comments/${c.id}`)).json()) as { supporters: number }).supporters).toBe(1);

    const { rows } = await server.db.query<{ id: number }>(`SELECT id FROM deputy WHERE municipality_id = $1 LIMIT 1`, [place.municipalityId]);
    expect((await step(moderator, c.id, 'route', { department: 'Відділ благоустрою', deputyId: rows[0].id })).status).toBe(200);
    expect((await step(moderator, c.id, 'route', { deputyId: 999999 })).status).toBe(400);
    const queue = (await (await moderator.fetch('/slovyansk/api/comments/queue?status=published')).json()) as { id: number; routedDepartment: string }[];
    expect(queue.find((e) => e.id === c.id)?.routedDepartment).toBe('Відділ благоустрою');
  });

  test('the author erases their personal data and hears nothing more', async () => {
    const c = await newComment({ name: 'Олена Приватна', showName: true });
    await step(moderator, c.id, 'publish');
    expect((await author(c.token).act('add', { note: 'Мій номер квартири 12' })).status).toBe(200);
    expect((await author(c.token).act('erase')).status).toBe(200);
    const { rows } = await server.db.query<Record<string, unknown>>('SELECT author_name, author_email, client_hash FROM comment WHERE id = $1', [c.id]);
    expect(rows[0]).toEqual({ author_name: null, author_email: null, client_hash: null });
    const { rows: notes } = await server.db.query(`SELECT note FROM comment_step WHERE comment_id = $1 AND note LIKE '%квартири%'`, [c.id]);
    expect(notes).toEqual([]);
    const before = readOutbox(server.outbox).length;
    await step(official, c.id, 'resolve', { answer: 'Готово.' });
    expect(readOutbox(server.outbox).length).toBe(before);
    expect(((await (await fetch(`${server.url}/slovyansk/api/comments/${c.id}`)).json()) as { authorName: string }).authorName).toBe('Мешканець');
  });

  test('overdue by the hromada\'s response time, in the queue and the public view', async () => {
    const c = await newComment();
    await step(moderator, c.id, 'publish');
    await server.db.query(`UPDATE comment SET status_at = now() - interval '16 days' WHERE id = $1`, [c.id]);
    const overdue = (await (await official.fetch('/slovyansk/api/comments/queue?overdue=true')).json()) as { id: number }[];
    expect(overdue.map((e) => e.id)).toContain(c.id);
    expect(((await (await fetch(`${server.url}/slovyansk/api/comments/${c.id}`)).json()) as { overdue: boolean }).overdue).toBe(true);
    await server.db.query('UPDATE comment_settings SET response_days = 30 WHERE municipality_id = $1', [place.municipalityId]);
    expect(((await (await fetch(`${server.url}/slovyansk/api/comments/${c.id}`)).json()) as { overdue: boolean }).overdue).toBe(false);
    await server.db.query('UPDATE comment_settings SET response_days = 15');
  });
});
