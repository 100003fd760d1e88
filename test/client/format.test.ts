/**
 * How the map client writes values and links: the pure parts of client/src (format.ts,
 * permalink.ts), without a browser.
 */
import { describe, expect, test } from '@jest/globals';
import type { CatalogCollection, CatalogProperty } from '../../client/src/catalog.js';
import { featureTitle, formatDate, formatDateTime, formatValue } from '../../client/src/format.js';
import { formatHash, parseHash } from '../../client/src/permalink.js';

const NBSP = '\u00a0';
const property = (p: Partial<CatalogProperty> & Pick<CatalogProperty, 'name' | 'type'>): CatalogProperty => ({
  label: { uk: p.name, en: p.name }, unit: null, values: null, inTiles: false, legendFilter: false, ...p,
});

describe('A property value is written as a resident reads it', () => {
  test('a date reads dd.mm.yyyy', () => {
    expect(formatValue(property({ name: 'permit_valid_until', type: 'date' }), '2026-03-09', 'uk')).toBe('09.03.2026');
    expect(formatDate('2017-12-31')).toBe('31.12.2017');
  });

  test('a moment reads on the Kyiv clock, whatever the reader’s time zone', () => {
    // 12:05 UTC in winter is 14:05 in Kyiv (UTC+2); in summer 15:05 (UTC+3)
    expect(formatDateTime('2026-01-15T12:05:00Z')).toBe('15.01.2026 14:05');
    expect(formatDateTime('2026-07-15T12:05:00Z')).toBe('15.07.2026 15:05');
  });

  test('hryvnias have two decimals, a decimal comma and thousands apart by a no-break space', () => {
    const revenue = property({ name: 'revenue_total_uah', type: 'number', unit: 'грн' });
    expect(formatValue(revenue, 1234567.5, 'uk')).toBe(`1${NBSP}234${NBSP}567,50${NBSP}грн`);
    expect(formatValue(revenue, 0, 'uk')).toBe(`0,00${NBSP}грн`);
    expect(formatValue(revenue, 950, 'en')).toBe(`950.00${NBSP}UAH`);
    expect(formatValue(revenue, 12345.678, 'en')).toBe(`12,345.68${NBSP}UAH`);
  });

  test('measures keep up to two decimals and their unit; bare integers are not grouped', () => {
    expect(formatValue(property({ name: 'width_m', type: 'number', unit: 'м' }), 3.5, 'uk')).toBe(`3,5${NBSP}м`);
    expect(formatValue(property({ name: 'area_m2', type: 'number', unit: 'м²' }), 18, 'en')).toBe(`18${NBSP}m²`);
    expect(formatValue(property({ name: 'registry_object_id', type: 'integer' }), 10245, 'uk')).toBe('10245');
  });

  test('booleans read так / ні, or yes / no', () => {
    const lighting = property({ name: 'lighting', type: 'boolean' });
    expect(formatValue(lighting, true, 'uk')).toBe('так');
    expect(formatValue(lighting, false, 'uk')).toBe('ні');
    expect(formatValue(lighting, true, 'en')).toBe('yes');
  });

  test('a listed value reads as its catalog label; an unlisted one as it is', () => {
    const legality = property({
      name: 'legality', type: 'string',
      values: [{ value: 'expired', label: { uk: 'Дозвіл прострочено', en: 'Permit expired' }, color: '#c62828' }],
    });
    expect(formatValue(legality, 'expired', 'uk')).toBe('Дозвіл прострочено');
    expect(formatValue(legality, 'expired', 'en')).toBe('Permit expired');
    expect(formatValue(legality, 'something_new', 'uk')).toBe('something_new');
  });

  test('an absent value says so instead of vanishing', () => {
    expect(formatValue(property({ name: 'owner_contact', type: 'string' }), null, 'uk')).toBe('немає даних');
    expect(formatValue(property({ name: 'owner_contact', type: 'string' }), '', 'en')).toBe('no data');
  });

  test('text is passed through untouched (the DOM writes it as text, never as HTML)', () => {
    expect(formatValue(property({ name: 'owner_name', type: 'string' }), '<img src=x onerror=alert(1)>', 'uk')).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('A feature is named by its title property', () => {
  const collection = (titleProperty: string, properties: CatalogProperty[]) =>
    ({ id: 'c', title: { uk: 'Колекція', en: 'Collection' }, titleProperty, properties }) as unknown as CatalogCollection;

  test('a number title carries its label', () => {
    const districts = collection('number', [property({ name: 'number', type: 'integer', label: { uk: 'Номер округу', en: 'District number' } })]);
    expect(featureTitle(districts, { number: 12 }, 7, 'uk')).toBe('Номер округу 12');
    expect(featureTitle(districts, { number: 12 }, 7, 'en')).toBe('District number 12');
  });

  test('in English a _uk title gives way to its _en twin when the feature has one', () => {
    const maf = collection('type_uk', [property({ name: 'type_uk', type: 'string' }), property({ name: 'type_en', type: 'string' })]);
    expect(featureTitle(maf, { type_uk: 'Кіоск', type_en: 'Kiosk' }, 1, 'en')).toBe('Kiosk');
    expect(featureTitle(maf, { type_uk: 'Кіоск' }, 1, 'en')).toBe('Кіоск');
    expect(featureTitle(maf, { type_uk: 'Кіоск', type_en: 'Kiosk' }, 1, 'uk')).toBe('Кіоск');
  });

  test('without a title the collection and the id name it', () => {
    const maf = collection('type_uk', [property({ name: 'type_uk', type: 'string' })]);
    expect(featureTitle(maf, {}, 42, 'uk')).toBe('Колекція 42');
  });
});

describe('The URL hash holds the view, the layers, the open card, the language and the filters', () => {
  test('a full state survives a round trip', () => {
    const state = {
      zoom: 14.25, center: [37.61712, 48.85301] as [number, number], layers: ['maf', 'districts'], feature: { collection: 'maf', id: '123' }, lang: 'en' as const,
      filter: 'advertising.legality:expired|no_permit,facilities.ramp:true',
    };
    const hash = formatHash(state);
    expect(hash).toBe('#map=14.25/48.85301/37.61712&layers=maf,districts&feature=maf/123&lang=en&filter=advertising.legality:expired|no_permit,facilities.ramp:true');
    expect(parseHash(hash)).toEqual(state);
  });

  test('Ukrainian is the default and is not written', () => {
    expect(formatHash({ zoom: 13, center: [37.6, 48.8], layers: [], feature: null, lang: 'uk', filter: null })).toBe('#map=13/48.80000/37.60000&layers=');
  });

  test('"layers=" means none, no "layers" means the defaults', () => {
    expect(parseHash('#map=13/48.8/37.6&layers=').layers).toEqual([]);
    expect(parseHash('#map=13/48.8/37.6').layers).toBeUndefined();
  });

  test('a view out of range or malformed is ignored, not obeyed', () => {
    expect(parseHash('#map=13/98.8/37.6')).toEqual({});
    expect(parseHash('#map=abc')).toEqual({});
    expect(parseHash('#feature-list')).toEqual({});
  });
});
