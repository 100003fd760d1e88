import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.each(backends())('the HTTP server on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('/healthz answers while alive and /readyz says the database is reachable and migrated', async () => {
    expect(await fetch(`${server.url}/healthz`).then((r) => r.json())).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', database: 'ok', engine: kind });
  });

  it('/readyz is 503 when a migration is pending', async () => {
    await server.db.query("DELETE FROM schema_migration WHERE name = (SELECT max(name) FROM schema_migration)");
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect((await res.json()).pendingMigrations).toHaveLength(1);
  });

  it('lists both demo hromadas, each with its view inside its bounding box', async () => {
    const list = await fetch(`${server.url}/api/municipalities`).then((r) => r.json());
    expect(list.map((m: { slug: string }) => m.slug)).toEqual(['kryvyi-rih', 'slovyansk']);
    for (const m of list) {
      const [minX, minY, maxX, maxY] = m.bbox;
      expect(m.center[0]).toBeGreaterThan(minX);
      expect(m.center[0]).toBeLessThan(maxX);
      expect(m.center[1]).toBeGreaterThan(minY);
      expect(m.center[1]).toBeLessThan(maxY);
    }
  });

  it('an unknown hromada is a 404 problem document naming it', async () => {
    const res = await fetch(`${server.url}/kyiv/api/catalog`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 404, code: 'NotFound', detail: expect.stringContaining('kyiv') });
  });

  it('malformed JSON is a 400 problem, not a stack trace', async () => {
    const res = await fetch(`${server.url}/slovyansk/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"login":' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(JSON.parse(text).status).toBe(400);
  });

  it('sends security headers and compresses JSON', async () => {
    const res = await fetch(`${server.url}/slovyansk/api/catalog`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('the catalog describes every collection with Ukrainian and English titles and its tile and item URLs', async () => {
    const catalog = await fetch(`${server.url}/slovyansk/api/catalog`).then((r) => r.json());
    expect(catalog.municipality.slug).toBe('slovyansk');
    const ids = catalog.collections.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['boundary', 'districts', 'maf', 'advertising', 'facilities', 'comments']));
    for (const c of catalog.collections) {
      expect(c.title.uk).toBeTruthy();
      expect(c.title.en).toBeTruthy();
      expect(c.tiles).toBe(`/slovyansk/tiles/${c.id}/{z}/{x}/{y}.mvt`);
    }
  });
});
