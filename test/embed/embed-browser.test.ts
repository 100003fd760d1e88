/**
 * Embedding in a real browser (headless Chromium): a council page on another origin frames a
 * district map, moves it through postMessage and hears a selection back; a site the hromada did
 * not allow is refused by the browser itself; the snippet the share dialog writes works pasted into
 * a blank page; the embed sends no cookie; axe-core finds nothing serious in the embed.
 *
 * The map server is http://127.0.0.1:…; the council sites are http://localhost:… on two other
 * ports: other origins, and another site, as the council's domain is to the map's.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Frame, Page } from 'playwright-core';
import { describeBrowser, ensureClientBuilt, isolatedContext, launchBrowser, seriousAxeViolations } from '../support/browser.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';
import { ROOT } from '../support/template.js';

const SLUG = 'slovyansk';
const DESK: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DISTRICT = 3;

interface HostSite {
  origin: string;
  /** Serves `html` at `path` on this site. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

/** A council's web site: plain pages, no CSP, on its own port of localhost. */
async function hostSite(): Promise<HostSite> {
  const pages = new Map<string, string>([['/blank', '<!doctype html><html lang="uk"><head><title>Сторінка ради</title></head><body><main></main></body></html>']]);
  const server: Server = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, html) {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A council page that frames `src` and keeps what the map tells it in window.heard. */
const framingPage = (src: string, mapOrigin: string) => `<!doctype html>
<html lang="uk"><head><title>Депутати міської ради</title></head><body>
<script>
  window.heard = [];
  addEventListener('message', (event) => { if (event.origin === ${JSON.stringify(mapOrigin)}) window.heard.push(event.data); });
</script>
<h1>Округ №${DISTRICT}</h1>
<iframe id="map" src="${src}" width="900" height="560" title="Карта округу №${DISTRICT}" style="border:0"></iframe>
</body></html>`;

type Heard = { type: string; [key: string]: unknown };

describeBrowser('Embedding in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let allowed: HostSite;
  let other: HostSite;
  let admin: Session;
  let district: { id: string; bbox: [number, number, number, number] };
  /** Point MAFs inside the district, the best test subjects first. */
  let kiosks: { id: string; lon: number; lat: number }[];
  const pages: Page[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer('embedded');
    browser = await launchBrowser();
    [allowed, other] = await Promise.all([hostSite(), hostSite()]);
    admin = await signIn(server, SLUG, 'admin');
    const d = await server.db.query<{ id: number; xmin: number; ymin: number; xmax: number; ymax: number }>(
      `SELECT d.id, ST_XMin(d.geom) AS xmin, ST_YMin(d.geom) AS ymin, ST_XMax(d.geom) AS xmax, ST_YMax(d.geom) AS ymax
       FROM pub_districts d JOIN municipality m ON m.id = d.municipality_id WHERE m.slug = $1 AND d.number = $2`, [SLUG, DISTRICT]);
    district = { id: String(d.rows[0].id), bbox: [d.rows[0].xmin, d.rows[0].ymin, d.rows[0].xmax, d.rows[0].ymax] };
    const k = await server.db.query<{ id: number; lon: number; lat: number }>(
      `SELECT v.id, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
       FROM pub_maf v JOIN pub_districts d ON d.municipality_id = v.municipality_id AND ST_Contains(d.geom, v.geom)
       JOIN municipality m ON m.id = v.municipality_id
       WHERE m.slug = $1 AND d.number = $2 AND GeometryType(v.geom) = 'POINT' ORDER BY v.id LIMIT 15`, [SLUG, DISTRICT]);
    kiosks = k.rows.map((r) => ({ id: String(r.id), lon: r.lon, lat: r.lat }));
    expect(kiosks.length).toBeGreaterThan(0);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([allowed?.close(), other?.close()]);
    await server?.close();
  });

  async function newPage(options: BrowserContextOptions = DESK) {
    const { context } = await isolatedContext(browser, options);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    pages.push(page);
    return { page, context, problems };
  }

  const embedUrl = (query: string) => `${server.url}/${SLUG}/embed?${query}`;

  async function mapFrame(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('iframe');
    const frame = (await handle.contentFrame())!;
    await frame.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    return frame;
  }

  const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: Heard[] }).heard);
  async function waitToHear(page: Page, predicate: string): Promise<Heard> {
    const handle = await page.waitForFunction(`(window.heard || []).find((m) => ${predicate})`, null, { timeout: 20_000 });
    return (await handle.jsonValue()) as Heard;
  }

  async function setFraming(frameAncestors: string[] | null) {
    const { version } = await (await admin.fetch(`/${SLUG}/api/embed/settings`)).json();
    const res = await admin.fetch(`/${SLUG}/api/embed/settings`, { method: 'PUT', body: JSON.stringify({ frameAncestors, version }) });
    expect(res.status).toBe(200);
  }

  test('a council page on another site frames a district map, moves it and hears a selection back', async () => {
    const { page, problems } = await newPage();
    await page.goto(allowed.page('/district', framingPage(embedUrl(`district=${DISTRICT}&layers=districts,maf`), server.url)));
    const frame = await mapFrame(page);

    // The district is shown: ringed as the selection, and the view fitted around it.
    const ready = await waitToHear(page, "m.type === 'prozore:ready'");
    expect(ready.hromada).toBe(SLUG);
    const drawn = await frame.evaluate((id) => window.prozoreMap!.renderedFeatures('districts').find((f) => f.id === id), district.id);
    expect(drawn?.color).toBe('#111111');
    const [vx0, vy0, vx1, vy1] = (ready.view as { bbox: number[] }).bbox;
    const [dx0, dy0, dx1, dy1] = district.bbox;
    expect(vx0 <= dx0 && vy0 <= dy0 && vx1 >= dx1 && vy1 >= dy1).toBe(true);
    expect(Math.max((dx1 - dx0) / (vx1 - vx0), (dy1 - dy0) / (vy1 - vy0))).toBeGreaterThan(0.5);
    expect(await frame.evaluate(() => window.prozoreMap!.visibleLayers())).toEqual(['districts', 'maf']);
    expect(await frame.locator('#open-full').getAttribute('href')).toMatch(new RegExp(`^/${SLUG}/#map=[\\d.]+/[\\d.]+/[\\d.]+&layers=districts,maf&feature=districts/${district.id}$`));

    // The host moves the view to a kiosk; the map says where it went.
    let hit: { id: string; x: number; y: number } | null = null;
    for (const kiosk of kiosks) {
      await page.evaluate(([origin, message]) => (document.getElementById('map') as HTMLIFrameElement).contentWindow!.postMessage(message, origin as string),
        [server.url, { type: 'prozore:view', center: [kiosk.lon, kiosk.lat], zoom: 18 }] as const);
      const moved = await waitToHear(page, `m.type === 'prozore:moved' && Math.abs(m.view.center[0] - ${kiosk.lon}) < 1e-6 && Math.abs(m.view.zoom - 18) < 1e-9`);
      expect((moved.view as { center: number[] }).center[1]).toBeCloseTo(kiosk.lat, 6);
      await frame.waitForFunction(() => window.prozoreMap!.settled, null, { timeout: 30_000 });
      await frame.waitForFunction((id) => window.prozoreMap!.renderedFeatures('maf').some((f) => f.id === id), kiosk.id, { timeout: 15_000 });
      const spot = await frame.evaluate((id) => {
        const f = window.prozoreMap!.renderedFeatures('maf').find((r) => r.id === id)!;
        const at = window.prozoreMap!.featureAt(f.clientX, f.clientY);
        return at?.collection === 'maf' && at.id === id ? { x: f.clientX, y: f.clientY } : null;
      }, kiosk.id);
      if (spot) {
        hit = { id: kiosk.id, ...spot };
        break;
      }
    }
    expect(hit).not.toBeNull();

    // A resident clicks the kiosk in the frame: the host hears which one.
    const box = (await (await page.$('#map'))!.boundingBox())!;
    await page.mouse.click(box.x + hit!.x, box.y + hit!.y);
    const selected = await waitToHear(page, `m.type === 'prozore:selected' && m.feature && m.feature.id === ${JSON.stringify(hit!.id)}`);
    expect(selected.feature).toMatchObject({ collection: 'maf', id: hit!.id });
    expect((selected.feature as { title: string }).title.length).toBeGreaterThan(0);
    await frame.locator('#embed-card h2').waitFor();
    expect(await frame.textContent('#embed-card h2')).toBe((selected.feature as { title: string }).title);

    // A message that breaks the schema changes nothing and is answered with the field at fault.
    const before = await frame.evaluate(() => window.prozoreMap!.view());
    await page.evaluate((origin) => {
      const map = (document.getElementById('map') as HTMLIFrameElement).contentWindow!;
      map.postMessage({ type: 'prozore:view', zoom: 'closer' }, origin);
      map.postMessage({ type: 'prozore:delete', collection: 'maf', id: '1' }, origin);
    }, server.url);
    const refusedZoom = await waitToHear(page, "m.type === 'prozore:refused' && m.field === 'zoom'");
    expect(refusedZoom.error).toMatch(/number/);
    await waitToHear(page, "m.type === 'prozore:refused' && m.field === 'type'");
    expect(await frame.evaluate(() => window.prozoreMap!.view())).toEqual(before);
    expect((await heard(page)).filter((m) => m.type === 'prozore:refused')).toHaveLength(2);
    expect(problems).toEqual([]);
  });

  test('a filter from the URL draws only what it keeps; the host changes it and the full-map link follows', async () => {
    const { page, problems } = await newPage();
    const kiosk = kiosks[0];
    const src = embedUrl(`layers=maf&map=16/${kiosk.lat}/${kiosk.lon}&filter=maf.legality:expired|no_permit`);
    await page.goto(allowed.page('/filtered', framingPage(src, server.url)));
    const frame = await mapFrame(page);
    await waitToHear(page, "m.type === 'prozore:ready'");
    const drawn = () => frame.evaluate(() => window.prozoreMap!.renderedFeatures('maf')
      .filter((f) => !f.cluster).map((f) => ({ legality: f.properties.legality as string, drawn: f.color !== null })));
    const filtered = await drawn();
    expect(filtered.filter((f) => f.drawn).length).toBeGreaterThan(0);
    expect(filtered.filter((f) => !f.drawn).length).toBeGreaterThan(0);
    for (const f of filtered) expect(f.drawn).toBe(['expired', 'no_permit'].includes(f.legality));
    expect(await frame.getAttribute('#open-full', 'href')).toContain('&filter=maf.legality:expired|no_permit');

    await page.evaluate((origin) => (document.getElementById('map') as HTMLIFrameElement).contentWindow!
      .postMessage({ type: 'prozore:filter', filter: 'maf.legality:legal' }, origin), server.url);
    await frame.waitForFunction(() => window.prozoreMap!.renderedFeatures('maf').some((f) => f.properties.legality === 'legal' && f.color !== null));
    for (const f of await drawn()) expect(f.drawn).toBe(f.legality === 'legal');
    expect(await frame.getAttribute('#open-full', 'href')).toContain('&filter=maf.legality:legal');

    await page.evaluate((origin) => (document.getElementById('map') as HTMLIFrameElement).contentWindow!
      .postMessage({ type: 'prozore:filter', filter: null }, origin), server.url);
    await frame.waitForFunction(() => window.prozoreMap!.renderedFeatures('maf').every((f) => f.color !== null));
    expect(await frame.getAttribute('#open-full', 'href')).not.toContain('filter=');
    expect(problems).toEqual([]);
  });

  test('a site the hromada did not allow is refused by the browser; an allowed one is served', async () => {
    await setFraming([allowed.origin]);
    try {
      const refused = await newPage();
      const csp: string[] = [];
      refused.page.on('console', (m) => {
        if (/frame-ancestors/.test(m.text())) csp.push(m.text());
      });
      await refused.page.goto(other.page('/district', framingPage(embedUrl(`district=${DISTRICT}`), server.url)));
      const handle = await refused.page.waitForSelector('iframe');
      // Chromium replaces a refused frame's document by its error page: no map, no message.
      await refused.page.waitForFunction(() => true, null, { timeout: 1000 });
      for (let i = 0; i < 50 && csp.length === 0; i++) await refused.page.waitForTimeout(100);
      await refused.page.waitForTimeout(1500);
      const frame = await handle.contentFrame();
      expect(frame?.url()).not.toContain('/embed');
      expect(await frame?.evaluate(() => window.prozoreMap === undefined).catch(() => true)).toBe(true);
      expect(await heard(refused.page)).toEqual([]);
      expect(csp.join('\n')).toMatch(new RegExp(`violates the following Content Security Policy directive: "frame-ancestors 'self' ${allowed.origin}"\\. The request has been blocked`));

      // The full map, where staff sign in and edit, is framable by no site, allowed or not.
      const full = await newPage();
      const fullCsp: string[] = [];
      full.page.on('console', (m) => {
        if (/frame-ancestors/.test(m.text())) fullCsp.push(m.text());
      });
      await full.page.goto(allowed.page('/full', framingPage(`${server.url}/${SLUG}/`, server.url)));
      for (let i = 0; i < 50 && fullCsp.length === 0; i++) await full.page.waitForTimeout(100);
      expect(fullCsp.join('\n')).toMatch(/violates the following Content Security Policy directive: "frame-ancestors 'none'"/);
      expect((await (await full.page.$('iframe'))!.contentFrame())?.url()).not.toContain(`/${SLUG}/`);

      const served = await newPage();
      await served.page.goto(allowed.page('/district', framingPage(embedUrl(`district=${DISTRICT}`), server.url)));
      await mapFrame(served.page);
      await waitToHear(served.page, "m.type === 'prozore:ready'");
    } finally {
      await setFraming(null);
    }
  });

  test('the embed sends no cookie and shows no editing, even to a signed-in admin', async () => {
    const { page, context } = await newPage();
    const [name, value] = admin.cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    const cookies: string[] = [];
    page.on('request', async (request) => {
      if (/\/(api|ogc|tiles)\//.test(request.url()) && (await request.allHeaders()).cookie) cookies.push(request.url());
    });
    await page.goto(embedUrl(`district=${DISTRICT}&layers=districts,maf`));
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    expect(cookies).toEqual([]);
    expect(await page.locator('#editor-bar, #account, #open-share').count()).toBe(0);
  });

  test('the snippet the share dialog writes shows the same view pasted into a blank page of another site', async () => {
    const { page } = await newPage({ ...DESK, bypassCSP: true });
    const kiosk = kiosks[0];
    await page.goto(`${server.url}/${SLUG}/#map=16.5/${kiosk.lat.toFixed(5)}/${kiosk.lon.toFixed(5)}&layers=districts,maf&feature=maf/${kiosk.id}`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    await page.click('#open-share');
    await page.waitForSelector('#share-snippet');
    expect(await page.inputValue('dialog[open] input[readonly]')).toBe(page.url());
    const { properties } = await (await fetch(`${server.url}/${SLUG}/ogc/collections/maf/items/${kiosk.id}?f=json`)).json();
    const name = `${properties.type_uk}, ${properties.address}`;
    // The open object is named by its type and address once its record arrives, not by its id.
    await page.waitForFunction((n) => (document.getElementById('share-snippet') as HTMLTextAreaElement).value.includes(n), name);
    await page.fill('#share-height', '400');
    await page.waitForFunction(() => (document.getElementById('share-snippet') as HTMLTextAreaElement).value.includes('height="400"'));
    const snippet = await page.inputValue('#share-snippet');
    const { nameUk } = server.ctx.municipalities.get(SLUG)!;
    expect(snippet).toBe(`<iframe src="${server.url}/${SLUG}/embed?layers=districts,maf&amp;map=16.5/${kiosk.lat.toFixed(5)}/${kiosk.lon.toFixed(5)}&amp;feature=maf/${kiosk.id}" `
      + `width="100%" height="400" title="Карта громади ${nameUk}: ${name.replace(/"/g, '&quot;')} — Виборчі округи, Малі архітектурні форми" `
      + 'style="border:0;max-width:100%" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>');
    // The live preview is that snippet's map.
    const preview = (await (await page.waitForSelector('#share-preview[src]')).contentFrame())!;
    await preview.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    expect(await preview.evaluate(() => window.prozoreMap!.visibleLayers())).toEqual(['districts', 'maf']);
    expect(await seriousAxeViolations(page)).toEqual([]);

    const blank = await newPage();
    await blank.page.goto(`${allowed.origin}/blank`);
    await blank.page.evaluate((html) => {
      // A web editor's "insert HTML" does the same.
      document.querySelector('main')!.innerHTML = html;
    }, snippet);
    const frame = await mapFrame(blank.page);
    const view = await frame.evaluate(() => window.prozoreMap!.view());
    expect(view.zoom).toBeCloseTo(16.5, 6);
    expect(view.center[0]).toBeCloseTo(Number(kiosk.lon.toFixed(5)), 5);
    expect(view.center[1]).toBeCloseTo(Number(kiosk.lat.toFixed(5)), 5);
    expect(await frame.evaluate(() => window.prozoreMap!.visibleLayers())).toEqual(['districts', 'maf']);
    await frame.locator('#embed-card h2').waitFor();
    expect(await frame.textContent('#embed-card h2')).toBe(properties.type_uk);
    expect(await blank.page.getAttribute('iframe', 'title')).toMatch(/^Карта громади /);
    const box = (await (await blank.page.$('iframe'))!.boundingBox())!;
    expect(box.height).toBe(400);
  });

  test('the admin names the allowed sites in the share dialog on a phone; a bad line is named; residents never see the setting', async () => {
    const resident = await newPage(PHONE);
    await resident.page.goto(`${server.url}/${SLUG}/`);
    await resident.page.click('#open-share');
    await resident.page.waitForSelector('#share-snippet');
    expect(await resident.page.locator('#share-framing-sites').count()).toBe(0);

    const { page, context } = await newPage({ ...PHONE, bypassCSP: true });
    const [name, value] = admin.cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    await page.goto(`${server.url}/${SLUG}/`);
    await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
    await page.waitForSelector('#sign-out'); // the session was restored
    await page.click('#open-share');
    await page.waitForSelector('.share-framing:not([aria-busy])');
    expect(await page.isChecked('#share-framing-any')).toBe(true);
    await page.fill('#share-framing-sites', `${allowed.origin}\nrada.example/maps`);
    await page.click('#share-framing-save');
    expect(await page.textContent('#share-framing-error')).toBe('Рядок 2: «rada.example/maps» має бути адресою сайту на кшталт https://rada.gov.ua');
    expect(await page.getAttribute('#share-framing-sites', 'aria-invalid')).toBe('true');
    await page.fill('#share-framing-sites', `${allowed.origin}\nhttps://*.slovyansk.example`);
    await page.click('#share-framing-save');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Збережено');
    const saved = await (await admin.fetch(`/${SLUG}/api/embed/settings`)).json();
    expect(saved.frameAncestors).toEqual([allowed.origin, 'https://*.slovyansk.example']);
    expect(await page.isChecked('#share-framing-listed')).toBe(true);

    await page.screenshot({ path: join(ROOT, 'scratch', 'share-phone-framing.png') });
    await page.evaluate(() => document.querySelector('dialog[open]')!.scrollTo(0, 0));
    await page.screenshot({ path: join(ROOT, 'scratch', 'share-phone.png') });
    const dialogWidth = await page.evaluate(() => document.querySelector('dialog[open]')!.getBoundingClientRect().width);
    expect(dialogWidth).toBeLessThanOrEqual(390);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.check('#share-framing-any');
    await page.click('#share-framing-save');
    await page.waitForFunction(async (url) => (await (await fetch(url)).json()).frameAncestors === null, `/${SLUG}/api/embed/settings`);
  });

  test('axe-core finds nothing serious in the embed, on a desk and on a phone with a card and the legend open', async () => {
    const shots = join(ROOT, 'scratch');
    mkdirSync(shots, { recursive: true });
    for (const [name, options] of [['desk', DESK], ['phone', PHONE]] as const) {
      const { page, problems } = await newPage({ ...options, bypassCSP: true });
      await page.goto(embedUrl(`district=${DISTRICT}&feature=maf/${kiosks[0].id}&controls=zoom,link,legend`));
      await page.waitForFunction(() => window.prozoreMap?.settled === true, null, { timeout: 30_000 });
      await page.locator('#embed-card h2').waitFor();
      await page.locator('#embed-legend h2').waitFor();
      expect(await page.textContent('#open-full')).toBe('Відкрити повну карту');
      await page.screenshot({ path: join(shots, `embed-${name}.png`) });
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    }
  });
});
