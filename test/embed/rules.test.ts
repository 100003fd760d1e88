/**
 * The embed's shared rules, without a server: what an embed URL says, which sites a hromada may
 * list, which host messages the map accepts, and the build's JavaScript budget.
 */
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  describeEmbed, embedSnippet, formatEmbedQuery, normalizeFrameAncestor, parseEmbedParams,
} from '../../server/rules/embed.js';
import { HOST_MESSAGES, MESSAGES_SCHEMA, readHostMessage } from '../../server/rules/embed-messages.js';
// @ts-expect-error a plain ES module without types (the Vite config reads it too)
import { EMBED_JS_BUDGET, eagerJsSize, embedBudget } from '../../client/embed-budget.mjs';

const parse = (query: string) => parseEmbedParams(new URLSearchParams(query));

describe('an embed URL', () => {
  it('reads every parameter the web team may write, and writes them back the same', () => {
    const query = 'layers=districts,maf&map=15/48.85300/37.61700&district=3&feature=maf/123&filter=advertising.legality:expired|no_permit&lang=en&controls=zoom,legend';
    const { params, problems } = parse(query);
    expect(problems).toEqual([]);
    expect(params).toEqual({
      layers: ['districts', 'maf'], view: { zoom: 15, center: [37.617, 48.853] }, bbox: null, district: 3,
      feature: { collection: 'maf', id: '123' }, filter: 'advertising.legality:expired|no_permit', lang: 'en', controls: ['zoom', 'legend'],
    });
    expect(formatEmbedQuery(params)).toBe(query);
  });

  it('leaves the defaults out: no parameters mean the hromada’s default map with zoom buttons and the full-map link', () => {
    const { params } = parse('');
    expect(params).toMatchObject({ layers: null, view: null, lang: 'uk', controls: ['zoom', 'link'] });
    expect(formatEmbedQuery(params)).toBe('');
    expect(formatEmbedQuery({ ...params, controls: [] })).toBe('controls=none');
    expect(parse('controls=none').params.controls).toEqual([]);
    expect(parse('bbox=37.5,48.8,37.7,48.9').params.bbox).toEqual([37.5, 48.8, 37.7, 48.9]);
  });

  it('names each parameter it cannot use, with its value', () => {
    const cases: [string, string, string][] = [
      ['layers=maf,<script>', 'layers', '<script>'],
      ['map=15/48.8', 'map', '15/48.8'],
      ['map=30/48.8/37.6', 'map', '30/48.8/37.6'],
      ['bbox=37.7,48.8,37.5,48.9', 'bbox', '37.7,48.8,37.5,48.9'],
      ['district=0', 'district', '0'],
      ['district=3.5', 'district', '3.5'],
      ['feature=maf', 'feature', 'maf'],
      ['feature=maf/1 OR 1=1', 'feature', 'maf/1 OR 1=1'],
      ['filter=a"><script>', 'filter', 'a"><script>'],
      ['lang=de', 'lang', 'de'],
      ['controls=zoom,share', 'controls', 'share'],
    ];
    for (const [query, parameter, value] of cases) {
      const { problems } = parse(query);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ parameter, value });
      expect(problems[0].uk.length).toBeGreaterThan(5);
    }
  });

  it('is described in words for screen readers, in either language', () => {
    const names = { hromada: { uk: 'Слов’янськ', en: 'Sloviansk' }, layers: { maf: { uk: 'МАФ', en: 'MAFs' }, districts: { uk: 'Округи', en: 'Districts' } } };
    expect(describeEmbed({ layers: ['basemap', 'districts', 'maf'], district: 3, feature: null, filter: null }, names, 'uk')).toBe('Карта громади Слов’янськ: виборчий округ №3 — Округи, МАФ');
    expect(describeEmbed({ layers: null, district: null, feature: null, filter: 'maf.legality:expired' }, names, 'en')).toBe('Map of Sloviansk (filtered)');
    expect(describeEmbed({ layers: ['maf'], district: null, feature: { collection: 'maf', id: '7' }, filter: null }, names, 'uk')).toBe('Карта громади Слов’янськ: об’єкт maf/7 — МАФ');
    expect(describeEmbed({ layers: ['maf'], district: null, feature: { collection: 'maf', id: '7' }, filter: null }, names, 'uk', 'Кіоск, вулиця Шевченка, 1'))
      .toBe('Карта громади Слов’янськ: Кіоск, вулиця Шевченка, 1 — МАФ');
  });

  it('becomes a snippet whose attributes cannot be broken out of', () => {
    const html = embedSnippet({ src: 'https://map.example/s/embed?a=1&b=2', width: '100%', height: 400, title: 'Карта "центр" <b>' });
    expect(html).toBe('<iframe src="https://map.example/s/embed?a=1&amp;b=2" width="100%" height="400" title="Карта &quot;центр&quot; &lt;b&gt;" '
      + 'style="border:0;max-width:100%" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>');
  });
});

describe('the sites a hromada lets frame its maps', () => {
  it('are origins, with a wildcard subdomain allowed, normalized', () => {
    expect(normalizeFrameAncestor(' HTTPS://Rada.Slovyansk.gov.ua/ ')).toBe('https://rada.slovyansk.gov.ua');
    expect(normalizeFrameAncestor('https://*.slovyansk.gov.ua')).toBe('https://*.slovyansk.gov.ua');
    expect(normalizeFrameAncestor('http://localhost:8080')).toBe('http://localhost:8080');
  });

  it('refuse anything that would say more to the CSP than a site', () => {
    for (const bad of ['*', "'self'", "'none'", 'https://a.example; script-src *', 'https://a.example/path', 'https://a.example?x', 'ftp://a.example',
      'javascript:alert(1)', 'https://a.example:99999', 'https://*', 'data:', 'https://a b.example']) {
      expect(normalizeFrameAncestor(bad)).toBeNull();
    }
  });
});

describe('messages from the host page', () => {
  it('are accepted when they follow the schema', () => {
    expect(readHostMessage({ type: 'prozore:view', center: [37.6, 48.85], zoom: 15 })).toEqual({ message: { type: 'prozore:view', center: [37.6, 48.85], zoom: 15 } });
    expect(readHostMessage({ type: 'prozore:view', bbox: [37.5, 48.8, 37.7, 48.9] })).toHaveProperty('message');
    expect(readHostMessage({ type: 'prozore:layers', layers: ['maf'] })).toHaveProperty('message');
    expect(readHostMessage({ type: 'prozore:district', district: null })).toHaveProperty('message');
    expect(readHostMessage({ type: 'prozore:filter', filter: 'maf.legality:expired' })).toHaveProperty('message');
  });

  it('are ignored when they are not ours (other scripts on the page post messages too)', () => {
    for (const other of [null, 'hello', 42, [1], { type: 'webpackOk' }, { source: 'react-devtools' }]) expect(readHostMessage(other)).toBeNull();
  });

  it('are refused with the field at fault when they break it', () => {
    const cases: [unknown, string][] = [
      [{ type: 'prozore:view', zoom: 'near' }, 'zoom'],
      [{ type: 'prozore:view', zoom: 40 }, 'zoom'],
      [{ type: 'prozore:view', center: [37.6] }, 'center'],
      [{ type: 'prozore:view', center: [370, 48] }, 'center'],
      [{ type: 'prozore:view' }, '(message)'],
      [{ type: 'prozore:view', zoom: 12, html: '<img onerror=…>' }, 'html'],
      [{ type: 'prozore:layers', layers: ['maf', 'DROP TABLE'] }, 'layers[1]'],
      [{ type: 'prozore:layers' }, 'layers'],
      [{ type: 'prozore:district', district: 2.5 }, 'district'],
      [{ type: 'prozore:filter', filter: 'x'.repeat(501) }, 'filter'],
      [{ type: 'prozore:save', record: {} }, 'type'],
    ];
    for (const [message, field] of cases) {
      const read = readHostMessage(message);
      expect(read).toHaveProperty('refused');
      expect((read as { refused: { field: string } }).refused.field).toBe(field);
    }
  });

  it('have one schema per type, published whole', () => {
    expect(MESSAGES_SCHEMA.oneOf).toEqual(Object.values(HOST_MESSAGES));
    for (const [type, schema] of Object.entries(HOST_MESSAGES)) expect(schema.properties!.type.const).toBe(type);
  });
});

describe('the embed’s JavaScript budget', () => {
  const chunk = (fileName: string, name: string, isEntry: boolean, imports: string[], bytes: number) => ({
    type: 'chunk', fileName, name, isEntry, imports,
    // random base64: gzip keeps about three quarters of it
    code: randomBytes(bytes).toString('base64').slice(0, bytes),
  });

  it('counts the embed’s entry and what it imports statically, not the full map’s own chunks', () => {
    const bundle = {
      a: chunk('embed.js', 'embed', true, ['shared.js'], 5_000),
      b: chunk('shared.js', 'shared', false, [], 20_000),
      c: chunk('index.js', 'index', true, ['shared.js'], 40_000),
      d: chunk('editor.js', 'editor', false, ['shared.js'], 40_000),
    };
    const { bytes, files } = eagerJsSize(bundle, 'embed');
    expect(files.map((f: { name: string }) => f.name)).toEqual(['embed.js', 'shared.js']);
    expect(bytes).toBeGreaterThan(15_000);
    expect(bytes).toBeLessThan(30_000);
  });

  it('fails the build past the budget, naming the files', () => {
    const plugin = embedBudget({ budget: 10_000, log: () => undefined });
    const errors: string[] = [];
    const context = { error: (message: string) => errors.push(message) };
    plugin.generateBundle.call(context, {}, { a: chunk('embed.js', 'embed', true, [], 30_000) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/over its budget of 9\.8 kB.*embed\.js/);
    plugin.generateBundle.call(context, {}, { a: chunk('embed.js', 'embed', true, [], 2_000) });
    expect(errors).toHaveLength(1);
    expect(EMBED_JS_BUDGET).toBe(120 * 1024);
  });
});
