import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';

describe.each(backends())('people and roles on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const login = (slug: string, body: unknown) =>
    fetch(`${server.url}/${slug}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('a wrong password is refused without saying whether the login exists', async () => {
    const wrong = await login('slovyansk', { login: 'editor', password: 'not-the-password' });
    const unknown = await login('slovyansk', { login: 'nobody-here', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).detail).toEqual((await unknown.json()).detail);
  });

  it('signing in sets an httpOnly SameSite session cookie and the session names the user and roles', async () => {
    const res = await login('slovyansk', { login: 'Editor', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^pm_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = await fetch(`${server.url}/slovyansk/api/auth/session`, { headers: { cookie: cookie.split(';')[0] } }).then((r) => r.json());
    expect(session.user).toMatchObject({ login: 'editor', roles: ['registry_editor'] });
    expect(session.csrfToken).toEqual(expect.any(String));
  });

  it('the password hash is never part of a session answer, and is a memory-hard scrypt hash in the database', async () => {
    const s = await signIn(server, 'slovyansk', 'admin');
    const text = await s.fetch('/slovyansk/api/auth/session').then((r) => r.text());
    // no hash and no field holding one (the flag mustChangePassword says only whether to change it)
    expect(text).not.toMatch(/scrypt|"password(_?hash)?"/i);
    expect(JSON.parse(text).user.mustChangePassword).toBe(false);
    const { rows } = await server.db.query<{ password_hash: string }>("SELECT password_hash FROM app_user WHERE login = 'admin' LIMIT 1");
    expect(rows[0].password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it('a session of one hromada is no session in another', async () => {
    const s = await signIn(server, 'slovyansk', 'admin');
    const there = await s.fetch('/kryvyi-rih/api/auth/session').then((r) => r.json());
    expect(there.user).toBeNull();
    const res = await s.fetch('/kryvyi-rih/api/municipality', { method: 'PATCH', body: JSON.stringify({ zoom: 12 }) });
    expect(res.status).toBe(403);
  });

  it('an admin changes the default view; the change is audited with who, before and after', async () => {
    const s = await signIn(server, 'slovyansk', 'admin');
    const before = await fetch(`${server.url}/slovyansk/api/municipality`).then((r) => r.json());
    const res = await s.fetch('/slovyansk/api/municipality', { method: 'PATCH', body: JSON.stringify({ zoom: before.zoom + 1, center: before.center }) });
    expect(res.status).toBe(200);
    expect((await res.json()).zoom).toBe(before.zoom + 1);
    const { rows } = await server.db.query<{ user_id: number; before: { zoom: number }; after: { zoom: number }; login: string }>(
      `SELECT a.user_id, a.before, a.after, u.login FROM audit_log a JOIN app_user u ON u.id = a.user_id
       WHERE a.entity = 'municipality' ORDER BY a.id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ login: 'admin', before: { zoom: before.zoom }, after: { zoom: before.zoom + 1 } });
    const catalog = await fetch(`${server.url}/slovyansk/api/catalog`).then((r) => r.json());
    expect(catalog.municipality.zoom).toBe(before.zoom + 1);
  });

  it('a view centre outside the hromada is refused with the field named', async () => {
    const s = await signIn(server, 'slovyansk', 'admin');
    const res = await s.fetch('/slovyansk/api/municipality', { method: 'PATCH', body: JSON.stringify({ center: [30.52, 50.45] }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ field: 'center' });
  });

  it('a registry editor may not change the hromada settings', async () => {
    const s = await signIn(server, 'slovyansk', 'editor');
    const res = await s.fetch('/slovyansk/api/municipality', { method: 'PATCH', body: JSON.stringify({ zoom: 12 }) });
    expect(res.status).toBe(403);
  });

  it('a cookie-authenticated write without the CSRF token is refused', async () => {
    const s = await signIn(server, 'slovyansk', 'admin');
    const res = await fetch(`${server.url}/slovyansk/api/municipality`, {
      method: 'PATCH', headers: { cookie: s.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ zoom: 12 }),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/CSRF/);
  });

  it('without a session a write is 401', async () => {
    const res = await fetch(`${server.url}/slovyansk/api/municipality`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"zoom":12}' });
    expect(res.status).toBe(401);
  });

  it('signing out ends the session on the server, not only in the browser', async () => {
    const s = await signIn(server, 'slovyansk', 'moderator');
    expect((await s.fetch('/slovyansk/api/auth/logout', { method: 'POST' })).status).toBe(204);
    const after = await s.fetch('/slovyansk/api/auth/session').then((r) => r.json());
    expect(after.user).toBeNull();
  });

  it('after ten wrong passwords further attempts are refused for a while, even with the right one', async () => {
    for (let i = 0; i < 10; i++) expect((await login('kryvyi-rih', { login: 'moderator', password: `wrong-${i}` })).status).toBe(401);
    const res = await login('kryvyi-rih', { login: 'moderator', password: TEST_PASSWORD });
    expect(res.status).toBe(429);
  });
});
