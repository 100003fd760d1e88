import { describe, expect, test } from '@jest/globals';
import { collectionById } from '../../server/catalog/collections.js';
import type { Municipality } from '../../server/municipalities/directory.js';
import { displayValue, escapeHtml, html, itemsHtml } from '../../server/ogc/html.js';

const municipality: Municipality = {
  id: 1, slug: 'slovyansk', nameUk: 'Слов’янська', nameEn: 'Sloviansk', bbox: [37.5, 48.8, 37.7, 48.9], center: [37.6, 48.85], zoom: 13, localSrid: 6387,
};

describe('HTML pages', () => {
  test('escape the five characters that change the meaning of HTML', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });

  test('escape every value put into a template, but not fragments the template made', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${'"'}${['<', inner]}</p>`.html).toBe('<p><b>&lt;i&gt;</b>&quot;&lt;<b>&lt;i&gt;</b></p>');
  });

  test('show codes by their Ukrainian label, booleans as так/ні and numbers with their unit', () => {
    const maf = collectionById('maf')!;
    const prop = (name: string) => maf.properties.find((p) => p.name === name)!;
    expect(displayValue(prop('legality'), 'expired')).toBe('Дозвіл прострочено');
    expect(displayValue(collectionById('advertising')!.properties.find((p) => p.name === 'lighting')!, false)).toBe('ні');
    expect(displayValue(prop('monthly_fee_uah'), 1500.5)).toMatch(/^1\s?500,5 грн$/);
    expect(displayValue(prop('address'), null)).toBe('—');
  });

  test('draw a page of features in Ukrainian, with the data escaped', () => {
    const page = itemsHtml({
      base: 'http://x/slovyansk/ogc', municipality, collection: collectionById('maf')!, numberMatched: 1, offset: 0, links: [],
      features: [{ id: 7, geometry: { type: 'Point', coordinates: [37.6, 48.85] }, properties: { type_uk: 'Кіоск', owner_name: '<script>alert(1)</script>', legality: 'legal' } }],
    });
    expect(page).toMatch(/^<!doctype html><html lang="uk">/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<caption>Малі архітектурні форми</caption>');
    expect(page).toContain('Показано 1–1 з 1.');
  });
});
