/**
 * The registry on a phone, in a real browser: at 390 px the table shows legality and revenue
 * without scrolling sideways, the city's figures do not make the dialog scroll sideways (their
 * tables scroll in their own regions), every button of the registry's dialogs is at least 44 px
 * tall, and axe-core finds nothing serious; at 320 px the hromada's name does not run under
 * «Увійти»; the table (with its filters) and an owner's page have their own URLs, which open
 * them directly, and back steps from an owner's page or an object's card to the table.
 * Screenshots go to .test-cache/ to be looked at.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ROOT } from '../support/template.js';

const SLUG = 'slovyansk';
const SHOTS = join(ROOT, '.test-cache', 'screenshots');

describeBrowser('The registry on a phone', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer('embedded', { BASEMAP_URL: '' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(width: number, bypassCSP = false, hash = '#layers=maf,advertising'): Promise<Page> {
    const { context } = await isolatedContext(browser, { viewport: { width, height: 844 }, isMobile: true, hasTouch: true, bypassCSP });
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/${hash}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    return page;
  }

  test('at 390 px: legality and revenue in view, no sideways scroll in the dialog, 44 px buttons, axe clean', async () => {
    const page = await open(390, true);
    await page.locator('#open-registry').click();
    const dialog = page.getByRole('dialog', { name: 'Реєстр МАФ і реклами' });
    await dialog.locator('.registry-table tbody tr').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'registry-table-390.png') });
    const header = dialog.locator('.registry-table thead th');
    for (const name of ['Законність', 'Надходження цього року']) {
      const box = (await header.filter({ hasText: name }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    const firstRow = dialog.locator('.registry-table tbody tr').first();
    const legality = (await firstRow.locator('td[data-legality]').boundingBox())!;
    expect(legality.x + legality.width).toBeLessThanOrEqual(390);
    // the figures' wide tables scroll in their own regions; the dialog does not scroll sideways
    await dialog.locator('#city-figures').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'registry-figures-390.png') });
    const sideways = await dialog.evaluate((d) => {
      const body = d.querySelector('.dialog-body') as HTMLElement;
      return { dialog: d.scrollWidth - d.clientWidth, body: body.scrollWidth - body.clientWidth };
    });
    expect(sideways).toEqual({ dialog: 0, body: 0 });
    for (const region of await dialog.locator('#city-figures .table-scroll').all()) {
      const box = (await region.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    const small = async () => dialog.locator('button:visible').evaluateAll((buttons) =>
      buttons.map((b) => ({ text: b.textContent, h: b.getBoundingClientRect().height })).filter((b) => b.h < 44));
    expect(await small()).toEqual([]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // an owner's page: «Назад до таблиці» is a full touch target too
    await dialog.locator('.registry-table tbody td button').first().click();
    const back = page.locator('#owner-back');
    await back.waitFor();
    expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    const owner = page.getByRole('dialog', { name: /^Власник:/ });
    expect(await owner.locator('button:visible').evaluateAll((buttons) => buttons.filter((b) => b.getBoundingClientRect().height < 44).length)).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'registry-owner-390.png') });
  });

  test('at 390 px an owner\'s page has its own URL: the link opens it directly, back leaves it, forward returns', async () => {
    const page = await open(390, true);
    await page.locator('#open-registry').click();
    const table = page.getByRole('dialog', { name: 'Реєстр МАФ і реклами' });
    const ownerButton = table.locator('.registry-table tbody td button').first();
    const ownerName = (await ownerButton.textContent())!;
    await ownerButton.click();
    const ownerDialog = page.getByRole('dialog', { name: `Власник: ${ownerName}` });
    await ownerDialog.locator('.owner-summary').waitFor();
    await page.waitForFunction(() => /[#&]owner=\d+/.test(location.hash));
    const link = page.url();
    const ownerId = /[#&]owner=(\d+)/.exec(link)![1];

    // back: the table it was opened from (a place of its own, `table=`), no owner in the URL
    await page.goBack();
    await table.locator('.registry-table tbody tr').first().waitFor();
    expect(page.url()).not.toMatch(/[#&]owner=/);
    expect(page.url()).toMatch(/[#&]table=all/);
    // back again: the map
    await page.goBack();
    await table.waitFor({ state: 'hidden' });
    expect(page.url()).not.toMatch(/[#&](owner|table)=/);
    // forward, forward: the table, then the owner's page again
    await page.goForward();
    await table.locator('.registry-table tbody tr').first().waitFor();
    await page.goForward();
    await ownerDialog.locator('.owner-summary').waitFor();
    await ownerDialog.locator('#owner-back').click();
    await table.locator('.registry-table tbody tr').first().waitFor();
    await page.waitForFunction(() => !/[#&]owner=/.test(location.hash));

    // the link, opened by someone else on their phone: the owner's page at once, their objects in it
    const shared = await open(390, true, new URL(link).hash);
    const opened = shared.getByRole('dialog', { name: `Власник: ${ownerName}` });
    await opened.locator('.owner-summary').waitFor();
    expect(await opened.locator('.registry-table tbody tr').count()).toBeGreaterThan(0);
    expect(shared.url()).toContain(`owner=${ownerId}`);
    expect(await opened.evaluate((d) => d.scrollWidth - d.clientWidth)).toBe(0);
    await shared.screenshot({ path: join(SHOTS, 'registry-owner-link-390.png') });
    expect(await seriousAxeViolations(shared)).toEqual([]);
    // closing it leaves the map, and the URL forgets the owner
    await opened.getByRole('button', { name: 'Закрити' }).click();
    await shared.waitForFunction(() => !/[#&]owner=/.test(location.hash));
  });

  test('at 390 px the table has its own URL: its filters travel in a link, and back from an object\'s card returns to them', async () => {
    const page = await open(390, true);
    await page.locator('#open-registry').click();
    const table = page.getByRole('dialog', { name: 'Реєстр МАФ і реклами' });
    await table.locator('.registry-table tbody tr').first().waitFor();
    await table.locator('#table-legality').selectOption('expired');
    await table.getByRole('button', { name: 'Показати', exact: true }).click();
    await page.waitForFunction(() => /[#&]table=legality%3Dexpired/.test(location.hash));
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll('dialog[open] .registry-table tbody td[data-legality]')];
      return cells.length > 0 && cells.every((c) => c.getAttribute('data-legality') === 'expired');
    });
    const rows = table.locator('.registry-table tbody tr');
    const firstId = (await rows.first().locator('th button').textContent())!;

    // a row's number shows the object on the map; back returns to the filtered table
    await rows.first().locator('th button').click();
    await page.waitForFunction((id) => location.hash.includes(`feature=`) && location.hash.includes(`/${id}`), firstId);
    expect(page.url()).not.toMatch(/[#&]table=/);
    await page.goBack();
    await table.locator('.registry-table tbody tr').first().waitFor();
    expect(await table.locator('#table-legality').inputValue()).toBe('expired');
    expect(await table.locator('.registry-table tbody td[data-legality]').evaluateAll((cells) => [...new Set(cells.map((c) => c.getAttribute('data-legality')))])).toEqual(['expired']);

    // the link, opened on another phone: the same filtered table
    const shared = await open(390, true, new URL(page.url()).hash);
    const sharedTable = shared.getByRole('dialog', { name: 'Реєстр МАФ і реклами' });
    await sharedTable.locator('.registry-table tbody tr').first().waitFor();
    expect(await sharedTable.locator('#table-legality').inputValue()).toBe('expired');
    expect(await sharedTable.locator('.registry-table tbody tr th button').first().textContent()).toBe(firstId);
    // closing it leaves the map, and the URL forgets the table
    await sharedTable.getByRole('button', { name: 'Закрити' }).click();
    await shared.waitForFunction(() => !/[#&]table=/.test(location.hash));
  });

  test('at 320 px the hromada\'s name does not run under «Увійти»', async () => {
    const page = await open(320);
    await page.screenshot({ path: join(SHOTS, 'header-320.png') });
    const name = (await page.locator('.hromada-name').boundingBox())!;
    const signIn = (await page.getByRole('button', { name: 'Увійти' }).boundingBox())!;
    expect(name.width).toBeGreaterThan(0);
    const overlaps = name.x < signIn.x + signIn.width && signIn.x < name.x + name.width && name.y < signIn.y + signIn.height && signIn.y < name.y + name.height;
    expect(overlaps).toBe(false);
    expect(name.x + name.width).toBeLessThanOrEqual(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });
});
