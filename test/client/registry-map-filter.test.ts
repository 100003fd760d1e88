/**
 * Filtering the registry's map itself by type and by owner, in the URL: the legend offers a tick
 * box per object type (catalog legendFilter), a link with a type filter draws only that type,
 * and an owner's page puts "only this owner's objects" on the map and in the link.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';

describeBrowser('Filtering the registry map by type and owner', () => {
  let server: TestServer;
  let browser: Browser;
  let view: string;
  let owner: { id: number; name: string };

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded', { BASEMAP_URL: '' });
    browser = await launchBrowser();
    // The MAF with the most other MAFs of several types and owners within 300 m.
    const { rows: [at] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat FROM pub_maf a JOIN municipality m ON m.id = a.municipality_id
       WHERE m.slug = $1 AND GeometryType(a.geom) = 'POINT' AND a.owner_name NOT LIKE '%,%'
       ORDER BY (SELECT count(DISTINCT b.type_code) * 1000 + count(*) FROM pub_maf b
                 WHERE b.municipality_id = a.municipality_id AND ST_DWithin(b.geom::geography, a.geom::geography, 300)) DESC, a.id
       LIMIT 1`,
      [SLUG],
    );
    view = `#map=15/${at.lat.toFixed(5)}/${at.lon.toFixed(5)}&layers=maf`;
    const { rows: [o] } = await server.db.query<{ id: number; name: string }>(
      `SELECT a.owner_id AS id, a.owner_name AS name FROM pub_maf a JOIN municipality m ON m.id = a.municipality_id
       WHERE m.slug = $1 AND a.owner_name !~ '[,|]' AND ST_DWithin(a.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 300)
       GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [SLUG, at.lon, at.lat],
    );
    owner = o;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(hash: string): Promise<Page> {
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/${hash}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    return page;
  }

  const drawn = (page: Page) => page.evaluate(() => window.prozoreMap!.renderedFeatures('maf')
    .filter((f) => !f.cluster)
    .map((f) => ({ type: String(f.properties.type_code), owner: String(f.properties.owner_name), drawn: f.color !== null })));

  test('a link with a type filter draws only that type; the legend ticks it', async () => {
    const page = await open(`${view}&filter=maf.type_code:kiosk|pavilion`);
    const features = await drawn(page);
    expect(features.some((f) => f.drawn)).toBe(true);
    expect(features.some((f) => !f.drawn)).toBe(true);
    for (const f of features) expect(f.drawn).toBe(['kiosk', 'pavilion'].includes(f.type));
    expect(await page.isChecked('#filter-maf-type_code-kiosk')).toBe(true);
    expect(await page.isChecked('#filter-maf-type_code-summer_terrace')).toBe(false);
  });

  test('an owner\'s page shows only that owner\'s objects on the map, and the link says so', async () => {
    const page = await open(view);
    await page.locator('#open-registry').click();
    // the owner's page, from the table searched by the owner's name
    const search = page.locator('#table-q');
    await search.fill(owner.name);
    await search.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: owner.name, exact: true }).first().click();
    await page.locator('#owner-on-map').click();
    await page.waitForFunction((name) => decodeURIComponent(location.hash).includes(`maf.owner_name:${name}`), owner.name);
    await page.waitForFunction(() => window.prozoreMap!.renderedFeatures('maf').some((f) => f.color === null));
    const features = await drawn(page);
    expect(features.some((f) => f.drawn)).toBe(true);
    for (const f of features) expect(f.drawn).toBe(f.owner === owner.name);
  });
});
