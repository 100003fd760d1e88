/**
 * The accounts page's API: a hromada's admin lists its accounts, creates one (with a one-time
 * password shown once), ties it to a deputy found by name, changes roles, deactivates — every
 * change in the audit log; nobody else may, an admin of another hromada neither sees nor touches
 * these accounts, and an admin cannot lock themselves out.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';
const USERS = `/${SLUG}/api/admin/users`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe.each(backends())('the accounts API on %s', (kind) => {
  let server: TestServer;
  let admin: Session;
  const send = (who: Session, method: string, path: string, body?: unknown) =>
    who.fetch(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = await signIn(server, SLUG, 'admin');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lists the hromada\'s accounts without password hashes, to its admins only', async () => {
    const res = await admin.fetch(USERS);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = await res.text();
    expect(text).not.toMatch(/scrypt|password/i);
    const { users } = JSON.parse(text) as Json;
    const deputy = users.find((u: Json) => u.login === 'deputy');
    expect(deputy).toMatchObject({ roles: ['deputy'], active: true, deputy: { id: expect.any(Number), fullName: expect.any(String), districtNumber: expect.any(Number) } });
    const { rows } = await server.db.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.slug = $1", [SLUG]);
    expect(users).toHaveLength(rows[0].n);
    expect((await fetch(`${server.url}${USERS}`)).status).toBe(401);
    for (const login of ['editor', 'moderator', 'deputy']) expect((await (await signIn(server, SLUG, login)).fetch(USERS)).status).toBe(403);
  });

  it('creates an account with a one-time password, ties a deputy found by name, and audits each step', async () => {
    const { rows: [deputy] } = await server.db.query<{ id: number; full_name: string; number: number }>(
      `SELECT p.id, p.full_name, d.number FROM deputy p JOIN electoral_district d ON d.id = p.district_id JOIN election e ON e.id = p.election_id AND e.is_current
       JOIN municipality m ON m.id = p.municipality_id WHERE m.slug = $1 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.deputy_id = p.id) ORDER BY d.number DESC LIMIT 1`, [SLUG]);
    const part = deputy.full_name.split(' ')[0].slice(0, 5).toLowerCase();
    const found = (await (await admin.fetch(`${USERS}/deputies?q=${encodeURIComponent(part)}`)).json()) as Json;
    expect(found.deputies).toContainEqual(expect.objectContaining({ id: deputy.id, fullName: deputy.full_name, districtNumber: deputy.number }));

    const created = await send(admin, 'POST', USERS, { login: 'New.Deputy', displayName: deputy.full_name, roles: [] });
    expect(created.status).toBe(201);
    const { user, oneTimePassword } = (await created.json()) as Json;
    expect(oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(user).toMatchObject({ login: 'new.deputy', roles: [], deputy: null, active: true });
    // the one-time password signs in; the database holds only its hash
    await signIn(server, SLUG, 'new.deputy', oneTimePassword);
    const { rows: stored } = await server.db.query<{ password_hash: string }>('SELECT password_hash FROM app_user WHERE id = $1', [user.id]);
    expect(stored[0].password_hash).not.toContain(oneTimePassword);

    // the deputy's public answers are the tied accounts' answers: a tie changes their ETag
    const answers = `${server.url}/${SLUG}/api/districts/deputies/${deputy.id}/answers`;
    const answersTag = (await fetch(answers)).headers.get('etag')!;
    const tied = await send(admin, 'PATCH', `${USERS}/${user.id}`, { deputyId: deputy.id });
    expect(tied.status).toBe(200);
    expect((await tied.json() as Json).user).toMatchObject({ roles: ['deputy'], deputy: { id: deputy.id, fullName: deputy.full_name, districtNumber: deputy.number } });
    let revalidated = 304;
    for (let i = 0; i < 50 && revalidated === 304; i++) {
      revalidated = (await fetch(answers, { headers: { 'if-none-match': answersTag } })).status;
      if (revalidated === 304) await new Promise((r) => setTimeout(r, 100));
    }
    expect(revalidated).toBe(200);
    // the one-time password allows only its own change: the district waits until then
    const first = await signIn(server, SLUG, 'new.deputy', oneTimePassword);
    const elsewhere = await signIn(server, SLUG, 'new.deputy', oneTimePassword);
    const refused = await first.fetch(`/${SLUG}/api/districts/mine`);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).code).toBe('PasswordChangeRequired');
    const change = async (body: Json) => {
      const res = await first.fetch(`/${SLUG}/api/auth/password`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const own = 'мій власний пароль 7';
    expect(await change({ currentPassword: 'not the one 123', newPassword: own })).toMatchObject({ status: 400, body: { field: 'currentPassword' } });
    expect(await change({ currentPassword: oneTimePassword, newPassword: 'short' })).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    expect(await change({ currentPassword: oneTimePassword, newPassword: oneTimePassword })).toMatchObject({ status: 400, body: { field: 'newPassword' } });
    expect(await change({ currentPassword: oneTimePassword, newPassword: own })).toMatchObject({ status: 200, body: { user: { login: 'new.deputy', mustChangePassword: false } } });
    const mine = (await (await first.fetch(`/${SLUG}/api/districts/mine`)).json()) as Json;
    expect(mine.district.number).toBe(deputy.number);
    // what the one-time password opened elsewhere has ended, and it no longer signs in; the new one does
    expect(((await (await elsewhere.fetch(`/${SLUG}/api/auth/session`)).json()) as Json).user).toBeNull();
    await expect(signIn(server, SLUG, 'new.deputy', oneTimePassword)).rejects.toThrow(/401/);
    await signIn(server, SLUG, 'new.deputy', own);

    const untied = (await (await send(admin, 'PATCH', `${USERS}/${user.id}`, { deputyId: null })).json()) as Json;
    expect(untied.user).toMatchObject({ roles: [], deputy: null });
    const roles = (await (await send(admin, 'PATCH', `${USERS}/${user.id}`, { roles: ['moderator', 'official'] })).json()) as Json;
    expect(roles.user.roles).toEqual(['moderator', 'official']);

    const { rows: audit } = await server.db.query<{ action: string; user_login: string; before: Json; after: Json }>(
      `SELECT a.action, u.login AS user_login, a.before, a.after FROM audit_log a JOIN app_user u ON u.id = a.user_id
       WHERE a.entity = 'app_user' AND a.entity_id = $1 ORDER BY a.id`, [String(user.id)]);
    // the password change is the account's own step, and says only that it happened
    expect(audit.map((a) => [a.action, a.user_login])).toEqual([['create', 'admin'], ['update', 'admin'], ['update', 'new.deputy'], ['update', 'admin'], ['update', 'admin']]);
    expect(audit[2].after).toEqual({ passwordChanged: true });
    expect(audit[1]).toMatchObject({ before: { deputyId: null, roles: [] }, after: { deputyId: deputy.id, deputy: deputy.full_name, roles: ['deputy'] } });
    expect(JSON.stringify(audit)).not.toContain(oneTimePassword);
    expect(JSON.stringify(audit)).not.toContain(own);
  });

  it('deactivates an account, ending its sessions at once', async () => {
    const created = (await (await send(admin, 'POST', USERS, { login: 'leaving', displayName: 'Тимчасовий Працівник', password: 'a long passphrase 9', roles: ['registry_editor'] })).json()) as Json;
    expect(created.oneTimePassword).toBeUndefined();
    const leaving = await signIn(server, SLUG, 'leaving', 'a long passphrase 9');
    expect((await leaving.fetch(`/${SLUG}/api/auth/session`).then((r) => r.json()) as Json).user.login).toBe('leaving');
    const off = (await (await send(admin, 'PATCH', `${USERS}/${created.user.id}`, { active: false })).json()) as Json;
    expect(off.user.active).toBe(false);
    expect((await leaving.fetch(`/${SLUG}/api/auth/session`).then((r) => r.json()) as Json).user).toBeNull();
    await expect(signIn(server, SLUG, 'leaving', 'a long passphrase 9')).rejects.toThrow(/401/);
  });

  it('refuses bad input with the field named, and an admin\'s removing their own admin role', async () => {
    const taken = await send(admin, 'POST', USERS, { login: 'editor', displayName: 'Дубль', roles: [] });
    expect(taken.status).toBe(400);
    expect(await taken.json()).toMatchObject({ field: 'login' });
    const noDeputy = await send(admin, 'POST', USERS, { login: 'nodeputy', displayName: 'Без депутата', roles: ['deputy'] });
    expect(await noDeputy.json()).toMatchObject({ status: 400, field: 'deputyId' });
    const unknownRole = await send(admin, 'POST', USERS, { login: 'superuser', displayName: 'Хтось', roles: ['root'] });
    expect(unknownRole.status).toBe(400);

    const { rows: [me] } = await server.db.query<{ id: number }>(
      "SELECT u.id FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.slug = $1 AND u.login = 'admin'", [SLUG]);
    const lockout = await send(admin, 'PATCH', `${USERS}/${me.id}`, { roles: ['moderator'] });
    expect(lockout.status).toBe(409);
    expect(await lockout.json()).toMatchObject({ field: 'roles', detail: expect.stringContaining('own admin role') });
    expect((await send(admin, 'PATCH', `${USERS}/${me.id}`, { active: false })).status).toBe(409);
    const { rows: still } = await server.db.query<{ roles: string[]; disabled: boolean }>('SELECT roles, disabled FROM app_user WHERE id = $1', [me.id]);
    expect(still[0]).toEqual({ roles: ['admin'], disabled: false });
  });

  it('keeps each hromada\'s accounts and deputies to its own admins', async () => {
    const other = await signIn(server, 'kryvyi-rih', 'admin');
    expect((await other.fetch(USERS)).status).toBe(403);
    const { rows: [editor] } = await server.db.query<{ id: number }>(
      "SELECT u.id FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.slug = $1 AND u.login = 'editor'", [SLUG]);
    // through its own hromada's API, another hromada's account is not there
    expect((await send(other, 'PATCH', `/kryvyi-rih/api/admin/users/${editor.id}`, { active: false })).status).toBe(404);
    const theirs = (await (await other.fetch('/kryvyi-rih/api/admin/users')).json()) as Json;
    expect(theirs.users.map((u: Json) => u.id)).not.toContain(editor.id);
    // nor can one of their deputies be tied to our account
    const { rows: [foreign] } = await server.db.query<{ id: number }>(
      "SELECT p.id FROM deputy p JOIN municipality m ON m.id = p.municipality_id WHERE m.slug = 'kryvyi-rih' LIMIT 1");
    const refused = await send(admin, 'PATCH', `${USERS}/${editor.id}`, { deputyId: foreign.id });
    expect(await refused.json()).toMatchObject({ status: 400, field: 'deputyId' });
    expect((await send(admin, 'PATCH', `${USERS}/99999999`, { active: false })).status).toBe(404);
  });
});
