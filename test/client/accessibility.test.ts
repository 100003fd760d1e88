/**
 * The accessibility map as a resident uses it, in a real browser against the real server (demo
 * Slovyansk), by keyboard alone: choose a need, filter by a feature, open a facility from the
 * text list and read its grades and measurements (and the building it is in), find the nearest
 * accessible pharmacy; axe-core finds no serious WCAG 2.1 AA violation on these screens; a 390 px
 * screenshot for a human to see.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';
import { createUser } from '../../server/auth/users.js';

const SLUG = 'slovyansk';

describeBrowser('The accessibility map by keyboard', () => {
  let server: TestServer;
  let browser: Browser;
  let centre: { lon: number; lat: number };

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    // the middle of the demo town's pharmacies, where the map will open
    const { rows: [c] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(ST_Centroid(ST_Collect(f.geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(f.geom))) AS lat
       FROM facility f JOIN municipality m ON m.id = f.municipality_id WHERE m.slug = $1 AND f.category = 'pharmacy'`, [SLUG]);
    centre = c;
    await createUser(server.db, { municipalitySlug: SLUG, login: 'surveyor', displayName: 'Тест обстежувач', password: TEST_PASSWORD, roles: ['accessibility_editor'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(width: number, height: number): Promise<{ page: Page; problems: string[] }> {
    const { context } = await isolatedContext(browser, { viewport: { width, height }, bypassCSP: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { page, problems };
  }

  /** Presses Tab (Shift+Tab backwards) until the element with this id has focus: what a keyboard user does. */
  async function tabTo(page: Page, id: string, backwards = false): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (await page.evaluate((wanted) => document.activeElement?.id === wanted, id)) return;
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`#${id} never took the focus`);
  }

  test('a resident chooses a need, filters, opens a facility from the list and finds the nearest accessible pharmacy', async () => {
    const { page, problems } = await newPage(1280, 900);
    await page.goto(`${server.url}/${SLUG}/#map=16/${centre.lat}/${centre.lon}&layers=facilities`);
    await page.locator('#a11y-panel').waitFor();
    await page.locator('#list-entries .list-entry').first().waitFor();

    // 1. the need: reduced mobility (arrow keys move within the radio group)
    await tabTo(page, 'need-wheelchair');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#need-mobility').isChecked()).toBe(true);
    await page.waitForFunction(() => location.hash.includes('need=mobility'));
    expect(await page.evaluate(() => localStorage.getItem('prozore-misto.need'))).toBe('mobility');
    await page.waitForFunction(() => document.querySelector('#list-entries .entry-meta')?.textContent?.includes('Маломобільні'));
    expect(await seriousAxeViolations(page)).toEqual([]);

    // 2. a feature: step-free entrance only
    await tabTo(page, 'a11y-f-step_free_entrance');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => location.hash.includes('filter=facilities.step_free_entrance:true'));

    // 3. open a facility from the text list (the skip link leads there)
    await tabTo(page, 'skip-link', true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const entry = await page.evaluate(() => document.activeElement?.closest('.list-entry')?.textContent ?? '');
    expect(entry).toMatch(/Маломобільні[^:]*: (Доступно|Частково доступно|Недоступно|Невідомо \(бракує замірів\))/);
    await page.keyboard.press('Enter');
    const card = page.locator('#feature-panel .a11y-card');
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Доступність за потребами.*Маломобільні.*\(ваша потреба\)/s);
    expect(await card.textContent()).toMatch(/Входи \(заміри\)/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    // 4. the nearest pharmacy (category by keyboard), from the map's centre
    await tabTo(page, 'a11y-category');
    for (let i = 0; i < 12 && (await page.locator('#a11y-category').inputValue()) !== 'pharmacy'; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#a11y-category').inputValue()).toBe('pharmacy');
    await page.waitForFunction(() => location.hash.includes('facilities.category:pharmacy'));
    await tabTo(page, 'a11y-from-centre');
    await page.keyboard.press('Enter');
    const first = page.locator('.a11y-nearest-results .list-entry').first();
    await first.waitFor();
    const hash = await page.evaluate(() => location.hash);
    const [lat, lon] = /map=[\d.]+\/([\d.]+)\/([\d.]+)/.exec(hash)!.slice(1).map(Number);
    const expected = (await (await fetch(`${server.url}/${SLUG}/api/accessibility/nearest?lon=${lon}&lat=${lat}&need=mobility&category=pharmacy&feature=step_free_entrance&limit=5`)).json()) as { items: { name: string; distance_m: number }[] };
    expect(await page.locator('.a11y-nearest-status').textContent()).toContain(`Найближчий: ${expected.items[0].name}`);
    expect(await first.textContent()).toContain(expected.items[0].name);
    expect(await first.textContent()).toMatch(/\d+ м · (Доступно|Частково доступно)/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.querySelector('#panel-title')?.textContent?.includes(name), expected.items[0].name);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('the nearest accessible facilities from an address typed the way a resident types it', async () => {
    const { page, problems } = await newPage(1280, 900);
    const { rows: [home] } = await server.db.query<{ street: string; house: string; lon: number; lat: number }>(
      `SELECT a.street_uk AS street, a.house_number AS house, ST_X(a.geom) AS lon, ST_Y(a.geom) AS lat
       FROM address_point a JOIN municipality m ON m.id = a.municipality_id
       WHERE m.slug = $1 AND a.street_uk LIKE 'вулиця %' AND a.house_number ~ '^[0-9]+$'
       ORDER BY a.geom <-> ST_SetSRID(ST_MakePoint($2, $3), 4326) LIMIT 1`, [SLUG, centre.lon, centre.lat]);
    await page.goto(`${server.url}/${SLUG}/#map=14/${centre.lat}/${centre.lon}&layers=facilities`);
    await page.locator('#a11y-panel').waitFor();
    // "вул." for "вулиця", as residents write it
    const box = page.locator('.a11y-nearest .address-input');
    await box.focus();
    await page.keyboard.type(`${home.street.replace(/^вулиця /, 'вул. ')} ${home.house}`);
    await page.locator('.a11y-nearest .address-suggestions [role=option]').first().waitFor();
    const asked = page.waitForRequest((r) => r.url().includes('/api/accessibility/nearest'));
    await page.keyboard.press('Enter');
    const url = new URL((await asked).url());
    expect(Number(url.searchParams.get('lon'))).toBeCloseTo(home.lon, 5);
    expect(Number(url.searchParams.get('lat'))).toBeCloseTo(home.lat, 5);
    const expected = (await (await fetch(url)).json()) as { items: { name: string }[] };
    const first = page.locator('.a11y-nearest-results .list-entry').first();
    await first.waitFor();
    expect(await first.textContent()).toContain(expected.items[0].name);
    expect(problems).toEqual([]);
  });

  test('a facility’s card names the building it is in, with its storeys', async () => {
    const { page, problems } = await newPage(1280, 900);
    const { rows: [f] } = await server.db.query<{ id: number; lon: number; lat: number; address: string; levels: number }>(
      `SELECT f.id, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, b.address, b.levels FROM facility f
       JOIN municipality m ON m.id = f.municipality_id JOIN pub_buildings b ON b.id = f.building_id
       WHERE m.slug = $1 AND b.address IS NOT NULL AND b.levels IS NOT NULL ORDER BY f.id LIMIT 1`, [SLUG]);
    await page.goto(`${server.url}/${SLUG}/#map=18/${f.lat}/${f.lon}&layers=facilities&feature=facilities/${f.id}`);
    const line = page.locator('#feature-panel .a11y-card .a11y-building');
    await line.waitFor();
    expect(await line.textContent()).toBe(`Будівля: ${f.address} · поверхів: ${f.levels}`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('on a 390 px phone the panel, the legend and a card fit the screen (screenshot in /tmp)', async () => {
    const { page, problems } = await newPage(390, 844);
    await page.goto(`${server.url}/${SLUG}/#map=16/${centre.lat}/${centre.lon}&layers=facilities&need=wheelchair`);
    await page.locator('#a11y-panel').waitFor();
    await page.locator('#list-entries .list-entry').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/a11y-390-map.png' });
    await page.locator('#a11y-panel').screenshot({ path: '/tmp/a11y-390-panel.png' });
    await page.locator('#list-entries .list-entry').first().click();
    await page.locator('#feature-panel .a11y-card').waitFor();
    await page.screenshot({ path: '/tmp/a11y-390-card.png' });
    expect(problems).toEqual([]);
  });

  test('a surveyor re-measures a ramp in the entrance form; "not checked" stays unknown, and the change is audited', async () => {
    const { page, problems } = await newPage(1280, 900);
    const { rows: [f] } = await server.db.query<{ id: number; lon: number; lat: number; entrance: number }>(
      `SELECT f.id, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat, e.id AS entrance FROM facility f
       JOIN municipality m ON m.id = f.municipality_id JOIN facility_entrance e ON e.facility_id = f.id AND e.is_main
       WHERE m.slug = $1 AND e.ramp AND e.ramp_slope_pct > 8 AND e.level = false AND e.door_width_cm >= 90 ORDER BY f.id LIMIT 1`, [SLUG]);
    await page.goto(`${server.url}/${SLUG}/#map=17/${f.lat}/${f.lon}&layers=facilities&feature=facilities/${f.id}`);
    await page.locator('#feature-panel .a11y-card').waitFor();
    await page.getByRole('button', { name: 'Увійти' }).click();
    const signInDialog = page.getByRole('dialog', { name: 'Вхід для працівників ради' });
    await signInDialog.getByLabel('Логін').fill('surveyor');
    await signInDialog.getByLabel('Пароль').fill(TEST_PASSWORD);
    await signInDialog.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('button', { name: 'Вийти' }).waitFor();
    await page.locator('#a11y-survey').click();
    const form = page.locator('.a11y-survey-form');
    await form.waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByLabel('Ухил пандуса, %').fill('6');
    await form.getByLabel('Домофон').selectOption('');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await page.locator('.a11y-survey-form .form-status', { hasText: 'Збережено' }).waitFor();
    const { rows: [e] } = await server.db.query<{ ramp_slope_pct: number; intercom: boolean | null; n: number }>(
      `SELECT ramp_slope_pct, intercom, (SELECT count(*)::integer FROM audit_log a WHERE a.entity = 'facility_entrance' AND a.entity_id = $1::text) AS n
       FROM facility_entrance WHERE id = $1::integer`, [f.entrance]);
    expect(e).toEqual({ ramp_slope_pct: 6, intercom: null, n: 1 });
    expect(problems).toEqual([]);
  });
});
