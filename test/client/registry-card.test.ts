/**
 * The card a resident opens on a phone (390 px) leads with what they ask: the owner, legality and
 * why, until when, what it paid this year and in total, a photo (its thumbnail) — then the
 * layer's fields, without the type twice; in English the values are English and the dates the
 * same dd.mm.yyyy. axe-core finds nothing serious on it.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { ROOT } from '../support/template.js';

const SLUG = 'slovyansk';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describeBrowser('A registry object\'s card on a phone', () => {
  let server: TestServer;
  let browser: Browser;
  let editor: Session;
  let object: { id: number; lon: number; lat: number };
  const stamp = Date.now().toString(36).toUpperCase();

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded', { BASEMAP_URL: '' });
    browser = await launchBrowser();
    editor = await signIn(server, SLUG, 'editor');
    const { rows: [inside] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) + 0.0021 AS lon, ST_Y(p) - 0.0013 AS lat FROM (SELECT ST_PointOnSurface(boundary) AS p FROM municipality WHERE slug = $1) x`, [SLUG],
    );
    const post = async (path: string, body: unknown, type = 'application/json') => {
      const res = await editor.fetch(`/${SLUG}/api/registry${path}`, { method: 'POST', headers: { 'content-type': type }, body: body instanceof Buffer ? body : JSON.stringify(body) });
      expect(res.status).toBe(201);
      return res.json() as Promise<any>;
    };
    const owner = await post('/owners', { kind: 'legal_entity', name: `ТОВ «Літо-${stamp}»`, edrpou: '14360570' });
    const o = await post('/objects', { type_code: 'summer_terrace', owner_id: owner.id, address: `вулиця Карткова, ${stamp}`, geometry: { type: 'Point', coordinates: [inside.lon, inside.lat] } });
    await post(`/objects/${o.id}/permits`, { kind: 'passport', number: `К-${stamp}`, issued_on: '2025-04-01', valid_from: '2025-04-01', valid_until: '2030-04-01' });
    await post(`/objects/${o.id}/payments`, { amount_uah: 2500, paid_on: (await server.db.query<{ d: string }>('SELECT current_date::text AS d')).rows[0].d });
    await post(`/objects/${o.id}/photos?caption=${encodeURIComponent('Майданчик з вулиці')}`, PNG, 'image/png');
    object = { id: o.id, lon: inside.lon, lat: inside.lat };
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('it leads with owner, legality and why, validity, revenue and the photo; English values in English', async () => {
    const { context } = await isolatedContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/#map=18/${object.lat}/${object.lon}&layers=maf&feature=maf/${object.id}`);
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    await page.waitForSelector('#feature-panel .registry-details');
    await page.screenshot({ path: join(ROOT, '.test-cache', 'screenshots', 'registry-card-390.png'), fullPage: false });
    // the summary comes before the layer's fields, in the order a resident asks
    const order = await page.$$eval('#feature-panel .registry-details dt', (dts) => dts.map((d) => d.textContent));
    expect(order.slice(0, 6)).toEqual(['Власник', 'Законність', 'Дозвіл', 'Надходження цього року', 'Надходження всього', 'Фото']);
    const summaryFirst = await page.evaluate(() => {
      const details = document.querySelector('#feature-panel .registry-details')!;
      const fields = document.querySelector('#feature-panel dl.properties:not(.registry-details dl)')!;
      return Boolean(details.compareDocumentPosition(fields) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(summaryFirst).toBe(true);
    expect(await page.locator('#feature-panel .registry-details img').getAttribute('src')).toMatch(/\/photos\/\d+\/thumbnail$/);
    // the type once, by its name; no code
    const fields = await page.$$eval('#feature-panel [data-property] dt', (dts) => dts.map((d) => d.textContent));
    expect(fields.filter((f) => f?.startsWith('Тип'))).toEqual(['Тип']);
    expect(await page.locator('#feature-panel [data-property="type_code"] dd').textContent()).toBe('Літній майданчик');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.locator('button.lang-button[lang="en"]').click();
    await page.waitForFunction(() => document.querySelector('#feature-panel [data-property="type_code"] dd')?.textContent === 'Summer terrace');
    const text = (await page.locator('#feature-panel').textContent())!;
    expect(text).not.toContain('Літній майданчик');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // one date format
  });
});
