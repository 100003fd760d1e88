/**
 * Absolute URLs in publicly cached documents (TileJSON, OGC links, the open-data export) start
 * from one origin: PUBLIC_URL when set, else the request's Host only when it is hostname[:port],
 * else this server's own address. A hostile Host header never reaches a document.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'node:http';
import { validHost } from '../../server/http/public-url.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('A Host header', () => {
  test('is used when it is a hostname, an IPv4 or a bracketed IPv6 address, with a port or without', () => {
    for (const host of ['localhost', 'gis.slovyansk.gov.ua', 'maps.example.org:8080', '127.0.0.1:3000', '[::1]:3000', '[2001:db8::1]', 'xn--80aaxitdbjk.xn--j1amh']) {
      expect([host, validHost(host)]).toEqual([host, host]);
    }
  });

  test('is refused when it is anything else', () => {
    for (const host of ['evil.example/"><script>', 'a b', 'evil.example:99999', 'evil.example:0', 'evil.example:', 'user@evil.example',
      'evil.example/path', '-evil.example', 'evil..example', 'evil_example.org', '[::1', `${'a'.repeat(64)}.example`, '', undefined]) {
      expect([host, validHost(host)]).toEqual([host, undefined]);
    }
  });
});

/** A GET with a Host header of our choosing (fetch does not let a caller set it). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject).end();
  });
}

describe.each(backends())('Absolute URLs on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  }, 120_000);
  afterAll(() => server?.close());

  const documents = ['/slovyansk/tiles/maf.json', '/slovyansk/ogc/collections/maf/items?limit=2', '/slovyansk/ogc/', '/slovyansk/api/registry/export.geojson'];

  test('a hostile Host header is replaced by the server’s own address in TileJSON, OGC links and the export', async () => {
    for (const host of ['evil.example/"><script>alert(1)</script>', 'evil.example:99999', 'evil.example/x?']) {
      for (const path of documents) {
        const res = await getWithHost(`${server.url}${path}`, host);
        expect([path, res.status]).toEqual([path, 200]);
        expect([path, res.body.includes('evil')]).toEqual([path, false]);
        expect([path, res.body.includes(`${server.url}/slovyansk/`)]).toEqual([path, true]);
      }
    }
    const tilejson = JSON.parse((await getWithHost(`${server.url}/slovyansk/tiles/maf.json`, 'evil.example/"><script>')).body) as { tiles: string[] };
    expect(tilejson.tiles).toEqual([`${server.url}/slovyansk/tiles/maf/{z}/{x}/{y}.mvt`]);
  });

  test('a well-formed Host is the origin when PUBLIC_URL is not set; PUBLIC_URL wins over any Host', async () => {
    const viaProxyName = JSON.parse((await getWithHost(`${server.url}/slovyansk/tiles/maf.json`, 'maps.example.org:8080')).body) as { tiles: string[] };
    expect(viaProxyName.tiles).toEqual(['http://maps.example.org:8080/slovyansk/tiles/maf/{z}/{x}/{y}.mvt']);
    server.ctx.config.PUBLIC_URL = 'https://gis.slovyansk.gov.ua/prozore/';
    try {
      for (const path of documents) {
        const res = await getWithHost(`${server.url}${path}`, 'maps.example.org:8080');
        expect([path, res.body.includes('maps.example.org'), res.body.includes('https://gis.slovyansk.gov.ua/prozore/slovyansk/')]).toEqual([path, false, true]);
      }
    } finally {
      server.ctx.config.PUBLIC_URL = undefined;
    }
  });
});
