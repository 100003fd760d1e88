/**
 * Sessions end when they should (a disabled person, an idle one), and nothing secret leaks into
 * logs, caches or the public probe.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, disableUser, UserInputError } from '../../server/auth/users.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';
import { anotherInstance, postLogin } from './instance.js';

describe.each(backends())('sessions on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const userId = async (slug: string, login: string) =>
    (await server.db.query<{ id: number }>('SELECT u.id FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.slug = $1 AND u.login = $2', [slug, login])).rows[0].id;
  const sessionsOf = async (id: number) =>
    (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_session WHERE user_id = $1', [id])).rows[0].n;
  const whoAmI = async (session: { fetch(path: string): Promise<Response> }, slug: string) =>
    (await session.fetch(`/${slug}/api/auth/session`).then((r) => r.json())).user;

  it('disabling a person ends their sessions; enabling them again does not bring those back', async () => {
    const s = await signIn(server, 'slovyansk', 'deputy');
    const id = await userId('slovyansk', 'deputy');
    expect(await whoAmI(s, 'slovyansk')).toMatchObject({ login: 'deputy' });
    expect(await disableUser(server.db, 'slovyansk', 'Deputy')).toBe(true);
    expect(await sessionsOf(id)).toBe(0);
    expect(await whoAmI(s, 'slovyansk')).toBeNull();
    expect((await postLogin(server.url, 'slovyansk', { login: 'deputy', password: TEST_PASSWORD })).status).toBe(401);
    await server.db.query('UPDATE app_user SET disabled = false WHERE id = $1', [id]);
    expect(await whoAmI(s, 'slovyansk')).toBeNull();
    expect(await disableUser(server.db, 'slovyansk', 'no-such-person')).toBe(false);
  });

  it('disabling by plain SQL ends the sessions too', async () => {
    const s = await signIn(server, 'kryvyi-rih', 'moderator');
    const id = await userId('kryvyi-rih', 'moderator');
    await server.db.query('UPDATE app_user SET disabled = true WHERE id = $1', [id]);
    expect(await sessionsOf(id)).toBe(0);
    await server.db.query('UPDATE app_user SET disabled = false WHERE id = $1', [id]);
    expect(await whoAmI(s, 'kryvyi-rih')).toBeNull();
  });

  it('a session unused for SESSION_IDLE_MINUTES (60) ends; use touches it at most once a minute', async () => {
    const s = await signIn(server, 'kryvyi-rih', 'editor');
    const id = await userId('kryvyi-rih', 'editor');
    const lastSeen = async () => (await server.db.query<{ age_s: number }>(
      'SELECT EXTRACT(EPOCH FROM now() - max(last_seen_at))::float8 AS age_s FROM user_session WHERE user_id = $1', [id])).rows[0].age_s;
    await server.db.query("UPDATE user_session SET last_seen_at = now() - interval '30 seconds' WHERE user_id = $1", [id]);
    expect(await whoAmI(s, 'kryvyi-rih')).toMatchObject({ login: 'editor' });
    expect(await lastSeen()).toBeGreaterThanOrEqual(29); // not written again within the minute
    await server.db.query("UPDATE user_session SET last_seen_at = now() - interval '59 minutes' WHERE user_id = $1", [id]);
    expect(await whoAmI(s, 'kryvyi-rih')).toMatchObject({ login: 'editor' });
    expect(await lastSeen()).toBeLessThan(5); // used: alive for another hour
    await server.db.query("UPDATE user_session SET last_seen_at = now() - interval '61 minutes' WHERE user_id = $1", [id]);
    expect(await whoAmI(s, 'kryvyi-rih')).toBeNull();
  });

  it('the idle timeout follows SESSION_IDLE_MINUTES', async () => {
    const short = await anotherInstance(server, { SESSION_IDLE_MINUTES: '5' });
    try {
      const res = await postLogin(short.url, 'kryvyi-rih', { login: 'admin', password: TEST_PASSWORD });
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      await server.db.query("UPDATE user_session SET last_seen_at = now() - interval '6 minutes' WHERE user_id = $1", [await userId('kryvyi-rih', 'admin')]);
      const session = await fetch(`${short.url}/kryvyi-rih/api/auth/session`, { headers: { cookie } }).then((r) => r.json());
      expect(session.user).toBeNull();
    } finally {
      await short.close();
    }
  });

  it('the login answer, success or refusal, is never stored by a cache', async () => {
    const ok = await postLogin(server.url, 'slovyansk', { login: 'admin', password: TEST_PASSWORD });
    const wrong = await postLogin(server.url, 'slovyansk', { login: 'admin', password: 'not-the-password' });
    expect(ok.status).toBe(200);
    expect(wrong.status).toBe(401);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(wrong.headers.get('cache-control')).toBe('no-store');
  });

  it('the CSRF token is not written to the request log', async () => {
    const lines: string[] = [];
    const logged = await anotherInstance(server, { LOG_LEVEL: 'info' }, { write: (line: string) => void lines.push(line) });
    try {
      const res = await postLogin(logged.url, 'slovyansk', { login: 'admin', password: TEST_PASSWORD });
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      const { csrfToken } = await res.json();
      const write = await fetch(`${logged.url}/slovyansk/api/municipality`, {
        method: 'PATCH', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: '{}',
      });
      expect(write.status).toBeLessThan(500);
      const log = lines.join('');
      expect(log).toMatch(/"x-csrf-token":"\[Redacted\]"/);
      expect(log).not.toContain(csrfToken);
      expect(log).not.toContain(cookie.split('=')[1]);
    } finally {
      await logged.close();
    }
  });

  it('/readyz tells the public only that the database is unavailable; the reason goes to the log', async () => {
    const lines: string[] = [];
    const logged = await anotherInstance(server, { LOG_LEVEL: 'error' }, { write: (line: string) => void lines.push(line) });
    // a ledger whose reading fails with the database's own words, as a broken database would
    await server.db.exec(`
      ALTER TABLE schema_migration RENAME TO schema_migration_kept;
      CREATE FUNCTION pm_test_fail() RETURNS text LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'could not open relation secret_internal_table on host db-internal-7'; END $$;
      CREATE VIEW schema_migration AS SELECT name, pm_test_fail() AS checksum FROM schema_migration_kept;`);
    try {
      const res = await fetch(`${logged.url}/readyz`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', database: 'error' });
      expect(text).not.toMatch(/secret_internal_table|db-internal-7/);
      expect(lines.join('')).toMatch(/secret_internal_table/);
    } finally {
      await server.db.exec(`
        DROP VIEW schema_migration; DROP FUNCTION pm_test_fail();
        ALTER TABLE schema_migration_kept RENAME TO schema_migration;`);
      await logged.close();
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  describe('names and addresses refuse bidirectional overrides', () => {
    const overrides = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].map((c) => [c.toString(16).toUpperCase(), String.fromCharCode(c)]);
    it.each(overrides)('U+%s in an owner name or an address is a 400 naming the field', async (_code, char) => {
      const s = await signIn(server, 'slovyansk', 'editor');
      const owner = await s.fetch('/slovyansk/api/registry/owners', { method: 'POST', body: JSON.stringify({ kind: 'legal_entity', name: `ТОВ Сонце${char}` }) });
      expect(owner.status).toBe(400);
      expect(await owner.json()).toMatchObject({ field: 'name' });
      const object = await s.fetch('/slovyansk/api/registry/objects', {
        method: 'POST', body: JSON.stringify({ type_code: 'kiosk', geometry: { type: 'Point', coordinates: [37.6, 48.85] }, address: `вул. ${char}Миру, 1` }),
      });
      expect(object.status).toBe(400);
      expect(await object.json()).toMatchObject({ field: 'address' });
    });

    it('a person’s display name too', async () => {
      await expect(createUser(server.db, { municipalitySlug: 'slovyansk', login: 'olena', displayName: 'Олена\u202E', password: TEST_PASSWORD, roles: ['registry_editor'] }))
        .rejects.toThrow(UserInputError);
    });

    it('ordinary Ukrainian text with apostrophes and dashes is fine', async () => {
      const s = await signIn(server, 'slovyansk', 'editor');
      const owner = await s.fetch('/slovyansk/api/registry/owners', { method: 'POST', body: JSON.stringify({ kind: 'legal_entity', name: 'ТОВ «Об’єднання — Схід»' }) });
      expect(owner.status).toBe(201);
    });
  });
});
