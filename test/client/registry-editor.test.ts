/**
 * The registry editor in a real browser against the real server (demo Slovyansk): an editor signs
 * in, adds a kiosk by a click on the map with a valid permit, and a resident in another browser
 * then sees it in the tile, coloured by its legality; a moderator gets no editor controls and the
 * server refuses them; two editors changing one object: the second is shown the first's change;
 * and axe-core finds no serious WCAG 2.1 A/AA problem with the form open.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { colorOf, type CatalogDocument, type CatalogCollection } from '../../client/src/catalog.js';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';
import { ROOT, TEST_PASSWORD } from '../support/template.js';

const SLUG = 'slovyansk';
const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

describeBrowser('The registry editor in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let maf: CatalogCollection;
  /** A point MAF of the demo, to edit. */
  let existing: { id: string; lon: number; lat: number };
  /** A spot inside the hromada to put new kiosks at. */
  let spot: { lon: number; lat: number };

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    const catalog = (await (await fetch(`${server.url}/${SLUG}/api/catalog`)).json()) as CatalogDocument;
    maf = catalog.collections.find((c) => c.id === 'maf')!;
    const { rows: [row] } = await server.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT v.id, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat FROM pub_maf v JOIN municipality m ON m.id = v.municipality_id
       WHERE m.slug = $1 AND GeometryType(v.geom) = 'POINT' ORDER BY v.id LIMIT 1`,
      [SLUG],
    );
    existing = { id: String(row.id), lon: row.lon, lat: row.lat };
    // The boundary's inner point farthest from other objects would be ideal; its point on surface will do.
    const { rows: [inside] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(boundary) AS p FROM municipality WHERE slug = $1) x`,
      [SLUG],
    );
    spot = inside;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: BrowserContextOptions = DESK) {
    const { context } = await isolatedContext(browser, options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
    });
    return { page, context, problems };
  }

  async function openMap(page: Page, hash: string) {
    await page.goto(`${server.url}/${SLUG}/${hash}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
  }

  async function signInThroughDialog(page: Page, login: string) {
    await page.getByRole('button', { name: 'Увійти' }).click();
    const dialog = page.getByRole('dialog', { name: 'Вхід для працівників ради' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-in-login');
    await dialog.getByLabel('Логін').fill(login);
    await dialog.getByLabel('Пароль').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('button', { name: 'Вийти' }).waitFor();
  }

  /** Opens the form of a new point object at the map's centre, by a click on the map. */
  async function startKioskAtCentre(page: Page) {
    await page.getByRole('button', { name: 'Додати об’єкт (точка)' }).click();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const form = page.getByRole('dialog', { name: 'Новий об’єкт реєстру' });
    await form.waitFor();
    return form;
  }

  test('an editor adds a kiosk by a click on the map; a resident then sees it in the tile, coloured as legal', async () => {
    const { page, problems } = await newPage();
    await openMap(page, `#map=18/${spot.lat}/${spot.lon}&layers=maf`);
    await signInThroughDialog(page, 'editor');
    const form = await startKioskAtCentre(page);

    // The form checks as the editor types: a wrong ЄДРПОУ and an end before the start are named at their fields.
    await form.getByLabel('Власник', { exact: true }).selectOption('new');
    await form.getByLabel('Код ЄДРПОУ').fill('14360571');
    expect(await form.getByLabel('Код ЄДРПОУ').getAttribute('aria-invalid')).toBe('true');
    expect(await page.textContent('#object-owner_edrpou-message')).toContain('Контрольна цифра');
    await form.getByLabel('Код ЄДРПОУ').fill('14360570');
    expect(await form.getByLabel('Код ЄДРПОУ').getAttribute('aria-invalid')).toBeNull();
    await form.getByRole('button', { name: 'Зберегти' }).click();
    expect(await form.getByLabel('Тип').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('object-type_code');

    const year = new Date().getFullYear();
    await form.getByLabel('Тип').selectOption('kiosk');
    await form.getByLabel('Адреса').fill('вул. Тестова, 1');
    await form.getByLabel('Плата за місяць, грн').fill('1200,50');
    await form.getByLabel('Вид власника').selectOption('sole_proprietor');
    await form.getByLabel('Назва власника').fill('ФОП Тестовий');
    expect(await form.getByLabel('Код ЄДРПОУ').isHidden()).toBe(true); // a ФОП has a personal number instead
    await form.getByLabel(/^РНОКПП/).fill('1234567890');
    await form.getByLabel('Номер дозволу').fill(`T-${Date.now()}`);
    await form.getByLabel('Чинний з').fill(`${year - 1}-01-01`);
    await form.getByLabel('Чинний до').fill(`${year + 2}-12-31`);
    await form.getByRole('button', { name: 'Зберегти' }).click();

    // Saved: the card of the new object opens and the URL names it.
    await page.waitForFunction(() => /feature=maf\/\d+/.test(decodeURIComponent(location.hash))
      || /Не збережено/.test(document.querySelector('.form-status')?.textContent ?? ''), null, { timeout: 15_000 });
    const refusal = await page.evaluate(() => [...document.querySelectorAll('.form-status, .field-message')].map((e) => e.textContent).filter(Boolean).join(' | '));
    expect(refusal).not.toMatch(/Не збережено/);
    const id = (await page.evaluate(() => /feature=maf\/(\d+)/.exec(decodeURIComponent(location.hash))?.[1]))!;
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    expect(await page.textContent('#feature-panel [data-property="legality"] dd')).toBe('Законно');
    expect(await page.evaluate(() => window.prozoreMap!.reloads('maf'))).toBeGreaterThan(0);
    // The editor's own map shows it without a reload (the tiles were fetched anew).
    await page.waitForFunction((wanted) => window.prozoreMap!.renderedFeatures('maf').some((f) => f.id === wanted), id, { timeout: 15_000 });

    const { rows: [stored] } = await server.db.query<{ lon: number; lat: number; legality: string }>(
      'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, legality FROM pub_maf WHERE id = $1', [Number(id)],
    );
    expect(stored.legality).toBe('legal');
    expect(stored.lon).toBeCloseTo(spot.lon, 4);
    expect(stored.lat).toBeCloseTo(spot.lat, 4);

    // A resident: another browser, not signed in, at that place.
    const resident = (await newPage()).page;
    await openMap(resident, `#map=18/${stored.lat}/${stored.lon}&layers=maf`);
    await resident.waitForFunction((wanted) => window.prozoreMap!.renderedFeatures('maf').some((f) => f.id === wanted), id, { timeout: 15_000 });
    const seen = await resident.evaluate((wanted) => window.prozoreMap!.renderedFeatures('maf').find((f) => f.id === wanted)!, id);
    expect(seen.properties.legality).toBe('legal');
    expect(seen.color).toBe(colorOf(maf, 'legal'));
    expect(await resident.locator('#editor-bar').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  test('a moderator sees no editor controls, and the server refuses their write', async () => {
    const { page } = await newPage();
    await openMap(page, `#map=18/${existing.lat}/${existing.lon}&layers=maf&feature=maf/${existing.id}`);
    await signInThroughDialog(page, 'moderator');
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    expect(await page.locator('#editor-bar').isHidden()).toBe(true);
    expect(await page.locator('#edit-object').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Додати об’єкт (точка)' }).count()).toBe(0);

    const moderator = await signIn(server, SLUG, 'moderator');
    const refused = await moderator.fetch(`/${SLUG}/api/registry/objects`, {
      method: 'POST',
      body: JSON.stringify({ type_code: 'kiosk', geometry: { type: 'Point', coordinates: [spot.lon, spot.lat] } }),
    });
    expect(refused.status).toBe(403);
  });

  test('two editors change one object: the second is shown who changed which field, and may load the current values', async () => {
    const hash = `#map=18/${existing.lat}/${existing.lon}&layers=maf&feature=maf/${existing.id}`;
    const first = (await newPage()).page;
    const second = (await newPage()).page;
    for (const page of [first, second]) {
      await openMap(page, hash);
      await signInThroughDialog(page, 'editor');
      await page.waitForSelector('#feature-panel[data-state="complete"]');
      await page.locator('#edit-object').click();
      await page.getByRole('dialog', { name: `Редагування об’єкта №${existing.id}` }).waitFor();
    }
    const stamp = Date.now();
    await first.locator('#object-address').fill(`вул. Перша, ${stamp}`);
    await first.getByRole('button', { name: 'Зберегти' }).click();
    await first.getByRole('dialog').waitFor({ state: 'hidden' });

    await second.locator('#object-address').fill('вул. Друга, 2');
    await second.getByRole('button', { name: 'Зберегти' }).click();
    const notice = second.locator('.conflict');
    await notice.waitFor();
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.textContent()).toContain('Цей запис уже змінив інший редактор');
    const { rows: [editor] } = await server.db.query<{ display_name: string }>(
      `SELECT u.display_name FROM app_user u JOIN municipality m ON m.id = u.municipality_id WHERE m.slug = $1 AND u.login = 'editor'`, [SLUG],
    );
    expect(await notice.locator('.conflict-who').first().textContent()).toContain(editor.display_name);
    expect(await notice.locator('li[data-field="address"] .change-to').textContent()).toBe(`вул. Перша, ${stamp}`);
    // Nothing was overwritten.
    const { rows: [row] } = await server.db.query<{ address: string }>('SELECT address FROM registry_object WHERE id = $1', [Number(existing.id)]);
    expect(row.address).toBe(`вул. Перша, ${stamp}`);
    // Loading the current values puts the first editor's address in the form.
    await second.getByRole('button', { name: 'Завантажити поточні значення' }).click();
    expect(await second.locator('#object-address').inputValue()).toBe(`вул. Перша, ${stamp}`);
    expect(await notice.isHidden()).toBe(true);
  });

  test('on a card an editor moves the object by dragging, adds a permit, a payment and a photo, dismantles it, and reads its history', async () => {
    const editor = await signIn(server, SLUG, 'editor');
    const at = { lon: spot.lon + 0.0005, lat: spot.lat + 0.0003 };
    const created = await editor.fetch(`/${SLUG}/api/registry/objects`, {
      method: 'POST',
      body: JSON.stringify({ type_code: 'kiosk', address: 'вул. Пересувна, 5', geometry: { type: 'Point', coordinates: [at.lon, at.lat] } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    const { page, problems } = await newPage();
    await openMap(page, `#map=18/${at.lat}/${at.lon}&layers=maf&feature=maf/${id}`);
    await signInThroughDialog(page, 'editor');
    await page.waitForSelector('#feature-panel[data-state="complete"]');

    // Move: drag the object 80 px to the left, then save the position.
    await page.locator('#move-object').click();
    await page.locator('#save-position').waitFor();
    const mine = (await page.evaluate(() => window.prozoreMap!.renderedFeatures('maf'))).find((f) => f.id === String(id))!;
    expect(mine).toBeDefined();
    await page.mouse.move(mine.clientX, mine.clientY);
    await page.mouse.down();
    await page.mouse.move(mine.clientX - 40, mine.clientY, { steps: 5 });
    await page.mouse.move(mine.clientX - 80, mine.clientY, { steps: 5 });
    await page.mouse.up();
    await page.locator('#save-position').click();
    await page.locator('#save-position').waitFor({ state: 'detached' });
    const { rows: [moved] } = await server.db.query<{ lon: number; lat: number }>('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM registry_object WHERE id = $1', [id]);
    expect(moved.lon).toBeLessThan(at.lon - 0.00005);
    expect(moved.lat).toBeCloseTo(at.lat, 5);

    // A permit, checked as typed (an end before the start is refused at its field), then saved.
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    await page.locator('#add-permit').click();
    const permit = page.getByRole('dialog', { name: 'Додати дозвіл' });
    await permit.getByLabel('Номер дозволу').fill(`P-${id}`);
    await permit.getByLabel('Чинний з').fill('2026-01-01');
    await permit.getByLabel('Чинний до').fill('2025-01-01');
    expect(await permit.getByLabel('Чинний до').getAttribute('aria-invalid')).toBe('true');
    await permit.getByLabel('Чинний до').fill('2099-12-31');
    await permit.getByRole('button', { name: 'Зберегти' }).click();
    await permit.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelector('#feature-panel [data-property="legality"] dd')?.textContent === 'Законно', null, { timeout: 15_000 });

    // A payment.
    await page.locator('#add-payment').click();
    const payment = page.getByRole('dialog', { name: 'Додати оплату' });
    await payment.getByLabel('Сума, грн').fill('1500,25');
    await payment.getByLabel('Документ').fill('п/д 17');
    await payment.getByRole('button', { name: 'Зберегти' }).click();
    await payment.waitFor({ state: 'hidden' });
    const { rows: [paid] } = await server.db.query<{ sum: string }>('SELECT sum(amount_uah)::text AS sum FROM payment WHERE object_id = $1', [id]);
    expect(Number(paid.sum)).toBeCloseTo(1500.25, 2);

    // A photo (a 1×1 PNG) with its caption.
    await page.locator('#add-photo').click();
    const photo = page.getByRole('dialog', { name: 'Додати фото' });
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await photo.locator('#photo-file').setInputFiles({ name: 'kiosk.png', mimeType: 'image/png', buffer: png });
    await photo.getByLabel('Підпис (що на фото)').fill('Кіоск з боку вулиці');
    await photo.getByRole('button', { name: 'Зберегти' }).click();
    await photo.waitFor({ state: 'hidden' });
    const { rows: [photos] } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registry_photo WHERE object_id = $1', [id]);
    expect(photos.n).toBe(1);

    // Dismantle, after a confirmation.
    await page.locator('#dismantle-object').click();
    const dismantle = page.getByRole('dialog', { name: `Демонтаж об’єкта №${id}` });
    expect(await dismantle.textContent()).toContain('Запис та його історія залишаться');
    await dismantle.getByRole('button', { name: 'Так, демонтувати' }).click();
    await dismantle.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.querySelector('#feature-panel [data-property="legality"] dd')?.textContent === 'Демонтовано', null, { timeout: 15_000 });

    // The history names every change, newest first.
    await page.locator('#object-history').click();
    const history = page.getByRole('dialog', { name: `Історія об’єкта №${id}` });
    await history.locator('.history li').first().waitFor();
    const text = await history.textContent();
    expect(text).toContain('Дата демонтажу');
    expect(text).toContain('Розташування');
    expect(await history.locator('.history > li').count()).toBeGreaterThanOrEqual(5);
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  });

  test('an editor draws a footprint, saves it as a polygon, then moves it east with the keyboard alone', async () => {
    const { page, problems } = await newPage();
    const at = { lon: spot.lon - 0.0008, lat: spot.lat - 0.0004 };
    await openMap(page, `#map=19/${at.lat}/${at.lon}&layers=maf`);
    await signInThroughDialog(page, 'editor');
    await page.getByRole('button', { name: 'Накреслити контур' }).click();
    const box = (await page.locator('#map').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // Four corners, then a click on the first one closes the ring (OpenLayers' Draw finishes there).
    for (const [dx, dy] of [[-40, -30], [40, -30], [40, 30], [-40, 30], [-40, -30]]) await page.mouse.click(cx + dx, cy + dy, { delay: 20 });
    const form = page.getByRole('dialog', { name: 'Новий об’єкт реєстру' });
    await form.waitFor();
    expect(await form.locator('.form-geometry').textContent()).toBe('Розташування: контур з 4 вершин');
    await form.getByLabel('Тип').selectOption('kiosk');
    await form.getByLabel('Адреса').fill('вул. Контурна, 9');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    const saved = await page.waitForFunction(() => /feature=maf\/(\d+)/.exec(decodeURIComponent(location.hash))?.[1], null, { timeout: 15_000 });
    const id = Number(await saved.jsonValue());
    const centroid = async () => (await server.db.query<{ type: string; lon: number; lat: number }>(
      'SELECT GeometryType(geom) AS type, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM registry_object WHERE id = $1', [id],
    )).rows[0];
    const drawn = await centroid();
    expect(drawn.type).toBe('POLYGON');
    expect(drawn.lon).toBeCloseTo(at.lon, 4);

    // Moving without a mouse: focus the move button, four steps east, save.
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    await page.locator('#move-object').focus();
    await page.keyboard.press('Enter');
    await page.locator('#nudge-east').waitFor();
    await page.locator('#nudge-east').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    await page.locator('#save-position').focus();
    await page.keyboard.press('Enter');
    await page.locator('#save-position').waitFor({ state: 'detached' });
    const moved = await centroid();
    expect(moved.lon).toBeGreaterThan(drawn.lon + 0.00001);
    expect(moved.lat).toBeCloseTo(drawn.lat, 6);
    expect(problems).toEqual([]);
  });

  test('a refusal only the server can judge is shown at its field; signing out removes the editor controls', async () => {
    const editor = await signIn(server, SLUG, 'editor');
    const taken = `EXT-${Date.now()}`;
    const created = await editor.fetch(`/${SLUG}/api/registry/objects`, {
      method: 'POST',
      body: JSON.stringify({ type_code: 'kiosk', external_id: taken, geometry: { type: 'Point', coordinates: [spot.lon + 0.001, spot.lat] } }),
    });
    expect(created.status).toBe(201);

    const { page } = await newPage();
    await openMap(page, `#map=18/${spot.lat}/${spot.lon}&layers=maf`);
    await signInThroughDialog(page, 'editor');
    const form = await startKioskAtCentre(page);
    await form.getByLabel('Тип').selectOption('kiosk');
    await form.getByLabel('Адреса').fill('вул. Дубльована, 1');
    await form.getByLabel('Обліковий номер відділу').fill(taken);
    await form.getByRole('button', { name: 'Зберегти' }).click();
    const field = form.getByLabel('Обліковий номер відділу');
    await page.waitForFunction(() => document.getElementById('object-external_id')?.getAttribute('aria-invalid') === 'true');
    expect(await page.textContent('#object-external_id-message')).toContain('уже має об’єкт');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('object-external_id');
    // Typing a new value clears the server's word on the old one.
    await field.fill(`${taken}-2`);
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
    await page.locator('#add-point').waitFor(); // the editor is back to its idle bar

    await page.getByRole('button', { name: 'Вийти' }).click();
    await page.getByRole('button', { name: 'Увійти' }).waitFor();
    expect(await page.locator('#editor-bar').isHidden()).toBe(true);
  });

  test('with the browser’s HTTP cache at work, an object the editor dismantles shows as dismantled on their map at once', async () => {
    const editor = await signIn(server, SLUG, 'editor');
    const at = { lon: spot.lon - 0.0006, lat: spot.lat + 0.0005 };
    const created = await editor.fetch(`/${SLUG}/api/registry/objects`, {
      method: 'POST',
      body: JSON.stringify({ type_code: 'kiosk', address: 'вул. Кешована, 3', geometry: { type: 'Point', coordinates: [at.lon, at.lat] } }),
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as { id: number }).id);

    // Request interception turns the browser's cache off (isolatedContext routes every request), so
    // this context routes nothing and watches instead that no request leaves the machine.
    const context = await browser.newContext({ ...DESK, locale: 'uk-UA', timezoneId: 'Europe/Kyiv' });
    const page = await context.newPage();
    const away: string[] = [];
    page.on('request', (request) => {
      if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(request.url())) away.push(request.url());
    });
    const legalityOnMap = () => page.evaluate((wanted) => window.prozoreMap!.renderedFeatures('maf').find((f) => f.id === wanted)?.properties.legality, id);
    await openMap(page, `#map=18/${at.lat}/${at.lon}&layers=maf&feature=maf/${id}`);
    await page.waitForFunction((wanted) => window.prozoreMap!.renderedFeatures('maf').some((f) => f.id === wanted), id, { timeout: 15_000 });
    expect(await legalityOnMap()).toBe('no_permit'); // this tile is now in the browser's cache, fresh for its max-age

    await signInThroughDialog(page, 'editor');
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    await page.locator('#dismantle-object').click();
    const dismantle = page.getByRole('dialog', { name: `Демонтаж об’єкта №${id}` });
    await dismantle.getByRole('button', { name: 'Так, демонтувати' }).click();
    await dismantle.waitFor({ state: 'hidden' });
    await page.waitForFunction((wanted) => window.prozoreMap!.renderedFeatures('maf').find((f) => f.id === wanted)?.properties.legality === 'dismantled', id, { timeout: 15_000 });
    expect(away).toEqual([]);
    await context.close();
  });

  test('axe-core finds no serious or critical WCAG 2.1 A/AA violation with the editor form open', async () => {
    const { page } = await newPage({ ...DESK, bypassCSP: true });
    await openMap(page, `#map=18/${spot.lat}/${spot.lon}&layers=maf`);
    await signInThroughDialog(page, 'editor');
    const form = await startKioskAtCentre(page);
    await form.getByRole('button', { name: 'Зберегти' }).click(); // show the field messages too
    const violations = await seriousAxeViolations(page);
    expect(violations).toEqual([]);
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
  });
});
