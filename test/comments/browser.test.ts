/**
 * The whole journey in a real browser against the real server (demo Slovyansk): a resident opens
 * the card of a kiosk without a permit and reports it ("Залишити звернення"), a moderator publishes
 * it from the queue, an official resolves it with an answer, the resident opens the private link
 * and disputes the resolution — and the outbox holds a message for each step. Then XSS payloads in
 * a comment's text and name are shown as the characters they are and never run, and the form is
 * checked with axe-core and at a phone's width.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, launchBrowser, seriousAxeViolations, watchedPage } from '../support/browser.js';
import { ROOT, TEST_PASSWORD } from '../support/template.js';
import { kioskWithout, readOutbox, resident, startCommentsServer, type CommentsServer } from './support.js';
import { signIn } from '../support/server.js';

const SLUG = 'slovyansk';

describeBrowser('Comments in a browser', () => {
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

  const newPage = (width = 1280) => watchedPage(browser, width);

  async function signInThroughDialog(page: Page, login: string) {
    await page.getByRole('button', { name: 'Увійти' }).click();
    const dialog = page.getByRole('dialog', { name: 'Вхід для працівників ради' });
    await dialog.getByLabel('Логін').fill(login);
    await dialog.getByLabel('Пароль').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('button', { name: 'Вийти' }).waitFor();
  }

  async function actInQueue(page: Page, id: number, status: string, action: string, text?: string) {
    await page.locator('#comment-queue').click();
    const queue = page.getByRole('dialog', { name: 'Звернення: черга' });
    await queue.waitFor();
    await queue.locator('#queue-status').selectOption(status);
    const entry = queue.locator(`li.comment-queue-entry[data-comment="${id}"]`);
    await entry.waitFor();
    if (text) await entry.locator('textarea').fill(text);
    await entry.locator(`button[data-action="${action}"]`).click();
    await entry.waitFor({ state: 'detached' });
  }

  test('a resident reports an unlicensed kiosk from its card; moderator publishes, official resolves, resident disputes; mail at each step', async () => {
    const kiosk = await kioskWithout(server, SLUG);
    const mails = () => readOutbox(server.outbox).filter((m) => m.to === 'kiosk.watcher@example.org');

    // the resident
    const { page, problems } = await newPage(390);
    await page.goto(`${server.url}/${SLUG}/#map=18/${kiosk.lat}/${kiosk.lon}&layers=maf&feature=maf/${kiosk.id}`);
    const leave = page.locator('#feature-panel').getByRole('button', { name: 'Залишити звернення' });
    await leave.click();
    const form = page.getByRole('dialog', { name: 'Нове звернення' });
    await form.waitFor();
    expect(await form.getByLabel('Тема').inputValue()).toBe('illegal_object');
    await form.getByLabel('Текст звернення').fill('Кіоск стоїть без дозволу і займає тротуар.');
    await form.getByLabel('Ім’я (необов’язково)').fill('Марія');
    await form.getByLabel(/^E-mail/).fill('kiosk.watcher@example.org');
    mkdirSync(join(ROOT, '.test-cache'), { recursive: true });
    await page.screenshot({ path: join(ROOT, '.test-cache', 'comment-form-390.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Надіслати' }).click();
    const link = form.locator('a.comment-follow-link');
    await link.waitFor();
    const followUrl = (await link.getAttribute('href'))!;
    expect(followUrl).toMatch(new RegExp(`/${SLUG}/#follow=[A-Za-z0-9_-]{20,}$`));
    const id = Number(/№(\d+)/.exec((await form.textContent())!)![1]);
    // a photo, as a phone sends it; the server re-encodes it
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();
    await form.locator('input[type=file]').setInputFiles({ name: 'kiosk.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await form.getByText('Фото додано: 1').waitFor();
    const { rows } = await server.db.query<{ target_collection: string; target_id: number; status: string }>(
      'SELECT target_collection, target_id, status FROM comment WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ target_collection: 'maf', target_id: kiosk.id, status: 'new' });
    expect(mails()).toHaveLength(1);
    expect(mails()[0].text).toContain(followUrl.split('#')[1]);
    expect(problems).toEqual([]);

    // the moderator
    const mod = await newPage();
    await mod.page.goto(`${server.url}/${SLUG}/`);
    await signInThroughDialog(mod.page, 'moderator');
    await actInQueue(mod.page, id, 'new', 'publish');
    expect(mails()).toHaveLength(2);

    // the official
    const off = await newPage();
    await off.page.goto(`${server.url}/${SLUG}/`);
    await signInThroughDialog(off.page, 'official');
    await actInQueue(off.page, id, 'published', 'resolve', 'Власнику видано припис про демонтаж.');
    expect(mails()).toHaveLength(3);
    expect(mails()[2].text).toContain('Власнику видано припис про демонтаж.');

    // the kiosk's card now lists the comment with its answer
    const again = await newPage(390);
    await again.page.goto(`${server.url}/${SLUG}/#map=18/${kiosk.lat}/${kiosk.lon}&layers=maf&feature=maf/${kiosk.id}`);
    const section = again.page.locator('#feature-panel .comment-section');
    await section.waitFor();
    expect(await section.textContent()).toContain('Власнику видано припис про демонтаж.');
    // the comment's own card shows its photo
    await section.getByRole('button', { name: `№${id}` }).click();
    const thumb = again.page.locator('#feature-panel .comment-photos img');
    await thumb.waitFor();
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // the resident, through the private link
    const back = await newPage(390);
    await back.page.goto(followUrl);
    const mine = back.page.getByRole('dialog', { name: `Моє звернення №${id}` });
    await mine.waitFor();
    expect(await mine.locator('.comment-status').textContent()).toBe('Вирішено');
    expect(back.page.url()).not.toContain('follow='); // the token left the address bar
    await mine.getByLabel('Коментар').fill('Кіоск досі стоїть.');
    await mine.getByRole('button', { name: 'Не вирішено — заперечити' }).click();
    await back.page.getByRole('dialog', { name: `Моє звернення №${id}` }).locator('.comment-status', { hasText: 'Мешканець заперечив' }).waitFor();
    expect(mails()).toHaveLength(4);
    const { rows: after } = await server.db.query<{ status: string }>('SELECT status FROM comment WHERE id = $1', [id]);
    expect(after[0].status).toBe('disputed');
    expect([...problems, ...mod.problems, ...off.problems, ...back.problems]).toEqual([]);
  }, 240_000); // four people, four browsers, one after another

  test('XSS payloads in a comment\'s text and name come back as text, inert, on its card and in the queue', async () => {
    const kiosk = await kioskWithout(server, SLUG, 'expired');
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const name = '<svg onload="window.__xss=3">';
    const res = await resident(server).comment(SLUG, { category: 'damage', body: `Текст ${payload}`, name, showName: true, target: { collection: 'maf', id: kiosk.id } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const moderator = await signIn(server, SLUG, 'moderator');
    await moderator.fetch(`/${SLUG}/api/comments/${id}/steps/publish`, { method: 'POST', body: '{}' });
    const official = await signIn(server, SLUG, 'official');
    await official.fetch(`/${SLUG}/api/comments/${id}/steps/answer`, { method: 'POST', body: JSON.stringify({ answer: `Відповідь ${payload}` }) });

    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/#map=18/${kiosk.lat}/${kiosk.lon}&layers=maf,comments&feature=comments/${id}`);
    const details = page.locator('#feature-panel .comment-details');
    await details.waitFor();
    const text = (await details.textContent())!;
    expect(text).toContain(payload);
    expect(text).toContain(name);
    expect(await page.locator('#feature-panel img[src="x"], #feature-panel script, #feature-panel svg[onload]').count()).toBe(0);
    // the kiosk's card lists it, as text too
    await page.goto(`${server.url}/${SLUG}/#map=18/${kiosk.lat}/${kiosk.lon}&layers=maf&feature=maf/${kiosk.id}`);
    await page.locator('#feature-panel .comment-section').waitFor();
    expect(await page.locator('#feature-panel .comment-section').textContent()).toContain(payload);
    await signInThroughDialog(page, 'moderator');
    await page.locator('#comment-queue').click();
    const queue = page.getByRole('dialog', { name: 'Звернення: черга' });
    await queue.locator('#queue-status').selectOption('in_progress');
    await queue.locator('#queue-status').selectOption('published');
    await queue.locator(`li[data-comment="${id}"]`).waitFor();
    expect(await queue.locator(`li[data-comment="${id}"]`).textContent()).toContain(payload);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);

  test('a comment at a point picked on the map; a signed-in deputy sees it in their queue, not one from the next district', async () => {
    const { rows } = await server.db.query<{ id: number; number: number; lon: number; lat: number; mine: boolean }>(
      `SELECT d.id, d.number, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat,
              d.id = (SELECT p.district_id FROM app_user u JOIN deputy p ON p.id = u.deputy_id WHERE u.login = 'deputy' AND u.municipality_id = d.municipality_id) AS mine
       FROM electoral_district d JOIN election e ON e.id = d.election_id AND e.is_current JOIN municipality m ON m.id = d.municipality_id
       WHERE m.slug = $1 ORDER BY d.number`, [SLUG]);
    const mine = rows.find((r) => r.mine)!;
    const next = rows.find((r) => !r.mine)!;

    // a resident picks the deputy's district's point on the map
    const { page, problems } = await newPage();
    await page.goto(`${server.url}/${SLUG}/#map=17/${mine.lat}/${mine.lon}`);
    await page.waitForFunction(() => (window as unknown as { prozoreMap?: { settled: boolean } }).prozoreMap?.settled === true, null, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Звернення в точці на карті' }).click();
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const form = page.getByRole('dialog', { name: 'Нове звернення' });
    await form.waitFor();
    await form.getByLabel('Тема').selectOption('damage');
    await form.getByLabel('Текст звернення').fill('Провалився люк посеред двору.');
    await form.getByRole('button', { name: 'Надіслати' }).click();
    await form.locator('a.comment-follow-link').waitFor();
    const here = Number(/№(\d+)/.exec((await form.textContent())!)![1]);
    const { rows: [placed] } = await server.db.query<{ d: number }>('SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM comment WHERE id = $1', [here, mine.lon, mine.lat]);
    expect(placed.d).toBeLessThan(30); // where the map's centre was
    const there = ((await (await resident(server).comment(SLUG, { category: 'damage', body: 'Провалився люк біля школи.', lon: next.lon, lat: next.lat })).json()) as { id: number }).id;

    const deputy = await newPage(390);
    await deputy.page.goto(`${server.url}/${SLUG}/`);
    await signInThroughDialog(deputy.page, 'deputy');
    await deputy.page.locator('#comment-queue').click();
    const queue = deputy.page.getByRole('dialog', { name: 'Звернення: черга' });
    await queue.locator(`li[data-comment="${here}"]`).waitFor();
    expect(await queue.locator(`li[data-comment="${there}"]`).count()).toBe(0);
    expect(await queue.locator(`li[data-comment="${here}"]`).textContent()).toContain(`округ №${mine.number}`);
    expect([...problems, ...deputy.problems]).toEqual([]);
  }, 180_000);
});
