/**
 * The map's filter of what each layer draws: what a URL may say, what a tick box changes, which
 * features pass — the rules the legend, the list and a shared link rely on.
 */
import { describe, expect, it } from '@jest/globals';
import type { CatalogCollection, CatalogDocument, CatalogProperty } from '../../client/src/catalog.js';
import { LayerFilters } from '../../client/src/map/layerFilter.js';

const prop = (p: Partial<CatalogProperty> & Pick<CatalogProperty, 'name' | 'type'>): CatalogProperty => ({
  label: { uk: p.name, en: p.name }, unit: null, values: null, inTiles: true, legendFilter: true, ...p,
});
const values = (...codes: string[]) => codes.map((value) => ({ value, label: { uk: value, en: value } }));
const collection = (id: string, properties: CatalogProperty[]) => ({ id, properties } as unknown as CatalogCollection);

const catalog = {
  collections: [
    collection('advertising', [
      prop({ name: 'legality', type: 'string', values: values('valid', 'expiring', 'expired', 'no_permit') }),
      prop({ name: 'owner_name', type: 'string' }),
      prop({ name: 'revenue_uah', type: 'number', inTiles: false }),
    ]),
    collection('facilities', [prop({ name: 'ramp', type: 'boolean' }), prop({ name: 'category', type: 'string', values: values('pharmacy', 'bank') })]),
  ],
} as unknown as CatalogDocument;

const feature = (properties: Record<string, unknown>) => (name: string) => properties[name];

describe('the layers\' filter', () => {
  it('reads a URL: several values of a property are alternatives, several properties must all match', () => {
    const f = new LayerFilters(catalog);
    f.replaceWith('advertising.legality:expired|no_permit,facilities.category:pharmacy,facilities.ramp:true');
    expect(f.matches('advertising', feature({ legality: 'expired' }))).toBe(true);
    expect(f.matches('advertising', feature({ legality: 'no_permit' }))).toBe(true);
    expect(f.matches('advertising', feature({ legality: 'valid' }))).toBe(false);
    expect(f.matches('facilities', feature({ category: 'pharmacy', ramp: true }))).toBe(true);
    expect(f.matches('facilities', feature({ category: 'pharmacy', ramp: false }))).toBe(false);
    expect(f.matches('facilities', feature({ category: 'pharmacy' }))).toBe(false); // unknown is not "has a ramp"
    expect(f.matches('facilities', feature({ category: 'bank', ramp: true }))).toBe(false);
  });

  it('leaves a collection without a filter whole', () => {
    const f = new LayerFilters(catalog);
    f.replaceWith('advertising.legality:expired');
    expect(f.matches('facilities', feature({ category: 'bank' }))).toBe(true);
    expect(f.isFiltered('facilities')).toBe(false);
  });

  it('drops from a URL what the tiles do not carry and what the catalog does not know', () => {
    const f = new LayerFilters(catalog);
    f.replaceWith('advertising.revenue_uah:0,nothing.legality:expired,advertising.nope:x,garbage,advertising.legality:');
    expect(f.toParam()).toBeNull();
  });

  it('writes back what it read, and a tick box change is one condition', () => {
    const f = new LayerFilters(catalog);
    const seen: string[][] = [];
    f.onChange((ids) => seen.push(ids));
    f.set('advertising', 'legality', ['expired', 'no_permit']);
    f.set('facilities', 'ramp', ['true']);
    expect(f.toParam()).toBe('advertising.legality:expired|no_permit,facilities.ramp:true');
    const again = new LayerFilters(catalog);
    again.replaceWith(f.toParam());
    expect(again.toParam()).toBe(f.toParam());
    expect(seen).toEqual([['advertising'], ['facilities']]);
  });

  it('every value of a closed list ticked is no filter at all', () => {
    const f = new LayerFilters(catalog);
    f.set('advertising', 'legality', ['expired']);
    f.set('advertising', 'legality', ['valid', 'expiring', 'expired', 'no_permit']);
    expect(f.isFiltered('advertising')).toBe(false);
    f.set('facilities', 'ramp', ['true', 'false']);
    expect(f.toParam()).toBeNull();
  });

  it('says nothing changed when the URL names the same filter in another order', () => {
    const f = new LayerFilters(catalog);
    f.replaceWith('advertising.legality:expired|no_permit');
    let changes = 0;
    f.onChange(() => changes++);
    f.replaceWith('advertising.legality:no_permit|expired');
    expect(changes).toBe(0);
    f.replaceWith(null);
    expect(changes).toBe(1);
  });
});
