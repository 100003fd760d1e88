import { describe, expect, test } from '@jest/globals';
import { collectionById } from '../../server/catalog/collections.js';
import { AppError } from '../../server/errors.js';
import { CRS84 } from '../../server/ogc/crs.js';
import { parseDatetime, parseItemsQuery } from '../../server/ogc/params.js';

const maf = collectionById('maf')!;
const comments = collectionById('comments')!;
const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('Items query parameters', () => {
  test('default to 100 features from the first, in CRS84, unfiltered', () => {
    expect(parseItemsQuery(maf, {})).toEqual({
      limit: 100, offset: 0, bbox: undefined, datetime: undefined, properties: [], filter: undefined, crs: CRS84,
      skipGeometry: false, sortby: [], selected: undefined,
    });
  });

  test('take a limit from 1 up, and serve at most 10000 however many are asked for', () => {
    expect(parseItemsQuery(maf, { limit: '1' }).limit).toBe(1);
    expect(parseItemsQuery(maf, { limit: '50000' }).limit).toBe(10_000);
    for (const bad of ['0', '-1', '1.5', 'ten', '']) {
      expect(refusal(() => parseItemsQuery(maf, { limit: bad }))).toMatchObject({ status: 400, details: { parameter: 'limit', value: bad } });
    }
  });

  test('refuse an unknown parameter, naming it', () => {
    const error = refusal(() => parseItemsQuery(maf, { limt: '10' }));
    expect(error.status).toBe(400);
    expect(error.message).toContain('limt');
    expect(error.details).toEqual({ parameter: 'limt' });
  });

  test('refuse a parameter given twice', () => {
    expect(refusal(() => parseItemsQuery(maf, { limit: ['1', '2'] })).details).toEqual({ parameter: 'limit' });
  });

  test('read a CRS84 bbox as lon,lat and an EPSG:4326 one as lat,lon', () => {
    expect(parseItemsQuery(maf, { bbox: '37.5,48.8,37.7,48.9' }).bbox).toEqual({ envelopes: [[37.5, 48.8, 37.7, 48.9]], crs: CRS84 });
    const latLon = parseItemsQuery(maf, { bbox: '48.8,37.5,48.9,37.7', 'bbox-crs': EPSG(4326) }).bbox!;
    expect(latLon.envelopes).toEqual([[37.5, 48.8, 37.7, 48.9]]);
    expect(latLon.crs.srid).toBe(4326);
  });

  test('read a bbox of six numbers by its corners, and split one crossing the antimeridian', () => {
    expect(parseItemsQuery(maf, { bbox: '37.5,48.8,0,37.7,48.9,100' }).bbox!.envelopes).toEqual([[37.5, 48.8, 37.7, 48.9]]);
    expect(parseItemsQuery(maf, { bbox: '170,-10,-170,10' }).bbox!.envelopes).toEqual([[170, -10, 180, 10], [-180, -10, -170, 10]]);
  });

  test('read a UCS-2000 bbox as northing,easting', () => {
    const box = parseItemsQuery(maf, { bbox: '5413000,196000,5415000,198000', 'bbox-crs': EPSG(6387) }).bbox!;
    expect(box.envelopes).toEqual([[196000, 5413000, 198000, 5415000]]);
  });

  test('refuse a bbox that is not four or six numbers, upside down, or beyond the poles', () => {
    for (const bad of ['1,2,3', '1,2,3,x', '1,,2,3', '37.7,48.9,37.5,48.8,1', '37.5,48.9,37.7,48.8', '37.5,-91,37.7,48']) {
      expect(refusal(() => parseItemsQuery(maf, { bbox: bad })).details).toEqual({ parameter: 'bbox', value: bad });
    }
  });

  test('refuse a CRS it does not serve', () => {
    expect(refusal(() => parseItemsQuery(maf, { crs: EPSG(2154) })).details).toEqual({ parameter: 'crs', value: EPSG(2154) });
  });

  test('take property filters for queryables only, checking the value against the type; a value outside the legend matches nothing', () => {
    expect(parseItemsQuery(maf, { legality: 'expired', width_m: '2.5' }).properties.map((p) => [p.property.name, p.value]))
      .toEqual([['legality', 'expired'], ['width_m', '2.5']]);
    // GDAL's ogr2ogr -where "legality = 'illegal'" must copy nothing, not fail
    expect(parseItemsQuery(maf, { legality: 'illegal' }).properties.map((p) => p.value)).toEqual(['illegal']);
    expect(parseItemsQuery(collectionById('facilities')!, { ramp: '1', elevator: '0' }).properties.map((p) => p.value)).toEqual(['true', 'false']);
    expect(refusal(() => parseItemsQuery(collectionById('advertising')!, { sides: 'two' })).details).toEqual({ parameter: 'sides', value: 'two' });
    expect(refusal(() => parseItemsQuery(maf, { sides: '2' })).details).toEqual({ parameter: 'sides' });
    // not queryable: an owner's contact is shown, not searched
    expect(refusal(() => parseItemsQuery(maf, { owner_contact: 'x' })).details).toEqual({ parameter: 'owner_contact' });
  });

  test('take datetime only where the collection has time, in the spellings QGIS and GDAL send', () => {
    expect(parseItemsQuery(comments, { datetime: '2025-01-01/..' }).datetime).toEqual({ start: { kind: 'date', value: '2025-01-01' }, end: undefined, instant: false });
    expect(parseItemsQuery(maf, { datetime: '2025-01-01T/..' }).datetime).toEqual({ start: { kind: 'date', value: '2025-01-01' }, end: undefined, instant: false });
    expect(parseItemsQuery(maf, { datetime: '0000-01-01T00:00:00Z/2025-01-01' }).datetime).toEqual({ start: undefined, end: { kind: 'date', value: '2025-01-01' }, instant: false });
    const addresses = collectionById('addresses')!;
    expect(refusal(() => parseItemsQuery(addresses, { datetime: '2025-01-01' })).details).toEqual({ parameter: 'datetime', value: '2025-01-01' });
  });

  test('take CQL2 text (also by its draft name cql-text) and CQL2 JSON, and report a filter error with its position', () => {
    expect(refusal(() => parseItemsQuery(maf, { filter: 'a = 1', 'filter-lang': 'ecql' })).details).toEqual({ parameter: 'filter-lang', value: 'ecql' });
    expect(parseItemsQuery(maf, { filter: 'width_m > 2', 'filter-lang': 'cql-text' }).filter?.expression.kind).toBe('compare');
    expect(parseItemsQuery(maf, { filter: '{"op":">","args":[{"property":"width_m"},2]}', 'filter-lang': 'cql2-json' }).filter?.expression.kind).toBe('compare');
    expect(refusal(() => parseItemsQuery(maf, { filter: "legality = 'legal' AND (" })).details).toEqual({ parameter: 'filter', position: 25 });
  });
});

describe('The datetime parameter', () => {
  test('reads instants, days and intervals with open ends', () => {
    expect(parseDatetime('2025-03-01T10:00:00Z')).toEqual({ start: { kind: 'timestamp', value: '2025-03-01T10:00:00Z' }, end: { kind: 'timestamp', value: '2025-03-01T10:00:00Z' }, instant: true });
    expect(parseDatetime('2025-03-01')).toMatchObject({ instant: true, start: { kind: 'date' } });
    expect(parseDatetime('../2025-03-01T10:00:00+02:00')).toEqual({ start: undefined, end: { kind: 'timestamp', value: '2025-03-01T10:00:00+02:00' }, instant: false });
    expect(parseDatetime('2025-03-01/')).toMatchObject({ end: undefined });
  });

  test('refuses an interval that ends before it starts, and what is not a time', () => {
    expect(() => parseDatetime('2025-03-02/2025-03-01')).toThrow(/ends before it starts/);
    expect(() => parseDatetime('yesterday')).toThrow(/neither a date/);
    expect(() => parseDatetime('2025-01-01/2025-02-01/2025-03-01')).toThrow(/interval/);
    expect(() => parseDatetime('..')).toThrow(/instant or an interval/);
  });
});
