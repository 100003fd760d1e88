/**
 * The hromada's own base map in a real browser: with BASEMAP_URL empty (a council that wants no
 * third party in every page view, or an office without internet) the map of Slovyansk still shows
 * its streets, named along their lines, and its buildings, under the service layers, on a desk and
 * on a phone, in Ukrainian and in English. Screenshots go to $PM_SCREENSHOTS (or the temp folder).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { CatalogDocument } from '../../client/src/catalog.js';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';
const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const SHOTS = process.env.PM_SCREENSHOTS ?? join(tmpdir(), 'pm-screenshots');

describeBrowser('The own base map without an outside basemap', () => {
  let server: TestServer;
  let browser: Browser;
  let catalog: CatalogDocument;
  /** A street-level view in the centre of Slovyansk: zoom 17 at a demo street's middle. */
  let street: { name_uk: string; name_en: string; lon: number; lat: number };

  beforeAll(async () => {
    ensureClientBuilt();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('embedded'); // BASEMAP_URL is empty
    browser = await launchBrowser();
    catalog = (await (await fetch(`${server.url}/${SLUG}/api/catalog`)).json()) as CatalogDocument;
    const { rows } = await server.db.query<{ name_uk: string; name_en: string; lon: number; lat: number }>(
      `SELECT s.name_uk, s.name_en, ST_X(p) AS lon, ST_Y(p) AS lat
       FROM pub_streets s JOIN municipality m ON m.id = s.municipality_id,
            LATERAL (SELECT ST_LineInterpolatePoint(ST_GeometryN(s.geom, 1), 0.5) AS p) AS mid
       WHERE m.slug = $1 ORDER BY ST_Distance(p, m.view_center) LIMIT 1`,
      [SLUG],
    );
    street = rows[0];
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(options: BrowserContextOptions, hash: string): Promise<Page> {
    const { context } = await isolatedContext(browser, options);
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/${hash}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    return page;
  }

  const labelled = (page: Page) => page.evaluate(() => window.prozoreMap!.renderedFeatures('streets').filter((f) => f.label !== null));

  test('the catalog offers no outside basemap, and lists streets and buildings in the base group, drawn as the underlay', () => {
    expect(catalog.basemap).toBeNull();
    const base = catalog.collections.filter((c) => c.style.underlay).map((c) => [c.id, c.group, c.geometryType]);
    expect(base).toEqual([['streets', 'base', 'MultiLineString'], ['buildings', 'base', 'MultiPolygon']]);
  });

  test('on a desk, the map opens with the streets named along their lines and the buildings, under the service layers', async () => {
    const page = await open(DESK, `#map=17/${street.lat}/${street.lon}`);
    const visible = await page.evaluate(() => window.prozoreMap!.visibleLayers());
    expect(visible.slice(0, 2)).toEqual(['buildings', 'streets']);
    expect(visible).toEqual(expect.arrayContaining(['maf', 'districts']));
    expect(visible.indexOf('streets')).toBeLessThan(visible.indexOf('districts'));
    await page.waitForFunction(() => window.prozoreMap!.renderedFeatures('streets').some((f) => f.label !== null));
    const streets = await labelled(page);
    expect(streets.map((f) => f.label)).toContain(street.name_uk);
    for (const f of streets) expect(f.label).toBe(f.properties.name_uk);
    expect(streets.every((f) => /^(\d+-й )?(вулиця|провулок|проспект|бульвар)\s/u.test(f.label!))).toBe(true);
    const buildings = await page.evaluate(() => window.prozoreMap!.renderedFeatures('buildings'));
    expect(buildings.length).toBeGreaterThan(20);
    expect(buildings.some((b) => typeof b.properties.address === 'string' && typeof b.properties.levels === 'number')).toBe(true);
    // the own base map is the background: the list of what is in view names no street nor building
    await page.waitForFunction(() => document.querySelectorAll('#list-entries button').length > 0);
    const listed = await page.$$eval('#list-entries button[data-key]', (buttons) => buttons.map((b) => (b as HTMLElement).dataset.key!.split('/')[0]));
    expect(listed.filter((collection) => collection === 'streets' || collection === 'buildings')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'basemap-desk-z17.png') });
    await page.close();
  });

  test('in English the streets carry their transliterated names', async () => {
    const page = await open(DESK, `#map=17/${street.lat}/${street.lon}&lang=en`);
    await page.waitForFunction(() => window.prozoreMap!.renderedFeatures('streets').some((f) => f.label !== null));
    const streets = await labelled(page);
    expect(streets.map((f) => f.label)).toContain(street.name_en);
    for (const f of streets) expect(f.label).toBe(f.properties.name_en);
    await page.close();
  });

  test('on a phone (390 px) the streets are named too, the page passes axe, and further out no names crowd the map', async () => {
    const page = await open({ ...PHONE, bypassCSP: true }, `#map=16/${street.lat}/${street.lon}`); // axe is injected as a script
    await page.waitForFunction(() => window.prozoreMap!.renderedFeatures('streets').some((f) => f.label !== null));
    expect((await labelled(page)).length).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'basemap-phone-z16.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.evaluate(() => (window.location.hash = window.location.hash.replace(/#map=16\//, '#map=13/')));
    await page.waitForFunction(() => window.prozoreMap!.view().zoom === 13);
    await page.waitForFunction(() => window.prozoreMap?.settled === true);
    const far = await page.evaluate(() => window.prozoreMap!.renderedFeatures('streets'));
    expect(far.length).toBeGreaterThan(0);
    expect(far.every((f) => f.label === null)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'basemap-phone-z13.png') });
    await page.close();
  });
});
