/**
 * Filtering the map itself, in a real browser: a shared link that says "only the billboards that
 * stand illegally" draws and lists only those; the legend's tick boxes change what is drawn and
 * the link, by mouse or by keyboard; the legend stays accessible.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';
const ILLEGAL = ['expired', 'no_permit'];

describeBrowser('Filtering the map by a property', () => {
  let server: TestServer;
  let browser: Browser;
  /** A street-level view over many advertising structures of every legality. */
  let view: string;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded', { BASEMAP_URL: '' });
    browser = await launchBrowser();
    // The expired or unpermitted structure with the most others of any legality within 300 m.
    const { rows } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
       FROM pub_advertising a JOIN municipality m ON m.id = a.municipality_id
       WHERE m.slug = $1 AND a.legality = ANY($2) AND GeometryType(a.geom) = 'POINT'
       ORDER BY (SELECT count(DISTINCT b.legality) * 1000 + count(*) FROM pub_advertising b
                 WHERE b.municipality_id = a.municipality_id AND ST_DWithin(b.geom::geography, a.geom::geography, 300)) DESC, a.id
       LIMIT 1`,
      [SLUG, ILLEGAL],
    );
    view = `#map=15/${rows[0].lat.toFixed(5)}/${rows[0].lon.toFixed(5)}&layers=advertising`;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** `bypassCSP` only where axe-core has to be injected as a script. */
  async function open(hash: string, bypassCSP = false): Promise<Page> {
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 }, bypassCSP });
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/${hash}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    return page;
  }

  /** Single advertising features in view, with whether the style draws them. */
  const drawn = (page: Page) => page.evaluate(() => window.prozoreMap!.renderedFeatures('advertising')
    .filter((f) => !f.cluster)
    .map((f) => ({ id: f.id, legality: String(f.properties.legality), drawn: f.color !== null })));

  const listed = (page: Page) => page.$$eval('#list-entries button[data-key^="advertising/"]', (buttons) =>
    buttons.map((b) => (b as HTMLElement).dataset.key!.split('/')[1]));

  test('a link with a filter draws and lists only the features it names', async () => {
    const page = await open(`${view}&filter=advertising.legality:${ILLEGAL.join('|')}`);
    const features = await drawn(page);
    expect(features.some((f) => f.drawn)).toBe(true);
    expect(features.some((f) => !f.drawn)).toBe(true); // the view holds legal ones too
    for (const f of features) expect(f.drawn).toBe(ILLEGAL.includes(f.legality));
    await page.waitForFunction(() => document.querySelectorAll('#list-entries button').length > 0);
    const shown = new Set(features.filter((f) => f.drawn).map((f) => f.id));
    const ids = await listed(page);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(shown.has(id)).toBe(true);
    // The legend says what is shown: the illegal values ticked, the rest not.
    expect(await page.isChecked('#filter-advertising-legality-expired')).toBe(true);
    expect(await page.isChecked('#filter-advertising-legality-no_permit')).toBe(true);
    expect(await page.isChecked('#filter-advertising-legality-legal')).toBe(false);
  });

  test('ticking a value in the legend draws it again and writes the link; all ticked is no filter', async () => {
    const page = await open(`${view}&filter=advertising.legality:expired`);
    await page.check('#filter-advertising-legality-no_permit');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('filter=advertising.legality:expired|no_permit'));
    await page.waitForFunction(() => window.prozoreMap!.renderedFeatures('advertising')
      .some((f) => !f.cluster && f.properties.legality === 'no_permit' && f.color !== null));
    // By keyboard: Tab to a tick box and Space.
    for (const value of ['legal', 'expiring', 'dismantled']) {
      await page.focus(`#filter-advertising-legality-${value}`);
      await page.keyboard.press('Space');
    }
    await page.waitForFunction(() => !location.hash.includes('filter='));
    const features = await drawn(page);
    expect(features.every((f) => f.drawn)).toBe(true);
    // Back returns to the previous filter.
    await page.goBack();
    await page.waitForFunction(() => location.hash.includes('filter='));
    expect(await page.isChecked('#filter-advertising-legality-dismantled')).toBe(false);
  });

  test('the legend with its filters has no serious accessibility violations', async () => {
    const page = await open(`${view}&filter=advertising.legality:expired`, true);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
