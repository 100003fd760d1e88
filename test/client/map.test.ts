/**
 * The map client in a real browser (headless Chromium) against the real server and the demo
 * hromada of Slovyansk: what a resident sees and does, on a desk and on a phone, with a mouse,
 * with the keyboard alone, and through axe-core's WCAG 2.1 A/AA rules. The browser has no
 * internet (see support/browser.ts), so the basemap always fails and the map must work without it.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { CatalogDocument, CatalogCollection } from '../../client/src/catalog.js';
import { formatValue } from '../../client/src/format.js';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ROOT } from '../support/template.js';

const SLUG = 'slovyansk';
const OSM = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

interface Target {
  id: string;
  lon: number;
  lat: number;
}

interface OgcFeature {
  id: string | number;
  properties: Record<string, unknown>;
}

describeBrowser('The map client in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let catalog: CatalogDocument;
  let maf: CatalogCollection;
  /** What the map shows when its URL names no layers: the basemap and the catalog's defaults. */
  let defaults: string[];
  /** …once the basemap failed: the hromada's own base map (buildings, streets) drawn in its place, under the rest. */
  let fallback: string[];
  /** Point MAFs of the demo, the best test subjects first (with a permit and revenue). */
  let candidates: Target[];
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    // A configured basemap, so that its failure behind the blocked network is what the tests meet.
    server = await startTestServer('embedded', { BASEMAP_URL: OSM });
    browser = await launchBrowser();
    catalog = (await (await fetch(`${server.url}/${SLUG}/api/catalog`)).json()) as CatalogDocument;
    maf = catalog.collections.find((c) => c.id === 'maf')!;
    defaults = ['basemap', ...catalog.collections.filter((c) => c.visibleByDefault).map((c) => c.id)];
    fallback = ['basemap', 'buildings', 'streets', ...defaults.slice(1)];
    const { rows } = await server.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT v.id, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
       FROM pub_maf v JOIN municipality m ON m.id = v.municipality_id
       WHERE m.slug = $1 AND GeometryType(v.geom) = 'POINT'
       ORDER BY (v.permit_valid_until IS NULL), (v.revenue_total_uah = 0), v.id
       LIMIT 20`,
      [SLUG],
    );
    candidates = rows.map((r) => ({ id: String(r.id), lon: r.lon, lat: r.lat }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: BrowserContextOptions = DESK) {
    const { context, blocked } = await isolatedContext(browser, options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    pages.push(page);
    return { page, context, blocked, problems };
  }

  const mapUrl = (hash = '') => `${server.url}/${SLUG}/${hash}`;

  /** Opens the map and waits until every tile of the view was loaded (or failed) and drawn. */
  async function openMap(page: Page, hash = '') {
    await page.goto(mapUrl(hash));
    await settled(page);
  }

  async function settled(page: Page) {
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
  }

  const hashOf = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash));

  /** Rows of the open card as [label, value]. */
  function card(page: Page): Promise<[string, string][]> {
    return page.$$eval('#feature-panel .property', (rows) =>
      rows.map((row) => [row.querySelector('dt')!.textContent!.trim(), row.querySelector('dd')!.textContent!.trim()] as [string, string]));
  }

  async function ogcItem(collection: string, id: string): Promise<OgcFeature> {
    const response = await fetch(`${server.url}/${SLUG}/ogc/collections/${collection}/items/${id}?f=json`);
    expect(response.status).toBe(200);
    return (await response.json()) as OgcFeature;
  }

  /** A kiosk on the map at street zoom that a click hits (no other point drawn over it). */
  async function clickableKiosk(page: Page) {
    for (const target of candidates) {
      await openMap(page, `#map=18/${target.lat}/${target.lon}&layers=maf`);
      await page.waitForFunction((id) => window.prozoreMap!.renderedFeatures('maf').some((f) => f.id === id), target.id, { timeout: 15_000 });
      const spot = await page.evaluate((id) => {
        const feature = window.prozoreMap!.renderedFeatures('maf').find((f) => f.id === id)!;
        const hit = window.prozoreMap!.featureAt(feature.clientX, feature.clientY);
        return hit?.collection === 'maf' && hit.id === id ? { x: feature.clientX, y: feature.clientY } : null;
      }, target.id);
      if (spot) return { target, spot };
    }
    throw new Error('no demo MAF could be clicked on its own');
  }

  test('the map of Slovyansk opens with its own layers drawn although the basemap cannot load', async () => {
    const { page, blocked, problems } = await newPage();
    await openMap(page);
    expect(await page.locator('#map canvas').count()).toBeGreaterThan(0);
    expect(defaults).toContain('maf');
    expect(await page.evaluate(() => window.prozoreMap!.renderedFeatures('boundary').length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.prozoreMap!.renderedFeatures('districts').length)).toBeGreaterThan(0);
    // The basemap was asked for, refused by the closed network, and the page says it is missing.
    expect(blocked.some((url) => url.startsWith('https://tile.openstreetmap.org/'))).toBe(true);
    await page.locator('#layer-basemap-hint').waitFor({ state: 'visible' });
    expect(await page.textContent('#layer-basemap-hint')).toContain('Підложка недоступна');
    // In its place the hromada's own base map came on, under the service layers.
    expect(await page.evaluate(() => window.prozoreMap!.visibleLayers())).toEqual(fallback);
    // The view is in the URL from the start, and the list names what is in view.
    expect(await hashOf(page)).toMatch(new RegExp(`^#map=[\\d.]+/[\\d.]+/[\\d.]+&layers=${fallback.join(',')}$`));
    await page.waitForFunction(() => document.querySelectorAll('#list-entries button').length > 0);
    expect(await page.textContent('#list-summary')).toMatch(/\d/);
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    expect(problems).toEqual([]);
  });

  test('a layer switched off and on changes the URL, and back and forward step through it', async () => {
    const { page } = await newPage();
    await openMap(page);
    await page.locator('#layer-basemap-hint').waitFor({ state: 'visible' });
    const layer = page.getByLabel('Малі архітектурні форми', { exact: true });
    await layer.uncheck();
    expect(await hashOf(page)).toMatch(new RegExp(`&layers=${fallback.filter((id) => id !== 'maf').join(',')}$`));
    expect(await page.evaluate(() => window.prozoreMap!.visibleLayers())).not.toContain('maf');
    await layer.check();
    expect(await hashOf(page)).toMatch(new RegExp(`&layers=${fallback.join(',')}$`));

    await page.goBack();
    await page.waitForFunction(() => !window.prozoreMap!.visibleLayers().includes('maf'));
    expect(await layer.isChecked()).toBe(false);
    await page.goForward();
    await page.waitForFunction(() => window.prozoreMap!.visibleLayers().includes('maf'));
    expect(await layer.isChecked()).toBe(true);
  });

  test('a click on a kiosk opens its card: every public property, labelled in Ukrainian, valued as in the OGC API', async () => {
    const { page, problems } = await newPage();
    const { target, spot } = await clickableKiosk(page);
    await page.mouse.click(spot.x, spot.y);
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    expect(await hashOf(page)).toContain(`&feature=maf/${target.id}`);

    const item = await ogcItem('maf', target.id);
    const rows = await card(page);
    // Every property the catalog puts in the card (the type once, by its name: its code and English twin are not repeated).
    const shown = maf.properties.filter((p) => p.inCard !== false);
    expect(shown.length).toBeLessThan(maf.properties.length);
    expect(rows.map(([label]) => label)).toEqual(shown.map((p) => p.label.uk));
    expect(rows.map(([, value]) => value)).toEqual(shown.map((p) => formatValue(p, item.properties[p.name], 'uk')));
    // …and the formatting is the one a Ukrainian reader expects, not merely self-consistent.
    const value = (name: string) => rows[shown.findIndex((p) => p.name === name)][1];
    expect(value('permit_valid_until')).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(value('revenue_total_uah')).toMatch(/^\d{1,3}(\u00a0\d{3})*,\d\d\u00a0грн$/);
    expect(['Законно', 'Дозвіл спливає (≤30 днів)', 'Дозвіл прострочено', 'Без дозволу', 'Демонтовано']).toContain(value('legality'));
    expect(await page.locator('#panel-title').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  test('a link reproduces the view: centre, zoom, layers and the open card, after a reload and in another browser', async () => {
    const { page } = await newPage();
    const target = candidates[0];
    const link = mapUrl(`#map=16.5/${target.lat.toFixed(5)}/${target.lon.toFixed(5)}&layers=districts,maf&feature=maf/${target.id}`);
    await page.goto(link);
    await settled(page);
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    for (const reopened of [page, (await newPage()).page]) {
      if (reopened === page) await page.reload();
      else await reopened.goto(page.url());
      await settled(reopened);
      const view = await reopened.evaluate(() => window.prozoreMap!.view());
      expect(view.zoom).toBeCloseTo(16.5, 6);
      expect(view.center[0]).toBeCloseTo(Number(target.lon.toFixed(5)), 5);
      expect(view.center[1]).toBeCloseTo(Number(target.lat.toFixed(5)), 5);
      expect(await reopened.evaluate(() => window.prozoreMap!.visibleLayers())).toEqual(['districts', 'maf']);
      expect(await reopened.isChecked('#layer-maf')).toBe(true);
      expect(await reopened.isChecked('#layer-advertising')).toBe(false);
      await reopened.waitForSelector('#feature-panel[data-state="complete"]');
      expect(await reopened.textContent('#panel-title')).toBe(await page.textContent('#panel-title'));
    }
  });

  test('ENG switches the interface, the legend and the card to English, and the URL keeps the choice', async () => {
    const { page } = await newPage();
    const target = candidates[0];
    await openMap(page, `#map=17/${target.lat}/${target.lon}&layers=maf&feature=maf/${target.id}`);
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    await page.getByRole('button', { name: 'ENG' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('button[lang="en"]', 'aria-pressed')).toBe('true');
    expect(await page.textContent('#layers-title')).toBe('Layers and legend');
    expect(await page.textContent('label[for="layer-maf"]')).toBe('Small architectural forms');
    expect(await page.textContent('label[for="filter-maf-legality-expired"]')).toBe('Permit expired');
    expect((await card(page)).map(([label]) => label)).toEqual(maf.properties.filter((p) => p.inCard !== false).map((p) => p.label.en));
    expect(await hashOf(page)).toContain('&lang=en');

    await page.reload();
    await settled(page);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'УКР' }).click();
    expect(await page.textContent('#layers-title')).toBe('Шари та умовні позначення');
    expect(await hashOf(page)).not.toContain('lang=');
  });

  test('with the keyboard alone: Tab to the list, Enter opens a card, Esc closes it and focus returns', async () => {
    const { page } = await newPage();
    await openMap(page, `#map=16/${candidates[0].lat}/${candidates[0].lon}&layers=maf,advertising`);
    await page.waitForFunction(() => document.querySelectorAll('#list-entries button').length > 0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('skip-link');
    expect((await page.locator('#skip-link').boundingBox())!.y).toBeGreaterThanOrEqual(0); // visible when focused
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('feature-list');
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.key);
    expect(key).toMatch(/^(maf|advertising)\/\d+$/); // street zoom: single objects, no clusters
    await page.keyboard.press('Enter');
    await page.waitForSelector('#feature-panel:not([hidden])');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('panel-title');
    expect(await hashOf(page)).toContain(`&feature=${key}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#feature-panel', { state: 'hidden' });
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.key)).toBe(key);
    expect(await hashOf(page)).not.toContain('feature=');
  });

  test('axe-core finds no serious or critical WCAG 2.1 A/AA violation on the map with a card open', async () => {
    // axe is injected as an inline script, which the page's CSP (rightly) refuses: bypass it here only.
    const { page } = await newPage({ ...DESK, bypassCSP: true });
    await openMap(page, `#map=17/${candidates[0].lat}/${candidates[0].lon}`);
    await page.waitForFunction(() => document.querySelectorAll('#list-entries button').length > 0);
    await page.locator('#list-entries button').first().click();
    await page.waitForSelector('#feature-panel[data-state="complete"], #feature-panel[data-state="partial"]');
    const violations = await seriousAxeViolations(page);
    expect(violations).toEqual([]);
  });

  test('on a phone (390×844) the card is a bottom sheet under the map; on a desk a side panel', async () => {
    const phone = (await newPage(PHONE)).page;
    await openMap(phone, `#map=17/${candidates[0].lat}/${candidates[0].lon}&layers=maf`);
    await phone.waitForFunction(() => document.querySelectorAll('#list-entries button').length > 0);
    await phone.locator('#list-entries button').first().tap();
    await phone.waitForSelector('#feature-panel:not([hidden])');
    const sheet = (await phone.locator('#feature-panel').boundingBox())!;
    expect(sheet.width).toBeCloseTo(390, 0);
    expect(sheet.y + sheet.height).toBeCloseTo(844, 0);
    expect(sheet.y).toBeGreaterThan(844 * 0.3); // the map stays visible above it
    expect((await phone.locator('.panel-close').boundingBox())!.height).toBeGreaterThanOrEqual(44); // a fingertip target

    const desk = (await newPage(DESK)).page;
    await openMap(desk, `#map=17/${candidates[0].lat}/${candidates[0].lon}&layers=maf&feature=maf/${candidates[0].id}`);
    await desk.waitForSelector('#feature-panel:not([hidden])');
    const side = (await desk.locator('#feature-panel').boundingBox())!;
    const mapBox = (await desk.locator('#map').boundingBox())!;
    expect(side.height).toBeCloseTo(mapBox.height, 0);
    expect(side.x + side.width).toBeCloseTo(mapBox.x + mapBox.width, 0);
    expect(side.width).toBeLessThan(mapBox.width / 2);
  });
});
