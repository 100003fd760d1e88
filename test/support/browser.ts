/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (no browser download). Without Chromium the browser suites are skipped with a test that says so,
 * and fail instead when REQUIRE_E2E=1 (CI sets it), so a missing browser is never a silent pass.
 *
 * Every context blocks requests that leave localhost: the tests see the map as an office without
 * internet sees it (no basemap), and no test depends on a server outside the machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT } from './template.js';

/** Debian's chromium package; CHROMIUM_PATH points elsewhere (another distribution's binary). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a root user in a container; the background-networking ones stop Chromium's own calls home. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * `describe` for suites that need the browser: the suite itself when Chromium is installed; else
 * one skipped test naming the reason — or, with REQUIRE_E2E=1, one failing test.
 */
export function describeBrowser(name: string, suite: () => void): void {
  if (chromiumAvailable()) {
    describe(name, suite);
    return;
  }
  describe(name, () => {
    if (process.env.REQUIRE_E2E === '1') {
      test(`fails: REQUIRE_E2E=1 but Chromium is not installed (${CHROMIUM_PATH})`, () => {
        throw new Error(`REQUIRE_E2E=1 but Chromium is not installed (${CHROMIUM_PATH}): apt-get install -y chromium`);
      });
    } else {
      test.skip(`skipped: Chromium not installed (${CHROMIUM_PATH})`, () => {});
    }
  });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface IsolatedContext {
  context: BrowserContext;
  /** URLs the context refused because they left localhost, in request order. */
  blocked: string[];
}

/** A browser context that answers every request outside 127.0.0.1/localhost with a network error. */
export async function isolatedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<IsolatedContext> {
  const context = await browser.newContext({ locale: 'uk-UA', timezoneId: 'Europe/Kyiv', ...options });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const { hostname, protocol } = new URL(url);
    const local = hostname === '127.0.0.1' || hostname === 'localhost' || protocol === 'data:' || protocol === 'blob:';
    if (local) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  return { context, blocked };
}

/**
 * A page of its own (an isolated context) at a width, collecting what a user would see go wrong:
 * a page error, or a native dialog (the app never opens one). bypassCSP only so that axe-core can
 * be injected; the app's own scripts are the same.
 */
export async function watchedPage(browser: Browser, width: number): Promise<{ page: Page; problems: string[] }> {
  const { context } = await isolatedContext(browser, { viewport: { width, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => { problems.push(`a native dialog opened: ${dialog.message()}`); void dialog.dismiss(); });
  return { page, problems };
}

/** Builds client/dist when it is missing or older than its sources (scripts/ensure-client.mjs). */
export function ensureClientBuilt(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-client.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Runs axe-core in the page against WCAG 2.0/2.1 A and AA and returns its serious and critical
 * findings, one line each (empty when the page passes). The page's context must bypass CSP:
 * axe is injected as a script.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}
