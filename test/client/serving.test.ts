/**
 * How the server hands out the map client (server/web/routes.ts): the page of each hromada, the
 * hashed assets cached for good, the page itself revalidated, and a clear 503 when nobody built
 * the client. The real server answers the redirects and the 404s; the cache and 503 cases mount
 * the same routes over a client directory of the test's own, so no test depends on (or disturbs)
 * the real client/dist that the browser tests build.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorHandler, notFoundHandler } from '../../server/errors.js';
import { webRoutes } from '../../server/web/routes.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('The server hands out the map client', () => {
  let server: TestServer;
  let scratch: string;
  const mounted: Server[] = [];

  /** The web routes alone, over the real hromada directory and a client directory of our own. */
  async function clientServer(distDir: string, config: Partial<TestServer['ctx']['config']> = {}): Promise<string> {
    const app = express();
    app.use(webRoutes({ ...server.ctx, config: { ...server.ctx.config, ...config } }, { distDir }));
    app.use(notFoundHandler);
    app.use(errorHandler(server.ctx.logger));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    mounted.push(http);
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    server = await startTestServer('embedded');
    scratch = mkdtempSync(join(tmpdir(), 'pm-client-'));
    mkdirSync(join(scratch, 'built', 'assets'), { recursive: true });
    writeFileSync(join(scratch, 'built', 'index.html'), '<!doctype html><html lang="uk"><title>map</title><script type="module" src="/assets/index-abc123.js"></script></html>');
    writeFileSync(join(scratch, 'built', 'assets', 'index-abc123.js'), 'console.log("map")');
  });

  afterAll(async () => {
    await Promise.all(mounted.map((http) => new Promise((resolve) => http.close(resolve))));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    await server?.close();
  });

  const get = (url: string) => fetch(url, { redirect: 'manual' });

  test('the root sends a visitor to the configured default hromada, else to the first one', async () => {
    const first = await get(`${server.url}/`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/kryvyi-rih/');
    const configured = await get(`${await clientServer(join(scratch, 'built'), { DEFAULT_MUNICIPALITY: 'slovyansk' })}/`);
    expect(configured.headers.get('location')).toBe('/slovyansk/');
    const mistyped = await get(`${await clientServer(join(scratch, 'built'), { DEFAULT_MUNICIPALITY: 'slovjansk' })}/`);
    expect(mistyped.headers.get('location')).toBe('/kryvyi-rih/');
  });

  test('a hromada without the trailing slash is sent to it, its query kept', async () => {
    const response = await get(`${server.url}/slovyansk?embed=1`);
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/slovyansk/?embed=1');
  });

  test('an unknown hromada is a 404 problem, not a map of nowhere', async () => {
    const response = await get(`${server.url}/atlantida/`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toContain('atlantida');
  });

  test('the page is revalidated on every visit, the hashed assets are cached for a year', async () => {
    const base = await clientServer(join(scratch, 'built'));
    const page = await get(`${base}/slovyansk/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('/assets/index-abc123.js');

    const asset = await get(`${base}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await get(`${base}/assets/index-gone.js`)).status).toBe(404);
  });

  test('without a build the page says how to make one (503), instead of a blank screen', async () => {
    const base = await clientServer(join(scratch, 'never-built'));
    const response = await get(`${base}/slovyansk/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('Клієнт не зібрано: npm run build');
    expect((await get(`${base}/assets/index-abc123.js`)).status).toBe(503);
  });
});
