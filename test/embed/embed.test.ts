/**
 * Embedding, as the council's web team and a CMS meet it over HTTP: the embed page with its social
 * card and the frame-ancestors its hromada chose; the admin's setting and who may change it; the
 * oEmbed endpoint a CMS asks when a map link is pasted. (The browser's side — what it frames and
 * refuses — is embed-browser.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureClientBuilt } from '../support/browser.js';
import { backends } from '../support/backends.js';
import { signIn, startTestServer, type Session, type TestServer } from '../support/server.js';

const SLUG = 'slovyansk';

/** The sources of the CSP directive `name`, or null when the header lacks it. */
function directive(csp: string | null, name: string): string[] | null {
  const found = (csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  return found ? found.slice(1) : null;
}

/** The content of <meta property|name="key">. */
function meta(html: string, key: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(html)?.[1];
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

describe.each(backends())('embedding over HTTP on %s', (kind) => {
  let server: TestServer;
  let admin: Session;

  beforeAll(async () => {
    ensureClientBuilt();
    server = await startTestServer(kind);
    admin = await signIn(server, SLUG, 'admin');
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  const settings = (session: Session, body?: unknown, slug = SLUG) =>
    session.fetch(`/${slug}/api/embed/settings`, body === undefined ? {} : { method: 'PUT', body: JSON.stringify(body) });

  it('serves a district map framable by any site by default, with no session and a card naming what it shows', async () => {
    const res = await fetch(`${server.url}/${SLUG}/embed?district=3&layers=districts,maf`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(directive(res.headers.get('content-security-policy'), 'frame-ancestors')).toEqual(['*', 'https:', 'http:']);
    // The rest of the app's policy is kept: still no inline script, still only our own connections.
    expect(directive(res.headers.get('content-security-policy'), 'script-src') ?? directive(res.headers.get('content-security-policy'), 'default-src')).toEqual(["'self'"]);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    const title = decode(meta(html, 'og:title')!);
    const { nameUk } = server.ctx.municipalities.get(SLUG)!;
    expect(title).toBe(`Карта громади ${nameUk}: виборчий округ №3 — Виборчі округи, Малі архітектурні форми`);
    expect(decode(meta(html, 'twitter:title')!)).toBe(title);
    expect(meta(html, 'twitter:card')).toBe('summary');
    expect(decode(meta(html, 'og:url')!)).toBe(`${server.url}/${SLUG}/embed?layers=districts,maf&district=3`);
    expect(decode(/<title>([^<]*)<\/title>/.exec(html)![1])).toBe(title);
    const discovery = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(html)?.[1];
    expect(discovery).toBeDefined();
    const oembed = await fetch(decode(discovery!));
    expect(oembed.status).toBe(200);
    expect((await oembed.json()).title).toBe(title);
  });

  it('keeps the full map, its sign-in and editing, and the API unframable by any site, and gives the map page its card too', async () => {
    const page = await fetch(`${server.url}/${SLUG}/`);
    expect(directive(page.headers.get('content-security-policy'), 'frame-ancestors')).toEqual(["'none'"]);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(decode(meta(html, 'og:url')!)).toBe(`${server.url}/${SLUG}/`);
    expect(decode(meta(html, 'og:title')!)).toMatch(/Прозоре місто/);
    expect(html).toContain('type="application/json+oembed"');
    const api = await fetch(`${server.url}/${SLUG}/api/catalog`);
    expect(directive(api.headers.get('content-security-policy'), 'frame-ancestors')).toEqual(["'none'"]);
    expect(api.headers.get('x-frame-options')).toBe('DENY');
  });

  it('speaks English when the snippet asks, from the first byte (lang, title, card)', async () => {
    const html = await (await fetch(`${server.url}/${SLUG}/embed?layers=facilities&lang=en`)).text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(meta(html, 'og:locale')).toBe('en_GB');
    expect(decode(meta(html, 'og:title')!)).toBe(`Map of ${server.ctx.municipalities.get(SLUG)!.nameEn}: Accessibility of facilities`);
    expect(decode(meta(html, 'og:description')!)).toMatch(/^Open map of /);
  });

  it('refuses a snippet with a typo by naming the parameter and its value', async () => {
    for (const [query, parameter, value] of [
      ['layers=maf,kiosks', 'layers', 'kiosks'],
      ['map=15/48.85', 'map', '15/48.85'],
      ['district=third', 'district', 'third'],
      ['controls=zoom,print', 'controls', 'print'],
      ['feature=nothing/1', 'feature', 'nothing'],
      ['filter=advertising.legality:expired,maf.owner_edrpou:12345678', 'filter', 'maf.owner_edrpou:12345678'],
      ['filter=advertising:expired', 'filter', 'advertising:expired'],
    ]) {
      const res = await fetch(`${server.url}/${SLUG}/embed?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = await res.json();
      expect(problem).toMatchObject({ parameter, value });
      expect(problem.detail).toContain(parameter);
    }
  });

  it('lets the hromada’s admin name the sites that may frame its maps, in one audited write', async () => {
    const before = await settings(admin);
    expect(before.status).toBe(200);
    const { version } = await before.json();
    const saved = await settings(admin, { frameAncestors: ['https://rada.slovyansk.example/', 'https://*.slovyansk.example', 'HTTPS://RADA.slovyansk.example'], version });
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body).toEqual({ frameAncestors: ['https://rada.slovyansk.example', 'https://*.slovyansk.example'], version: version + 1 });

    const page = await fetch(`${server.url}/${SLUG}/embed`);
    expect(directive(page.headers.get('content-security-policy'), 'frame-ancestors')).toEqual(["'self'", 'https://rada.slovyansk.example', 'https://*.slovyansk.example']);
    // Another hromada's maps keep their own (default) setting.
    const other = await fetch(`${server.url}/kryvyi-rih/embed`);
    expect(directive(other.headers.get('content-security-policy'), 'frame-ancestors')).toEqual(['*', 'https:', 'http:']);

    const { rows } = await server.db.query<{ action: string; after: { frameAncestors: string[] } }>(
      `SELECT a.action, a.after FROM audit_log a JOIN municipality m ON m.id = a.municipality_id
       WHERE m.slug = $1 AND a.entity = 'embed_setting' ORDER BY a.id DESC LIMIT 1`, [SLUG]);
    expect(rows[0].after.frameAncestors).toEqual(body.frameAncestors);

    // Anywhere again.
    const reset = await settings(admin, { frameAncestors: null, version: body.version });
    expect(reset.status).toBe(200);
    expect(directive((await fetch(`${server.url}/${SLUG}/embed`)).headers.get('content-security-policy'), 'frame-ancestors')).toEqual(['*', 'https:', 'http:']);
  });

  it('refuses a site that is not an origin, naming its line, and a save over a newer one', async () => {
    const { version } = await (await settings(admin)).json();
    for (const bad of ['rada.example', 'https://rada.example/maps', "https://rada.example; script-src 'unsafe-inline'", "'self'", 'javascript:alert(1)']) {
      const res = await settings(admin, { frameAncestors: ['https://ok.example', bad], version });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ field: 'frameAncestors[1]', value: bad });
    }
    const stale = await settings(admin, { frameAncestors: [], version: version + 5 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).currentVersion).toBe(version);
  });

  it('lets no one but the hromada’s own admin read or change it', async () => {
    const anonymous = await fetch(`${server.url}/${SLUG}/api/embed/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"frameAncestors":[],"version":0}' });
    expect(anonymous.status).toBe(401);
    const editor = await signIn(server, SLUG, 'editor');
    expect((await settings(editor)).status).toBe(403);
    expect((await settings(editor, { frameAncestors: [], version: 0 })).status).toBe(403);
    const foreignAdmin = await signIn(server, 'kryvyi-rih', 'admin');
    expect((await settings(foreignAdmin, { frameAncestors: ['https://evil.example'], version: 0 }, SLUG)).status).toBe(403);
    // Without the CSRF header a cookie alone cannot write.
    const forged = await fetch(`${server.url}/${SLUG}/api/embed/settings`, {
      method: 'PUT', headers: { cookie: admin.cookie, 'content-type': 'application/json' }, body: '{"frameAncestors":[],"version":0}',
    });
    expect(forged.status).toBe(403);
  });

  describe('oEmbed', () => {
    const ask = (query: Record<string, string>) => fetch(`${server.url}/oembed?${new URLSearchParams(query)}`);

    it('answers a CMS pasting an embed link with a rich iframe of that view, within its maxwidth', async () => {
      const url = `${server.url}/${SLUG}/embed?layers=advertising&filter=advertising.legality:expired|no_permit`;
      const res = await ask({ url, maxwidth: '480', format: 'json' });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const answer = await res.json();
      expect(answer).toMatchObject({ version: '1.0', type: 'rich', width: 480, height: 360, provider_url: `${server.url}/${SLUG}/` });
      expect(answer.title).toMatch(/Рекламні конструкції \(з фільтром\)$/);
      const src = /<iframe src="([^"]+)"/.exec(answer.html)![1];
      expect(src.replace(/&amp;/g, '&')).toBe(`${server.url}/${SLUG}/embed?layers=advertising&filter=advertising.legality:expired|no_permit`);
      expect(answer.html).toContain('width="480" height="360"');
      expect(answer.html).toContain(`title="${answer.title}"`);
      // The iframe it gives is served.
      expect((await fetch(src.replace(/&amp;/g, '&'))).status).toBe(200);
    });

    it('turns a full map link, whose view is in the hash, into the embed of that view, naming its object', async () => {
      const { rows } = await server.db.query<{ id: number; type_en: string; address: string; slug: string }>(
        `SELECT DISTINCT ON (m.slug) v.id, v.type_en, v.address, m.slug FROM pub_maf v JOIN municipality m ON m.id = v.municipality_id
         WHERE v.address IS NOT NULL ORDER BY m.slug, v.id`);
      const ours = rows.find((r) => r.slug === SLUG)!;
      const res = await ask({ url: `${server.url}/${SLUG}/#map=16/48.85300/37.61700&layers=maf&feature=maf/${ours.id}&lang=en` });
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer.html).toContain(`src="${server.url}/${SLUG}/embed?layers=maf&amp;map=16/48.85300/37.61700&amp;feature=maf/${ours.id}&amp;lang=en"`);
      expect(answer.title).toBe(`Map of ${server.ctx.municipalities.get(SLUG)!.nameEn}: ${ours.type_en}, ${ours.address} — Small architectural forms`);
      expect(answer.provider_name).toMatch(/^Transparent City · /);
      // Another hromada's object is not named through this one's link: only its id is repeated.
      const theirs = rows.find((r) => r.slug !== SLUG)!;
      const foreign = await (await ask({ url: `${server.url}/${SLUG}/embed?feature=maf/${theirs.id}` })).json();
      expect(foreign.title).toBe(`Карта громади ${server.ctx.municipalities.get(SLUG)!.nameUk}: об’єкт maf/${theirs.id}`);
      expect(foreign.title).not.toContain(theirs.address);
    });

    it('speaks XML too, as the spec asks', async () => {
      const res = await ask({ url: `${server.url}/${SLUG}/embed?district=2`, format: 'xml' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/xml/);
      const xml = await res.text();
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8" standalone="yes"\?>\n<oembed>/);
      expect(xml).toContain('<type>rich</type>');
      expect(xml).toContain('&lt;iframe src=&quot;');
    });

    it('answers what the spec says for a URL it does not serve, a format it does not speak, and bad sizes', async () => {
      expect((await ask({ url: 'https://example.com/slovyansk/embed' })).status).toBe(404);
      expect((await ask({ url: `${server.url}/no-such-town/embed` })).status).toBe(404);
      expect((await ask({ url: `${server.url}/${SLUG}/api/catalog` })).status).toBe(404);
      expect((await ask({ url: `${server.url}/${SLUG}/embed`, format: 'yaml' })).status).toBe(501);
      const noUrl = await ask({});
      expect(noUrl.status).toBe(400);
      expect(await noUrl.json()).toMatchObject({ parameter: 'url' });
      const badSize = await ask({ url: `${server.url}/${SLUG}/embed`, maxwidth: 'wide' });
      expect(badSize.status).toBe(400);
      expect(await badSize.json()).toMatchObject({ parameter: 'maxwidth', value: 'wide' });
      const badLink = await ask({ url: `${server.url}/${SLUG}/embed?district=0` });
      expect(badLink.status).toBe(400);
      expect(await badLink.json()).toMatchObject({ parameter: 'url.district', value: '0' });
    });
  });

  it('publishes the postMessage interface as a JSON Schema document', async () => {
    const res = await fetch(`${server.url}/api/embed/messages.schema.json`);
    expect(res.status).toBe(200);
    const schema = await res.json();
    expect(schema.oneOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const))
      .toEqual(['prozore:view', 'prozore:layers', 'prozore:district', 'prozore:filter']);
  });
});
