/**
 * The moderator's redact, merge and route, the admin's topics and the public figures, in a real
 * browser against the real server (demo Slovyansk), each checked where the public (or the deputy)
 * sees the result: the redacted text is what the comment's card and API show (the original only on
 * the admins' page); a merged comment is gone from the public lists and its supporters count on the
 * comment it duplicated; a comment routed to a deputy of another district is in that deputy's queue.
 * The forms are used by keyboard and checked with axe-core at a phone's width.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, launchBrowser, seriousAxeViolations, watchedPage } from '../support/browser.js';
import { signIn } from '../support/server.js';
import { ROOT, TEST_PASSWORD } from '../support/template.js';
import { resident, startCommentsServer, type CommentsServer } from './support.js';

const SLUG = 'slovyansk';

describeBrowser('Moderation, topics and figures in a browser', () => {
  let server: CommentsServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startCommentsServer('embedded');
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const newPage = (width = 390) => watchedPage(browser, width);

  async function signedIn(login: string, width = 390) {
    const p = await newPage(width);
    await p.page.goto(`${server.url}/${SLUG}/`);
    await p.page.getByRole('button', { name: 'Увійти' }).click();
    const dialog = p.page.getByRole('dialog', { name: 'Вхід для працівників ради' });
    await dialog.getByLabel('Логін').fill(login);
    await dialog.getByLabel('Пароль').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Увійти' }).click();
    await p.page.getByRole('button', { name: 'Вийти' }).waitFor();
    return p;
  }

  async function queueEntry(page: Page, id: number, status: string) {
    const queue = page.getByRole('dialog', { name: 'Звернення: черга' });
    if (!(await queue.isVisible())) await page.locator('#comment-queue').click();
    await queue.waitFor();
    await queue.locator('#queue-status').selectOption(status);
    const entry = queue.locator(`li.comment-queue-entry[data-comment="${id}"]`);
    await entry.waitFor();
    return { queue, entry };
  }

  /** Districts of the current election: the deputy account's, and another with a deputy of its own. */
  async function districts() {
    const { rows } = await server.db.query<{ id: number; number: number; lon: number; lat: number; mine: boolean; deputy_id: number | null; deputy_name: string | null }>(
      `SELECT d.id, d.number, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat,
              d.id = (SELECT p.district_id FROM app_user u JOIN deputy p ON p.id = u.deputy_id WHERE u.login = 'deputy' AND u.municipality_id = d.municipality_id) AS mine,
              (SELECT p.id FROM app_user u JOIN deputy p ON p.id = u.deputy_id WHERE u.login = 'deputy' AND u.municipality_id = d.municipality_id) AS deputy_id,
              (SELECT p.full_name FROM app_user u JOIN deputy p ON p.id = u.deputy_id WHERE u.login = 'deputy' AND u.municipality_id = d.municipality_id) AS deputy_name
       FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current JOIN municipality m ON m.id = d.municipality_id
       WHERE m.slug = $1 ORDER BY d.number`, [SLUG]);
    return { mine: rows.find((r) => r.mine)!, other: rows.find((r) => !r.mine)! };
  }

  const publicIds = async (lon: number, lat: number) => {
    const d = 0.003;
    const res = await fetch(`${server.url}/${SLUG}/ogc/collections/comments/items?bbox=${lon - d},${lat - d},${lon + d},${lat + d}&limit=1000&f=json`);
    return ((await res.json()) as { features: { id: number | string }[] }).features.map((f) => Number(f.id));
  };

  test('a moderator redacts, merges and routes from the queue; the public, the admin and the deputy see the results', async () => {
    const { mine, other } = await districts();
    const moderatorApi = await signIn(server, SLUG, 'moderator');
    const send = async (body: string, lon: number, lat: number) => {
      const res = await resident(server).comment(SLUG, { category: 'damage', body, lon, lat });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: number }).id;
    };
    const publish = (id: number) => moderatorApi.fetch(`/${SLUG}/api/comments/${id}/steps/publish`, { method: 'POST', body: '{}' });
    const at = { lon: other.lon, lat: other.lat };
    // the one to route lies inside the other district (its point on surface), the rest close by
    const routed = await send('Стихійне сміттєзвалище за гаражами', at.lon, at.lat);
    const redacted = await send('Лавка зламана, дзвоніть мені: +380 67 123 45 67, Петренко', at.lon + 0.001, at.lat);
    const original = await send('Розбитий ліхтар на розі вулиць', at.lon, at.lat + 0.001);
    const duplicate = await send('Ліхтар розбитий на розі, не світить', at.lon + 0.0004, at.lat + 0.0012);
    await publish(original);
    await publish(duplicate);
    for (const who of ['198.51.100.201', '198.51.100.202']) expect((await resident(server, who).post(`/${SLUG}/api/comments/${duplicate}/support`)).status).toBe(200);
    const supportersBefore = async (id: number) => (await server.db.query<{ supporters: number }>('SELECT supporters FROM comment WHERE id = $1', [id])).rows[0].supporters;
    const originalBefore = await supportersBefore(original);
    expect(await supportersBefore(duplicate)).toBe(2);
    expect(await publicIds(at.lon, at.lat)).toEqual(expect.arrayContaining([original, duplicate]));
    const { rows: [inside] } = await server.db.query<{ ok: boolean }>('SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS ok FROM electoral_district WHERE id = $1', [other.id, at.lon, at.lat]);
    expect(inside.ok).toBe(true); // not the deputy's district: only the routing puts it in their queue

    const { page, problems } = await signedIn('moderator');

    // redact: the editable copy of the text, sent with Enter's sibling (the form's submit)
    let { entry } = await queueEntry(page, redacted, 'new');
    await entry.locator('button[data-action="redact"]').click();
    expect(await entry.locator('button[data-action="redact"]').getAttribute('aria-expanded')).toBe('true');
    const text = entry.getByLabel(/Текст для всіх/);
    expect(await text.evaluate((e) => e === document.activeElement)).toBe(true); // focus went to the field
    expect(await text.inputValue()).toContain('+380 67 123 45 67');
    await text.fill('Лавка зламана, дзвоніть мені: [приховано]');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await entry.getByRole('button', { name: 'Зберегти виправлений текст' }).click();
    await entry.locator('form[data-form="redact"]').waitFor({ state: 'detached' });
    await entry.locator('.comment-body', { hasText: '[приховано]' }).waitFor();
    await entry.locator('button[data-action="publish"]').click();
    await entry.waitFor({ state: 'detached' });
    const shown = (await (await fetch(`${server.url}/${SLUG}/api/comments/${redacted}`)).json()) as { body: string };
    expect(shown.body).toBe('Лавка зламана, дзвоніть мені: [приховано]');
    const admin = await signIn(server, SLUG, 'admin');
    const kept = (await (await admin.fetch(`/${SLUG}/api/comments/${redacted}/original`)).json()) as { original: string };
    expect(kept.original).toContain('+380 67 123 45 67');
    const card = await newPage();
    await card.page.goto(`${server.url}/${SLUG}/#map=18/${at.lat}/${at.lon + 0.001}&layers=comments&feature=comments/${redacted}`);
    await card.page.locator('#feature-panel .comment-details').waitFor();
    expect(await card.page.locator('#feature-panel .comment-details').textContent()).not.toContain('123 45 67');

    // merge: the nearby comment of the same topic is offered; chosen by keyboard
    ({ entry } = await queueEntry(page, duplicate, 'published'));
    await entry.locator('button[data-action="merge"]').click();
    const choice = entry.getByRole('radio', { name: new RegExp(`№${original} `) });
    await choice.waitFor();
    await choice.focus();
    await page.keyboard.press('Space');
    expect(await choice.isChecked()).toBe(true);
    mkdirSync(join(ROOT, '.test-cache'), { recursive: true });
    await page.screenshot({ path: join(ROOT, '.test-cache', 'comment-merge-390.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Tab'); // to the number field
    await page.keyboard.press('Enter'); // submits the form
    await entry.waitFor({ state: 'detached' });
    expect(await publicIds(at.lon, at.lat)).not.toContain(duplicate);
    expect(await publicIds(at.lon, at.lat)).toContain(original);
    expect((await fetch(`${server.url}/${SLUG}/api/comments/${duplicate}`)).status).toBe(404);
    const target = (await (await fetch(`${server.url}/${SLUG}/api/comments/${original}`)).json()) as { supporters: number };
    expect(target.supporters).toBe(originalBefore + 1 + 2); // the duplicate's author and its two supporters

    // route: to a department typed in, and to the deputy of another district chosen by name
    ({ entry } = await queueEntry(page, routed, 'new'));
    await entry.locator('button[data-action="route"]').click();
    const deputy = entry.getByLabel('Депутат', { exact: true });
    await deputy.waitFor();
    const option = deputy.locator('option', { hasText: mine.deputy_name! });
    expect(await option.getAttribute('value')).toBe(String(mine.deputy_id));
    // the comment lies in another district: its own deputies are offered first
    expect(await deputy.locator('optgroup').first().getAttribute('label')).toBe('Депутати округу звернення');
    expect(await deputy.locator('optgroup').first().locator('option', { hasText: mine.deputy_name! }).count()).toBe(0);
    await entry.getByLabel(/^Відділ/).fill('Відділ благоустрою');
    await deputy.selectOption(String(mine.deputy_id));
    await page.screenshot({ path: join(ROOT, '.test-cache', 'comment-route-390.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await entry.getByRole('button', { name: 'Передати звернення' }).click();
    await entry.locator('form[data-form="route"]').waitFor({ state: 'detached' });
    await entry.getByText(`передано: Відділ благоустрою; ${mine.deputy_name}`).waitFor();
    expect(problems).toEqual([]);

    // the deputy, whose district it is not, finds it in their queue
    const dep = await signedIn('deputy');
    await dep.page.locator('#comment-queue').click();
    const queue = dep.page.getByRole('dialog', { name: 'Звернення: черга' });
    await queue.locator(`li[data-comment="${routed}"]`).waitFor();
    expect(await queue.locator(`li[data-comment="${routed}"]`).textContent()).toContain('Стихійне сміттєзвалище');
    expect([...dep.problems, ...card.problems]).toEqual([]);
  }, 240_000);

  test('anyone opens the figures: response times by topic and month, a table a screen reader reads', async () => {
    const figures = (await (await fetch(`${server.url}/${SLUG}/api/comments/stats`)).json()) as {
      comments: number; overdue: number; p90DaysToResponse: number; months: { month: string; comments: number }[];
    };
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/`);
    await page.getByRole('button', { name: 'Звернення: цифри' }).click();
    const dialog = page.getByRole('dialog', { name: 'Звернення: цифри' });
    const topics = dialog.getByRole('table', { name: 'За темами' });
    await topics.waitFor();
    const all = topics.getByRole('row', { name: /^Усі / });
    const cells = await all.getByRole('cell').allTextContents();
    expect(cells[0]).toBe(String(figures.comments));
    expect(cells[1]).toBe(String(figures.overdue));
    expect(cells[3]).toBe(figures.p90DaysToResponse.toLocaleString('uk-UA', { maximumFractionDigits: 1 }));
    expect(await topics.locator('th[scope=col]').allTextContents()).toContain('Відповідь, 90 %, дн.');
    const months = dialog.getByRole('table', { name: 'За місяцями подання' });
    expect(await months.locator('tbody tr').count()).toBe(figures.months.length);
    const newest = figures.months.at(-1)!;
    expect(await months.getByRole('row', { name: new RegExp(`^${newest.month} `) }).getByRole('cell').first().textContent()).toBe(String(newest.comments));
    await page.screenshot({ path: join(ROOT, '.test-cache', 'comment-figures-390.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  test('an admin adds, renames and hides topics and sets the time to answer; residents are offered what they set', async () => {
    const { page, problems } = await signedIn('admin');
    await page.getByRole('button', { name: 'Теми звернень' }).click();
    const dialog = page.getByRole('dialog', { name: 'Теми звернень' });
    await dialog.locator('form[data-form="response-days"]').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await dialog.getByLabel(/^Строк відповіді/).fill('10');
    await dialog.getByRole('button', { name: 'Зберегти строк' }).click();
    await dialog.locator('form[data-form="response-days"]').getByText('Збережено').waitFor();

    const other = dialog.locator('form[data-form="category-other"]');
    await other.getByLabel('Назва українською').fill('Інше питання');
    await other.getByRole('button', { name: 'Зберегти' }).click();
    await other.getByText('Збережено').waitFor();

    const dataError = dialog.locator('form[data-form="category-data_error"]');
    await dataError.getByLabel('Пропонувати мешканцям').uncheck();
    await dataError.getByRole('button', { name: 'Зберегти' }).click();
    await dataError.getByText('Збережено').waitFor();

    const added = dialog.locator('form[data-form="category-new"]');
    await added.getByLabel(/^Код/).fill('graffiti_wall');
    await added.getByLabel('Назва українською').fill('Графіті на стіні');
    await added.getByLabel('Назва англійською').fill('Graffiti on a wall');
    await added.getByLabel(/^Вид/).selectOption('damage');
    await added.getByRole('button', { name: 'Додати тему' }).click();
    await dialog.locator('form[data-form="category-graffiti_wall"]').waitFor();
    expect(problems).toEqual([]);

    const form = (await (await fetch(`${server.url}/${SLUG}/api/comments/form`)).json()) as { categories: { code: string; kind: string; nameUk: string }[] };
    const codes = form.categories.map((c) => c.code);
    expect(codes).toContain('graffiti_wall');
    expect(codes).not.toContain('data_error');
    expect(form.categories.find((c) => c.code === 'other')!.nameUk).toBe('Інше питання');
    expect(form.categories.find((c) => c.code === 'graffiti_wall')!.kind).toBe('damage');
    const { rows } = await server.db.query<{ response_days: number }>(
      `SELECT s.response_days FROM comment_settings s JOIN municipality m ON m.id = s.municipality_id WHERE m.slug = $1`, [SLUG]);
    expect(rows[0].response_days).toBe(10);
    // a moderator may not change topics
    const moderator = await signIn(server, SLUG, 'moderator');
    expect((await moderator.fetch(`/${SLUG}/api/comments/categories/all`)).status).toBe(403);
    expect((await moderator.fetch(`/${SLUG}/api/comments/settings`, { method: 'PUT', body: JSON.stringify({ responseDays: 3 }) })).status).toBe(403);
  }, 120_000);
});
