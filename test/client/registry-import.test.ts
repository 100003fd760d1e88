/**
 * The spreadsheet import from the editor UI: POST /{m}/api/registry/import (the file's bytes, a
 * dry run first) and its preview in the browser — a good file previews its counts and imports; a
 * bad one lists every bad row by line and offers no import; the wrong role is refused; axe-core
 * finds nothing serious in the dialog with a preview of bad rows open.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { ROOT, TEST_PASSWORD } from '../support/template.js';

const SLUG = 'slovyansk';
const GOOD = readFileSync(join(ROOT, 'data-import/examples/objects-utf8.csv'));
/** The good file with a wrong ЄДРПОУ check digit on line 2 and latitude/longitude swapped on line 3. */
function badFile(): Buffer {
  const lines = GOOD.toString('utf8').split('\n');
  lines[1] = lines[1].replace('34123457', '34123450');
  const cells = lines[2].split(',');
  const [lon, lat] = cells.slice(-2);
  lines[2] = [...cells.slice(0, -2), lat.trim(), lon].join(',');
  return Buffer.from(lines.join('\n'), 'utf8');
}

interface Report {
  written: boolean;
  rows: { total: number; created: number; rejected: number };
  problems: { line: number | null; field: string | null; uk: string }[];
}

describeBrowser('The registry import from the editor UI', () => {
  let server: TestServer;
  let browser: Browser;
  let editor: Session;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    editor = await signIn(server, SLUG, 'editor');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const upload = (session: Session, body: Buffer, query: string) =>
    session.fetch(`/${SLUG}/api/registry/import?${query}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': 'text/csv' } });
  const count = async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_object WHERE external_id LIKE 'ПРИКЛ-%'`)).rows[0].n;

  test('a dry run of a good file counts what it would do and writes nothing; the real run writes it', async () => {
    const before = await count();
    const dry = await upload(editor, GOOD, 'dryRun=true&fileName=objects-utf8.csv');
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as Report;
    expect(preview.written).toBe(false);
    expect(preview.rows.rejected).toBe(0);
    expect(preview.rows.created).toBe(preview.rows.total);
    expect(await count()).toBe(before);

    const real = (await (await upload(editor, GOOD, 'dryRun=false&fileName=objects-utf8.csv')).json()) as Report;
    expect(real.written).toBe(true);
    expect(await count()).toBe(before + preview.rows.created);
  });

  test('a bad file is reported row by row with line numbers and nothing is written; the wrong role is refused', async () => {
    const before = await count();
    const report = (await (await upload(editor, badFile(), 'dryRun=false')).json()) as Report;
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => p.line)).toEqual(expect.arrayContaining([2, 3]));
    expect(await count()).toBe(before);

    const moderator = await signIn(server, SLUG, 'moderator');
    expect((await upload(moderator, GOOD, 'dryRun=true')).status).toBe(403);
    const anonymous = await fetch(`${server.url}/${SLUG}/api/registry/import?dryRun=true`, { method: 'POST', body: new Uint8Array(GOOD), headers: { 'content-type': 'text/csv' } });
    expect(anonymous.status).toBe(401);
    const otherHromada = await signIn(server, 'kryvyi-rih', 'editor');
    expect((await upload(otherHromada, GOOD, 'dryRun=true')).status).toBe(403);
  });

  test('in the browser: a bad file previews its bad rows and offers no import; a good one previews, then imports', async () => {
    // bypassCSP: axe-core is injected as a script
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/`);
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByLabel('Логін').fill('editor');
    await page.getByLabel('Пароль').fill(TEST_PASSWORD);
    await page.getByRole('dialog').getByRole('button', { name: 'Увійти' }).click();
    await page.locator('#import-csv').click();
    const dialog = page.getByRole('dialog', { name: 'Імпорт із таблиці (CSV)' });
    await dialog.waitFor();

    await dialog.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: badFile() });
    await dialog.locator('#import-check').click();
    await dialog.locator('.import-problems').waitFor();
    expect(await dialog.locator('.import-problems tbody tr[data-line="2"]').count()).toBeGreaterThan(0);
    expect(await dialog.locator('.import-problems tbody tr[data-line="3"]').count()).toBeGreaterThan(0);
    expect(await dialog.locator('[role="alert"]').textContent()).toContain('нічого не буде записано');
    expect(await dialog.locator('#import-run').isHidden()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // A fresh copy of the good file under other record numbers, so that it creates objects.
    const fresh = Buffer.from(GOOD.toString('utf8').replace(/ПРИКЛ-/g, 'БРАУЗ-'), 'utf8');
    await dialog.locator('#import-file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: fresh });
    await dialog.locator('#import-check').click();
    await dialog.locator('#import-run').waitFor();
    expect(await dialog.locator('.import-summary').textContent()).toMatch(/з помилками: 0/);
    await dialog.locator('#import-run').click();
    await dialog.locator('.form-status', { hasText: 'Імпортовано' }).waitFor();
    const { rows: [{ n }] } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM registry_object WHERE external_id LIKE 'БРАУЗ-%'`);
    expect(n).toBe(GOOD.toString('utf8').trim().split('\n').length - 1);
    await page.waitForFunction(() => window.prozoreMap!.reloads('maf') > 0);
  });

  test('in the browser: rejected rows as a download, the preview cleared by another file, errors in the form\'s words, a bar on a large file', async () => {
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/${SLUG}/`);
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByLabel('Логін').fill('editor');
    await page.getByLabel('Пароль').fill(TEST_PASSWORD);
    await page.getByRole('dialog').getByRole('button', { name: 'Увійти' }).click();
    await page.locator('#import-csv').click();
    const dialog = page.getByRole('dialog', { name: 'Імпорт із таблиці (CSV)' });

    // The bad rows come back as a file: the header, the two refused lines as they were, a reason.
    const bad = badFile();
    await dialog.locator('#import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: bad });
    await dialog.locator('#import-check').click();
    await dialog.locator('#import-rejected').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('#import-rejected').click()]);
    expect(download.suggestedFilename()).toBe('bad-rejected.csv');
    const text = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    const source = bad.toString('utf8').split('\n');
    expect(lines[0]).toBe(`${source[0]},Причина`);
    expect(lines).toHaveLength(3);
    expect(lines[1].startsWith(source[1])).toBe(true);
    expect(lines[1]).toContain('ЄДРПОУ');
    expect(lines[2].startsWith(source[2])).toBe(true);

    // Another file: the last preview goes at once.
    await dialog.locator('#import-file').setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: GOOD });
    expect(await dialog.locator('.import-problems').count()).toBe(0);
    expect(await dialog.locator('#import-rejected').count()).toBe(0);

    // Projected coordinates without a coordinate system: told in the form's words, not "--crs".
    const projected = Buffer.from('Обліковий номер,Тип,X,Y\r\nПРОЄК-1,Кіоск,5414204.08,198482.24\r\n', 'utf8');
    await dialog.locator('#import-file').setInputFiles({ name: 'projected.csv', mimeType: 'text/csv', buffer: projected });
    await dialog.locator('#import-check').click();
    await dialog.locator('.form-status', { hasText: 'Не вдалося' }).waitFor();
    const said = (await dialog.locator('.form-status').textContent())!;
    expect(said).not.toContain('--crs');
    expect(said).toContain('«Система координат»');

    // A large file (~2,000 rows) shows a progress bar while the server reads it.
    const header = 'Обліковий номер,Тип,Адреса,Довгота,Широта';
    const { rows: [c] } = await server.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointOnSurface(boundary)) AS lon, ST_Y(ST_PointOnSurface(boundary)) AS lat FROM municipality WHERE slug = $1', [SLUG],
    );
    const rows = Array.from({ length: 2500 }, (_, i) => `ВЕЛИК-${i},Кіоск,вулиця Довга ${i} з дуже довгою назвою для розміру файлу,${c.lon + (i % 50) * 1e-5},${c.lat + Math.floor(i / 50) * 1e-5}`);
    const large = Buffer.from([header, ...rows].join('\r\n'), 'utf8');
    expect(large.length).toBeGreaterThan(256 * 1024);
    await dialog.locator('#import-file').setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: large });
    // as over a slow connection: the request held back a second, so the bar can be seen
    await page.route('**/api/registry/import**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await dialog.locator('#import-check').click();
    await dialog.locator('#import-progress').waitFor({ state: 'visible' });
    expect(await dialog.locator('#import-progress').getAttribute('aria-label')).toMatch(/^Файл \d+ КБ обробляється/);
    await dialog.locator('.import-summary').waitFor();
    expect(await dialog.locator('#import-progress').isHidden()).toBe(true);
  });
});
