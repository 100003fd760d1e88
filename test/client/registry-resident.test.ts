/**
 * The registry as a resident reads it, in a real browser against the real server (demo
 * Slovyansk): an object's card with its owner, permit in words, revenue and district; an owner's
 * page; the table with filters, search and paging, whose rows open the card on the map; the city's
 * figures as tables; and the open-data downloads.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ROOT } from '../support/template.js';

const SLUG = 'slovyansk';

interface Panel {
  id: number;
  owner: { id: number; name: string } | null;
  permit: { number: string; days_left: number | null } | null;
  revenue: { total_uah: number };
  point: [number, number];
}

describeBrowser('The registry for residents in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let target: Panel;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    const { rows: [row] } = await server.db.query<{ id: number }>(
      `SELECT v.id FROM pub_maf v JOIN municipality m ON m.id = v.municipality_id
       WHERE m.slug = $1 AND GeometryType(v.geom) = 'POINT' AND v.permit_valid_until IS NOT NULL AND v.revenue_total_uah > 0 AND v.owner_id IS NOT NULL
       ORDER BY v.id LIMIT 1`,
      [SLUG],
    );
    target = (await (await fetch(`${server.url}/${SLUG}/api/registry/objects/${row.id}`)).json()) as Panel;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<{ page: Page; problems: string[] }> {
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { page, problems };
  }

  test('the card of a kiosk names its owner, its permit in words, its revenue; the owner’s page lists their objects', async () => {
    const { page, problems } = await newPage();
    const [lon, lat] = target.point;
    await page.goto(`${server.url}/${SLUG}/#map=17/${lat}/${lon}&layers=maf&feature=maf/${target.id}`);
    const details = page.locator('#feature-panel .registry-details');
    await details.waitFor();
    const text = (await details.textContent())!;
    expect(text).toContain(target.owner!.name);
    expect(text).toContain(`№ ${target.permit!.number}`);
    expect(text).toMatch(target.permit!.days_left! > 0 ? /залишилось \d+\u00a0(день|дні|днів)/ : /сплив|спливає сьогодні/);
    expect(text).toMatch(/Надходження всього\d{1,3}(\u00a0\d{3})*,\d\d\u00a0грн/);
    // the card's own rows are still the catalog's properties only
    expect(await page.locator('#feature-panel .property').count()).toBeGreaterThan(0);

    await page.locator('#open-owner').click();
    const owner = page.getByRole('dialog', { name: `Власник: ${target.owner!.name}` });
    await owner.waitFor();
    expect(await owner.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await owner.locator(`button[data-object="${target.id}"]`).count()).toBe(1);
    await page.keyboard.press('Escape');
    await owner.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });

  test('the table filters by legality, finds by permit number, pages, and a row opens the card on the map', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/`);
    await page.locator('#open-registry').click();
    const dialog = page.getByRole('dialog', { name: 'Реєстр МАФ і реклами' });
    await dialog.locator('.registry-table').waitFor();
    const total = Number(/з (\d+)/.exec((await dialog.locator('.table-summary').textContent())!)![1]);
    expect(total).toBeGreaterThan(25);
    await dialog.getByRole('button', { name: 'Наступні' }).click();
    await dialog.locator('.table-summary', { hasText: 'Показано 26–' }).waitFor();

    await dialog.getByLabel('Законність').selectOption('expired');
    await dialog.getByRole('button', { name: 'Показати', exact: true }).click();
    await dialog.locator('.table-summary', { hasText: 'Показано 1–' }).waitFor();
    const legality = await dialog.locator('tbody td[data-legality]').evaluateAll((cells) => [...new Set(cells.map((c) => c.getAttribute('data-legality')))]);
    expect(legality).toEqual(['expired']);

    await dialog.getByLabel('Законність').selectOption('');
    await dialog.getByLabel('Пошук: номер дозволу, адреса або власник').fill(target.permit!.number);
    await dialog.getByRole('button', { name: 'Показати', exact: true }).click();
    await dialog.locator(`button[data-object="${target.id}"]`).waitFor();
    await dialog.locator(`button[data-object="${target.id}"]`).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(`feature=maf/${target.id}`);
    const view = await page.evaluate(() => window.prozoreMap!.view());
    expect(view.zoom).toBeGreaterThanOrEqual(17);
    expect(problems).toEqual([]);
  });

  test('axe-core finds no serious or critical WCAG 2.1 A/AA violation in the registry dialog; ENG translates the card’s registry data', async () => {
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    const [lon, lat] = target.point;
    await page.goto(`${server.url}/${SLUG}/#map=17/${lat}/${lon}&layers=maf&feature=maf/${target.id}`);
    await page.locator('#feature-panel .registry-details').waitFor();
    await page.getByRole('button', { name: 'ENG' }).click();
    await page.locator('#registry-details-title', { hasText: 'Registry data' }).waitFor();
    expect(await page.locator('#feature-panel .registry-details').textContent()).toMatch(/Revenue in total\d{1,3}(,\d{3})*\.\d\d\u00a0UAH/);
    await page.getByRole('button', { name: 'УКР' }).click();
    await page.locator('#open-registry').click();
    await page.locator('.registry-table').waitFor();
    const violations = await seriousAxeViolations(page);
    expect(violations).toEqual([]);
  });

  test('the city’s figures are tables with captions, and the open data downloads as CSV and GeoJSON', async () => {
    const { page } = await newPage();
    await page.goto(`${server.url}/${SLUG}/`);
    await page.locator('#open-registry').click();
    const figures = page.locator('#city-figures');
    await figures.waitFor();
    const captions = await figures.locator('caption').allTextContents();
    expect(captions[0]).toMatch(/^Об’єкти за законністю на \d\d\.\d\d\.\d{4}$/);
    expect(captions).toContain('Надходження до бюджету за роками');
    expect(captions).toContain('Надходження до бюджету за типами й роками');
    const stats = (await (await fetch(`${server.url}/${SLUG}/api/registry/stats`)).json()) as { objects: number };
    const totalRow = figures.locator('table').first().locator('tbody tr').last();
    expect(await totalRow.locator('td').textContent()).toBe(String(stats.objects));
    for (const [id, type] of [['#download-csv', 'text/csv'], ['#download-csv-excel', 'text/csv'], ['#download-geojson', 'json']]) {
      const href = await page.getAttribute(id, 'href');
      const response = await fetch(`${server.url}${href}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain(type);
    }
    // the Excel one is the Ukrainian locale's: semicolons between cells
    const excel = await (await fetch(`${server.url}${await page.getAttribute('#download-csv-excel', 'href')}`)).text();
    expect(excel.split('\r\n')[0].split(';').slice(0, 3)).toEqual(['id', 'issuedDate', 'authorityName']);
  });
});
