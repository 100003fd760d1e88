/**
 * "Your deputy" in a real browser on a phone-sized screen: a resident types an address the way
 * residents do (abbreviated), picks it with the keyboard, and sees their district and its deputy;
 * the deputy's page shows attendance and votes, searchable; a district's card on the map shows
 * its deputies and what they have answered; a signed-in deputy sees their own district instead of
 * the finder; an admin ties a new account to a deputy found by typing part of their name, and that
 * account signs in to its district. axe-core finds nothing serious along the way.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { districtAt } from '../../server/districts/core/district-at.js';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { signIn, startTestServer, type TestServer } from '../support/server.js';
import { TEST_PASSWORD } from '../support/template.js';

const SLUG = 'slovyansk';
const PHONE = { width: 390, height: 844 };

describeBrowser('Your deputy in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let municipalityId: number;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    municipalityId = (await server.db.query<{ id: number }>('SELECT id FROM municipality WHERE slug = $1', [SLUG])).rows[0].id;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<{ page: Page; problems: string[] }> {
    const { context } = await isolatedContext(browser, { viewport: PHONE, bypassCSP: true, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { page, problems };
  }

  test('a resident types an address and sees the district and its deputy, then the deputy’s votes', async () => {
    const { rows } = await server.db.query<{ street_uk: string; house_number: string; lon: number; lat: number }>(
      `SELECT street_uk, house_number, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM address_point
       WHERE municipality_id = $1 AND street_uk LIKE 'вулиця %' AND house_number ~ '^[0-9]+$' ORDER BY id LIMIT 1 OFFSET 200`, [municipalityId]);
    const a = rows[0];
    const district = (await districtAt(server.db, municipalityId, a.lon, a.lat))!;
    const { rows: deputies } = await server.db.query<{ full_name: string }>('SELECT full_name FROM deputy WHERE district_id = $1 ORDER BY full_name', [district.id]);

    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/`);
    const box = page.getByRole('combobox', { name: 'Ваша адреса' });
    await box.waitFor();
    await box.click();
    await box.pressSequentially(`${a.street_uk.replace('вулиця ', 'вул. ')} ${a.house_number}`, { delay: 20 });
    const first = page.getByRole('option').first();
    await first.waitFor();
    expect(await first.textContent()).toBe(`${a.street_uk}, ${a.house_number}`);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    await box.press('Enter');

    const answer = page.locator('#deputy-answer');
    await answer.getByRole('heading', { name: `${a.street_uk}, ${a.house_number}: виборчий округ № ${district.number}` }).waitFor();
    for (const d of deputies) expect(await answer.textContent()).toContain(d.full_name);
    expect(await answer.textContent()).toContain('Прийом громадян');
    await page.screenshot({ path: '/tmp/deputies-390.png', fullPage: false });
    await page.locator('.deputy-finder').screenshot({ path: '/tmp/deputies-390-answer.png' });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await answer.getByRole('button', { name: `${deputies[0].full_name}: сторінка депутата` }).click();
    const dialog = page.getByRole('dialog', { name: deputies[0].full_name });
    await dialog.waitFor();
    await dialog.locator('tbody tr').first().waitFor();
    expect(await dialog.textContent()).toMatch(/Зареєструвався\(-лася\) на \d+ з \d+ сесій/);
    await dialog.getByLabel('Пошук за назвою питання').fill('бюджет');
    await dialog.getByRole('button', { name: 'Шукати' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.deputy-dialog tbody tr td:nth-child(3)')].every((td) => /бюджет/i.test(td.textContent ?? '')));
    await page.screenshot({ path: '/tmp/deputies-390-dialog.png' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
  }, 120_000);

  test('"write to the deputy" on a deputy’s page sends a comment on their district, inside its boundary, awaiting moderation', async () => {
    const { rows: [d] } = await server.db.query<{ id: number; full_name: string; district_id: number; number: number; lon: number; lat: number }>(
      `SELECT dp.id, dp.full_name, dp.district_id, ed.number, ST_X(ST_PointOnSurface(ed.geom)) AS lon, ST_Y(ST_PointOnSurface(ed.geom)) AS lat
       FROM deputy dp JOIN electoral_district ed ON ed.id = dp.district_id JOIN election e ON e.id = ed.election_id AND e.is_current
       WHERE dp.municipality_id = $1 ORDER BY ed.number, dp.full_name LIMIT 1`, [municipalityId]);
    // the form's minimum fill time is a robot check, not what this test is about
    await server.db.query('UPDATE comment_settings SET min_fill_seconds = 0 WHERE municipality_id = $1', [municipalityId]);
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/#map=14/${d.lat}/${d.lon}&layers=districts&feature=districts/${d.district_id}`);
    const card = page.locator('#feature-panel .deputy-card-section');
    await card.waitFor();
    await card.getByRole('button', { name: `${d.full_name}: сторінка депутата` }).click();
    const dialog = page.getByRole('dialog', { name: d.full_name });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Написати депутату' }).click();
    const form = page.locator('dialog.comment-dialog[open]');
    await form.getByText(`Звернення до депутата: ${d.full_name}`).waitFor();
    const text = `Прошу відремонтувати лавки у сквері ${Date.now()}`;
    await form.locator('textarea[name=body]').fill(text);
    await form.getByRole('button', { name: 'Надіслати' }).click();
    await form.locator('.comment-follow-link').waitFor();
    const { rows: [c] } = await server.db.query<{ status: string; target_collection: string; target_id: number; inside: boolean }>(
      `SELECT c.status, c.target_collection, c.target_id, ST_Covers(ed.geom, c.geom) AS inside
       FROM comment c JOIN electoral_district ed ON ed.id = $2 WHERE c.municipality_id = $1 AND c.body = $3`, [municipalityId, d.district_id, text]);
    expect(c).toEqual({ status: 'new', target_collection: 'districts', target_id: d.district_id, inside: true });
    expect(problems).toEqual([]);
  }, 120_000);

  test('a district’s card on the map lists its deputies', async () => {
    const { rows } = await server.db.query<{ id: number; number: number; full_name: string; lon: number; lat: number }>(
      `SELECT d.id, d.number, p.full_name, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat
       FROM pub_districts d JOIN deputy p ON p.district_id = d.id WHERE d.municipality_id = $1 ORDER BY d.number LIMIT 1 OFFSET 3`, [municipalityId]);
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/#map=14/${rows[0].lat}/${rows[0].lon}&layers=districts&feature=districts/${rows[0].id}`);
    const section = page.locator('#feature-panel .deputy-card-section');
    await section.waitFor();
    expect(await section.textContent()).toContain(rows[0].full_name);
    expect(problems).toEqual([]);
  }, 60_000);

  test('a signed-in deputy sees their own district instead of the finder', async () => {
    const { page, problems } = await newPage();
    const login = await page.context().request.post(`${server.url}/${SLUG}/api/auth/login`, { data: { login: 'deputy', password: TEST_PASSWORD } });
    expect(login.status()).toBe(200);
    const { rows } = await server.db.query<{ number: number }>(
      `SELECT d.number FROM app_user u JOIN deputy p ON p.id = u.deputy_id JOIN electoral_district d ON d.id = p.district_id
       WHERE u.login = 'deputy' AND u.municipality_id = $1`, [municipalityId]);
    await page.goto(`${server.url}/${SLUG}/`);
    await page.getByRole('heading', { name: `Мій округ № ${rows[0].number}` }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Ваша адреса' }).isVisible()).toBe(false);
    await page.locator('#deputy-answer .district-figures').waitFor();
    await page.screenshot({ path: '/tmp/deputies-390-mine.png' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
  test('a deputy’s page lists what they answered, and a link opens the comment on the map', async () => {
    const { rows: [d] } = await server.db.query<{ deputy_id: number; full_name: string; district_id: number; lon: number; lat: number }>(
      `SELECT p.id AS deputy_id, p.full_name, d.id AS district_id, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat
       FROM app_user u JOIN deputy p ON p.id = u.deputy_id JOIN electoral_district d ON d.id = p.district_id
       WHERE u.login = 'deputy' AND u.municipality_id = $1`, [municipalityId]);
    await server.db.query('UPDATE comment_settings SET min_fill_seconds = 0 WHERE municipality_id = $1', [municipalityId]);
    const { ticket } = (await (await fetch(`${server.url}/${SLUG}/api/comments/form`)).json()) as { ticket: string };
    const body = `Не працює ліхтар біля школи ${Date.now()}`;
    const posted = await fetch(`${server.url}/${SLUG}/api/comments`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket, category: 'damage', body, lon: d.lon, lat: d.lat, email: 'secret.voter@example.org' }),
    });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: number };
    const moderator = await signIn(server, SLUG, 'moderator');
    expect((await moderator.fetch(`/${SLUG}/api/comments/${id}/steps/publish`, { method: 'POST', body: '{}' })).status).toBe(200);
    const deputy = await signIn(server, SLUG, 'deputy');
    const answer = 'Ліхтар замінили, дякую за звернення.';
    expect((await deputy.fetch(`/${SLUG}/api/comments/${id}/steps/resolve`, { method: 'POST', body: JSON.stringify({ answer }) })).status).toBe(200);

    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/#map=14/${d.lat}/${d.lon}&layers=districts&feature=districts/${d.district_id}`);
    const card = page.locator('#feature-panel .deputy-card-section');
    await card.waitFor();
    await card.getByRole('button', { name: `${d.full_name}: сторінка депутата` }).click();
    const dialog = page.getByRole('dialog', { name: d.full_name });
    await dialog.getByRole('heading', { name: 'Відповіді на звернення мешканців' }).waitFor();
    const item = dialog.locator(`.deputy-answer-item[data-comment="${id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(body);
    expect(await item.textContent()).toContain(answer);
    expect(await item.textContent()).toContain('Вирішено');
    expect(await dialog.textContent()).not.toContain('secret.voter@example.org');
    await item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/deputies-390-answers.png' });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await item.getByRole('link', { name: `Звернення №${id} на карті` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction((text) => document.querySelector('#feature-panel')?.textContent?.includes(text), body);
    expect(problems).toEqual([]);
  }, 120_000);

  test('an admin ties a new account to a deputy by typing part of the name; that account signs in to its district', async () => {
    const { rows: [d] } = await server.db.query<{ full_name: string; number: number }>(
      `SELECT p.full_name, d.number FROM deputy p JOIN electoral_district d ON d.id = p.district_id JOIN election e ON e.id = p.election_id AND e.is_current
       WHERE p.municipality_id = $1 AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.deputy_id = p.id) ORDER BY d.number DESC, p.full_name LIMIT 1`, [municipalityId]);
    const { page, problems } = await newPage();
    const login = await page.context().request.post(`${server.url}/${SLUG}/api/auth/login`, { data: { login: 'admin', password: TEST_PASSWORD } });
    expect(login.status()).toBe(200);
    await page.goto(`${server.url}/${SLUG}/`);
    await page.getByRole('button', { name: 'Облікові записи' }).click();
    const dialog = page.getByRole('dialog', { name: 'Облікові записи' });
    await dialog.locator('.account[data-login="deputy"]').waitFor();
    await dialog.getByLabel('Логін').fill('deputy.new');
    await dialog.getByLabel('Ім’я та прізвище').fill(d.full_name);
    const search = dialog.getByLabel('Пошук депутата за ім’ям');
    await search.click();
    // a part of the surname, in lower case, as an admin types it
    await search.pressSequentially(d.full_name.split(' ')[0].slice(0, 5).toLowerCase(), { delay: 30 });
    const choice = dialog.getByRole('radio', { name: `${d.full_name} — округ № ${d.number}` });
    await choice.waitFor();
    await choice.focus();
    await page.keyboard.press('Space');
    expect(await choice.isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Створити' }).click();
    const code = dialog.locator('.one-time-password code');
    await code.waitFor();
    const password = (await code.textContent())!;
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const created = dialog.locator('.account[data-login="deputy.new"]');
    await created.waitFor();
    expect(await created.textContent()).toContain(`Депутат: ${d.full_name} — округ № ${d.number}`);
    await page.screenshot({ path: '/tmp/deputies-390-accounts.png' });
    expect(await seriousAxeViolations(page)).toEqual([]);

    const next = await newPage();
    await next.page.goto(`${server.url}/${SLUG}/`);
    await next.page.getByRole('button', { name: 'Увійти' }).click();
    const signInDialog = next.page.getByRole('dialog', { name: 'Вхід для працівників ради' });
    await signInDialog.getByLabel('Логін', { exact: true }).fill('deputy.new');
    await signInDialog.getByLabel('Пароль', { exact: true }).fill(password);
    await signInDialog.getByRole('button', { name: 'Увійти' }).click();
    // the one-time password leads on to its change in the same dialog; nothing else is allowed yet
    const change = next.page.getByRole('dialog', { name: 'Змініть одноразовий пароль' });
    await change.waitFor();
    expect(await next.page.evaluate(async (slug) => (await fetch(`/${slug}/api/districts/mine`)).status, SLUG)).toBe(403);
    expect(await seriousAxeViolations(next.page)).toEqual([]);
    await next.page.keyboard.type(password); // the focus is on the current password
    await change.getByLabel('Новий пароль (щонайменше 10 символів)', { exact: true }).fill('мій власний пароль 7');
    await change.getByLabel('Новий пароль ще раз', { exact: true }).fill('мій власний пароль 8');
    await change.getByRole('button', { name: 'Змінити пароль' }).click();
    expect(await change.getByRole('alert').textContent()).toBe('Паролі не збігаються');
    await change.getByLabel('Новий пароль ще раз', { exact: true }).fill('мій власний пароль 7');
    await change.getByRole('button', { name: 'Змінити пароль' }).click();
    await change.waitFor({ state: 'hidden' });
    await next.page.getByRole('heading', { name: `Мій округ № ${d.number}` }).waitFor();
    const mine = await next.page.evaluate(async (slug) => (await fetch(`/${slug}/api/districts/mine`)).json(), SLUG) as { district: { number: number } };
    expect(mine.district.number).toBe(d.number);
    expect(await next.page.getByRole('button', { name: 'Облікові записи' }).isVisible()).toBe(false);
    expect([...problems, ...next.problems]).toEqual([]);
  }, 120_000);
});
