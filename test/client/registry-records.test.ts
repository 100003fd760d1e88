/**
 * Editing what exists, in a real browser against the real server: on an object's card an editor
 * edits its permit (number, status, dates), its owner's details, corrects a payment by a reversal
 * with a reason, reshapes its footprint by dragging one vertex, and reads a history a person can
 * read — in Ukrainian and in English. axe-core stays clean with each dialog open.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';

const SLUG = 'slovyansk';
const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const D = 0.0001;

describeBrowser('Editing permits, owners, payments and footprints in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let editor: Session;
  let at: { lon: number; lat: number };

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    editor = await signIn(server, SLUG, 'editor');
    const { rows: [inside] } = await server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(boundary) AS p FROM municipality WHERE slug = $1) x`,
      [SLUG],
    );
    at = { lon: inside.lon + 0.0011, lat: inside.lat - 0.0007 };
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function post(path: string, body: unknown) {
    const res = await editor.fetch(`/${SLUG}/api/registry${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return res.json() as Promise<any>;
  }

  /**
   * With `axe`, the page's CSP is bypassed so that axe-core can be injected. With `httpCache`, a
   * plain context: Playwright's request routing (isolatedContext) turns Chromium's HTTP cache
   * off, and the freshness check needs it on (the test server's pages ask for nothing but
   * localhost: no basemap).
   */
  async function openAsEditor(hash: string, axe = false, httpCache = false): Promise<{ page: Page; problems: string[] }> {
    const options = { ...DESK, bypassCSP: axe };
    const context = httpCache ? await browser.newContext({ locale: 'uk-UA', timezoneId: 'Europe/Kyiv', ...options }) : (await isolatedContext(browser, options)).context;
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.url}/${SLUG}/${hash}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Увійти' }).click();
    const dialog = page.getByRole('dialog', { name: 'Вхід для працівників ради' });
    await dialog.getByLabel('Логін').fill('editor');
    await dialog.getByLabel('Пароль').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('button', { name: 'Вийти' }).waitFor();
    await page.waitForSelector('#feature-panel[data-state="complete"]');
    return { page, problems };
  }

  test('an editor edits a permit, the owner and corrects a payment; the history reads as sentences in uk and en', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const owner = await post('/owners', { kind: 'legal_entity', name: `ТОВ «Кава-${stamp}»`, edrpou: '14360570' });
    const object = await post('/objects', { type_code: 'kiosk', owner_id: owner.id, address: `вулиця Редагована, ${stamp}`, geometry: { type: 'Point', coordinates: [at.lon, at.lat] } });
    const permit = (await post(`/objects/${object.id}/permits`, { kind: 'passport', number: `ПП-${stamp}`, issued_on: '2024-02-01', valid_from: '2024-02-01', valid_until: '2029-02-01' })).permit;
    const payment = (await post(`/objects/${object.id}/payments`, { amount_uah: 1500, paid_on: '2025-03-10', document: 'п/д 4' })).payment;

    const { page, problems } = await openAsEditor(`#map=19/${at.lat}/${at.lon}&layers=maf&feature=maf/${object.id}`, true, true);

    // The permit: its list, then its form, prefilled; the number, the status and the end change.
    await page.locator('#edit-permits').click();
    const list = page.getByRole('dialog', { name: `Дозволи об’єкта №${object.id}` });
    await list.getByRole('button', { name: `Редагувати дозвіл № ПП-${stamp}` }).click();
    const form = page.getByRole('dialog', { name: `Дозвіл № ПП-${stamp}` });
    expect(await form.getByLabel('Чинний до').inputValue()).toBe('2029-02-01');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByLabel('Номер дозволу').fill(`ПП-${stamp}-1`);
    await form.getByLabel('Статус').selectOption('annulled');
    await form.getByRole('button', { name: 'Зберегти' }).click();
    await form.waitFor({ state: 'hidden' });
    const { rows: [p] } = await server.db.query<{ number: string; status: string; row_version: number }>('SELECT number, status, row_version FROM permit WHERE id = $1', [permit.id]);
    expect(p).toEqual({ number: `ПП-${stamp}-1`, status: 'annulled', row_version: 2 });
    await page.waitForFunction(() => document.querySelector('#feature-panel [data-property="legality"] dd')?.textContent === 'Без дозволу', null, { timeout: 15_000 });

    // The owner's details.
    await page.locator('#edit-owner').click();
    const ownerForm = page.getByRole('dialog', { name: `Власник: ТОВ «Кава-${stamp}»` });
    expect(await ownerForm.getByLabel('Код ЄДРПОУ').inputValue()).toBe('14360570');
    await ownerForm.getByLabel('Назва власника').fill(`ТОВ «Кава-${stamp} Плюс»`);
    await ownerForm.getByLabel('Публічний контакт').fill('(06262) 3-45-67');
    await ownerForm.getByRole('button', { name: 'Зберегти' }).click();
    await ownerForm.waitFor({ state: 'hidden' });
    const { rows: [w] } = await server.db.query<{ name: string; public_contact: string }>('SELECT name, public_contact FROM owner WHERE id = $1', [owner.id]);
    expect(w).toEqual({ name: `ТОВ «Кава-${stamp} Плюс»`, public_contact: '(06262) 3-45-67' });
    // Fresh after an edit: the card shows the new name at once, not a copy the browser kept for a minute.
    await page.waitForFunction((name) => document.querySelector('#feature-panel [data-property="owner_name"] dd')?.textContent === name,
      `ТОВ «Кава-${stamp} Плюс»`, { timeout: 10_000 });
    expect(await page.locator('#feature-panel').textContent()).not.toContain(`ТОВ «Кава-${stamp}»`);

    // The payment: corrected to 1 200 with a reason; the original stays, a reversal and a new entry are added.
    await page.locator('#edit-payments').click();
    const payments = page.getByRole('dialog', { name: `Оплати об’єкта №${object.id}` });
    await payments.getByRole('button', { name: /^Виправити оплату від 10\.03\.2025/ }).click();
    const correction = page.getByRole('dialog', { name: 'Виправлення оплати від 10.03.2025' });
    expect(await correction.textContent()).toContain('не буде змінено чи видалено');
    await correction.getByRole('button', { name: 'Зберегти' }).click();
    expect(await correction.getByLabel(/^Правильна сума/).getAttribute('aria-invalid')).toBe('true');
    await correction.getByLabel(/^Правильна сума/).fill('1200');
    await correction.getByLabel('Причина виправлення').fill('помилка в сумі');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await correction.getByRole('button', { name: 'Зберегти' }).click();
    await correction.waitFor({ state: 'hidden' });
    const { rows } = await server.db.query<{ amount_uah: number; corrects_payment_id: number | null; correction_reason: string | null }>(
      'SELECT amount_uah, corrects_payment_id, correction_reason FROM payment WHERE object_id = $1 ORDER BY id', [object.id],
    );
    expect(rows).toEqual([
      { amount_uah: 1500, corrects_payment_id: null, correction_reason: null },
      { amount_uah: -1500, corrects_payment_id: payment.id, correction_reason: 'помилка в сумі' },
      { amount_uah: 1200, corrects_payment_id: payment.id, correction_reason: 'помилка в сумі' },
    ]);
    await page.locator('#edit-payments').click();
    await payments.locator('[data-payment]').nth(2).waitFor();
    expect(await payments.getByRole('button', { name: /^Виправити оплату/ }).count()).toBe(1); // only the new entry
    expect(await payments.textContent()).toContain('сторновано');
    await page.keyboard.press('Escape');

    // The history: actions in words, labels, names, dd.mm.yyyy — no column names, ids or ISO dates.
    await page.locator('#object-history').click();
    const history = page.getByRole('dialog', { name: `Історія об’єкта №${object.id}` });
    await history.locator('.history li').first().waitFor();
    const uk = (await history.textContent())!;
    for (const words of ['Сторно оплати', 'Виправлена оплата', 'Дозвіл змінено', 'Дозвіл додано', 'Об’єкт додано', 'Статус: Чинний → Анульований',
      'Чинний до: 01.02.2029', `Власник: ТОВ «Кава-${stamp} Плюс»`, 'Причина виправлення: помилка в сумі', 'Дата оплати: 10.03.2025', 'Сума, грн: −1 500,00 грн']) {
      expect(uk.replace(/\u00a0/g, ' ').replace('-1 500', '−1 500')).toContain(words);
    }
    for (const raw of ['object_id', 'valid_until', 'payment · create', '2029-02-01', 'annulled']) expect(uk).not.toContain(raw);
    const lines = await history.locator('.history > li').first().locator('.changes > li').allTextContents();
    expect(lines.length).toBeGreaterThan(1); // one line per change
    await page.keyboard.press('Escape');
    await page.locator('button.lang-button[lang="en"]').click();
    await page.locator('#object-history').click();
    const en = page.getByRole('dialog', { name: `History of object ${object.id}` });
    await en.locator('.history li').first().waitFor();
    const enText = (await en.textContent())!;
    for (const words of ['Payment reversed', 'Permit changed', 'Status: In force → Annulled', 'Valid until: 01.02.2029', 'Reason for the correction']) {
      expect(enText).toContain(words);
    }
    expect(problems).toEqual([]);
  });

  test('an editor reshapes a footprint by dragging one vertex; the other vertices stay', async () => {
    const c = { lon: at.lon - 0.0012, lat: at.lat + 0.0009 };
    const ring = [[c.lon - D, c.lat - D], [c.lon + D, c.lat - D], [c.lon + D, c.lat + D], [c.lon - D, c.lat + D], [c.lon - D, c.lat - D]];
    const object = await post('/objects', { type_code: 'summer_terrace', address: 'вулиця Контурна, 1', geometry: { type: 'Polygon', coordinates: [ring] } });
    // The map centred on the north-east vertex: it is at the middle of the map.
    const { page, problems } = await openAsEditor(`#map=20/${c.lat + D}/${c.lon + D}&layers=maf&feature=maf/${object.id}`);
    await page.locator('#move-object').click();
    await page.locator('#save-position').waitFor();
    expect(await page.locator('#editor-hint').textContent()).toContain('вершину');
    const box = (await page.locator('#map').boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 20, y, { steps: 4 });
    await page.mouse.move(x + 40, y, { steps: 4 });
    await page.mouse.up();
    await page.locator('#save-position').click();
    await page.locator('#save-position').waitFor({ state: 'detached' });
    const { rows: [g] } = await server.db.query<{ geometry: { type: string; coordinates: number[][][] } }>(
      'SELECT ST_AsGeoJSON(geom)::json AS geometry FROM registry_object WHERE id = $1', [object.id],
    );
    expect(g.geometry.type).toBe('Polygon');
    const moved = g.geometry.coordinates[0];
    expect(moved).toHaveLength(5);
    // the north-east vertex went east, its latitude kept; the south-west one did not move
    const ne = moved.find((p) => Math.abs(p[1] - (c.lat + D)) < 1e-6 && p[0] > c.lon + D + 1e-5);
    expect(ne).toBeDefined();
    expect(moved.some((p) => Math.abs(p[0] - (c.lon - D)) < 1e-7 && Math.abs(p[1] - (c.lat - D)) < 1e-7)).toBe(true);
    expect(moved.some((p) => Math.abs(p[0] - (c.lon + D)) < 1e-7 && Math.abs(p[1] - (c.lat + D)) < 1e-7)).toBe(false);
    expect(problems).toEqual([]);
  });
});
