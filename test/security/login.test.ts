/**
 * Sign-in under attack: a flood of guesses cannot stall the public map, a parallel burst is
 * counted before any password is checked, the count holds across app instances and per account,
 * and a client cannot choose the address it is counted under.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { loadConfig, ConfigError, trustedProxies } from '../../server/config.js';
import { ACCOUNT_LIMIT } from '../../server/auth/throttle.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';
import { anotherInstance, postLogin } from './instance.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backends())('sign-in under attack on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });
  // every test starts with no attempts counted (they all come from 127.0.0.1)
  beforeEach(async () => {
    await server.db.query('DELETE FROM login_attempt');
  });

  const attemptsOf = async (scope: string, key: string) =>
    (await server.db.query<{ attempts: number }>('SELECT attempts FROM login_attempt WHERE scope = $1 AND key = $2', [scope, key])).rows[0]?.attempts ?? 0;
  const accountKeyOf = async (slug: string, login: string) => {
    const { rows } = await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [slug]);
    return `${rows[0].id}|${login}`;
  };

  it('a flood of bogus sign-ins is refused past a small queue with 503 and Retry-After, while the map and compressed JSON stay fast', async () => {
    const flood = Array.from({ length: 40 }, (_, i) => postLogin(server.url, 'slovyansk', { login: `nobody-${i}`, password: 'not-the-password' }));
    await sleep(50); // the flood is in: its hashes are queued or running
    const started = performance.now();
    const [page, catalog] = await Promise.all([
      fetch(`${server.url}/slovyansk/`),
      fetch(`${server.url}/slovyansk/api/catalog`, { headers: { 'accept-encoding': 'gzip' } }),
    ]);
    const readMs = performance.now() - started;
    expect(page.status).toBe(200);
    expect(catalog.headers.get('content-encoding')).toBe('gzip');
    await catalog.json();
    const answers = await Promise.all(flood);
    const statuses = answers.map((r) => r.status);
    // what did not fit in the queue was refused at once instead of waiting for a hashing thread
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = answers.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(10);
    expect(busy[0].headers.get('retry-after')).toMatch(/^\d+$/);
    expect(busy[0].headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await busy[0].json()).detail).toMatch(/зайнятий.*busy/);
    // Before the queue, 32 parallel hashes held every libuv thread and these reads waited ~9 s.
    expect(readMs).toBeLessThan(3000);
  }, 60_000);

  it('a parallel burst of wrong passwords is counted as it arrives: at most the limit are checked, and then the right password is refused', async () => {
    const key = await accountKeyOf('slovyansk', 'editor');
    const burst = (passwords: string[]) =>
      Promise.all(passwords.map((password) => postLogin(server.url, 'slovyansk', { login: 'editor', password })));
    const wrong = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `wrong-${tag}-${i}`);

    const first = await burst(wrong(30, 'a'));
    const statuses = first.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 429 || s === 503)).toBe(true);
    // every attempt checked or refused by the limit was counted ("busy", 503, may be counted or not:
    // turned away at a full queue, or after waiting its turn too long — never checked either way)
    expect(await attemptsOf('account', key)).toBeGreaterThanOrEqual(statuses.filter((s) => s !== 503).length);
    let checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    for (const busy of first.filter((r) => r.status === 503)) expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);

    // guessing on in parallel bursts until the limit is reached; never more than the limit are checked
    while ((await attemptsOf('account', key)) < ACCOUNT_LIMIT) {
      checked += (await burst(wrong(5, `b${checked}`))).filter((r) => r.status === 401).length;
    }
    expect(checked).toBeLessThanOrEqual(ACCOUNT_LIMIT);

    // the right password, first in a parallel burst: refused before it is checked
    const [right, ...rest] = await burst([TEST_PASSWORD, ...wrong(10, 'c')]);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(right.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await right.json()).toMatchObject({ status: 429, code: 'TooManyAttempts' });
    expect(rest.map((r) => r.status)).toEqual(rest.map(() => 429));
  }, 60_000);

  it('the count holds across app instances over one database, and the right password resets it', async () => {
    const other = await anotherInstance(server);
    try {
      for (let i = 0; i < ACCOUNT_LIMIT / 2; i++) {
        expect((await postLogin(server.url, 'kryvyi-rih', { login: 'editor', password: `wrong-a${i}` })).status).toBe(401);
        expect((await postLogin(other.url, 'kryvyi-rih', { login: 'editor', password: `wrong-b${i}` })).status).toBe(401);
      }
      expect((await postLogin(server.url, 'kryvyi-rih', { login: 'editor', password: TEST_PASSWORD })).status).toBe(429);
      await server.db.query('DELETE FROM login_attempt');
      expect((await postLogin(other.url, 'kryvyi-rih', { login: 'editor', password: 'wrong-once' })).status).toBe(401);
      expect((await postLogin(other.url, 'kryvyi-rih', { login: 'editor', password: TEST_PASSWORD })).status).toBe(200);
      expect(await attemptsOf('account', await accountKeyOf('kryvyi-rih', 'editor'))).toBe(0);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('an account is limited whatever address the guesses come from', async () => {
    // TRUST_PROXY=true (kept for old configurations): the proxy on this machine names each client
    const proxied = await anotherInstance(server, { TRUST_PROXY: 'true' });
    try {
      for (let i = 0; i < ACCOUNT_LIMIT; i++) {
        const res = await postLogin(proxied.url, 'slovyansk', { login: 'moderator', password: `wrong-${i}` }, { 'x-forwarded-for': `203.0.113.${i + 1}` });
        expect(res.status).toBe(401);
      }
      const fresh = await postLogin(proxied.url, 'slovyansk', { login: 'moderator', password: TEST_PASSWORD }, { 'x-forwarded-for': '198.51.100.7' });
      expect(fresh.status).toBe(429);
    } finally {
      await proxied.close();
    }
  }, 60_000);

  it('X-Forwarded-For from a peer that is not a configured proxy is ignored; from a configured one it names the client', async () => {
    const untrusted = await anotherInstance(server, { TRUSTED_PROXIES: '10.0.0.0/8' });
    const trusted = await anotherInstance(server, { TRUSTED_PROXIES: '127.0.0.1,::1' });
    try {
      await postLogin(untrusted.url, 'slovyansk', { login: 'nobody-a', password: 'not-the-password' }, { 'x-forwarded-for': '203.0.113.50' });
      await postLogin(trusted.url, 'slovyansk', { login: 'nobody-b', password: 'not-the-password' }, { 'x-forwarded-for': '203.0.113.60' });
      const { rows } = await server.db.query<{ key: string }>("SELECT key FROM login_attempt WHERE scope = 'address' ORDER BY key");
      const keys = rows.map((r) => r.key);
      expect(keys).not.toContain('203.0.113.50');
      expect(keys).toContain('203.0.113.60');
      expect(keys.filter((k) => /127\.0\.0\.1|::1/.test(k))).toHaveLength(1);
    } finally {
      await untrusted.close();
      await trusted.close();
    }
  }, 60_000);
});

describe('trusted proxies in the configuration', () => {
  it('trusts only listed proxies; TRUST_PROXY=true means a proxy on this machine, never everyone', () => {
    expect(trustedProxies(loadConfig({}))).toEqual([]);
    expect(trustedProxies(loadConfig({ TRUST_PROXY: 'true' }))).toEqual(['loopback']);
    expect(trustedProxies(loadConfig({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,fd00::/8' }))).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(trustedProxies(loadConfig({ TRUST_PROXY: 'true', TRUSTED_PROXIES: '10.1.2.3' }))).toEqual(['10.1.2.3']);
  });

  it('a proxy entry that is not an address or a block stops the start with one line naming it', () => {
    expect(() => loadConfig({ TRUSTED_PROXIES: '127.0.0.1,everyone' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES.*10\.0\.0\.0\/33/);
  });
});
