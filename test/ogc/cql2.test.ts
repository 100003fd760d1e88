import { describe, expect, test } from '@jest/globals';
import { Cql2Error, parseCql2, type Expression } from '../../server/ogc/cql2.js';

/** The error a filter raises, for asserting its reason and position. */
function errorOf(text: string): Cql2Error {
  try {
    parseCql2(text);
  } catch (error) {
    if (error instanceof Cql2Error) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}

describe('The CQL2 text parser', () => {
  test('reads a comparison of a property with a string', () => {
    expect(parseCql2("legality = 'expired'")).toEqual({
      kind: 'compare', op: '=', pos: 1,
      left: { kind: 'property', name: 'legality', pos: 1 },
      right: { kind: 'string', value: 'expired', pos: 12 },
    });
  });

  test('binds AND tighter than OR, and parentheses tighter than both', () => {
    const e = parseCql2('a = 1 OR b = 2 AND c = 3');
    expect(e.kind).toBe('or');
    expect((e as { args: Expression[] }).args.map((a) => a.kind)).toEqual(['compare', 'and']);
    const grouped = parseCql2('(a = 1 OR b = 2) AND c = 3');
    expect(grouped.kind).toBe('and');
  });

  test('reads keywords in any case and NOT before a predicate', () => {
    const e = parseCql2("not legality = 'legal' and owner_name like 'ТОВ%'");
    expect(e).toMatchObject({ kind: 'and', args: [{ kind: 'not', arg: { kind: 'compare' } }, { kind: 'like', negated: false }] });
  });

  test('reads every comparison operator', () => {
    for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
      expect(parseCql2(`sides ${op} 2`)).toMatchObject({ kind: 'compare', op });
    }
  });

  test('reads LIKE, BETWEEN, IN and IS NULL, each also negated', () => {
    expect(parseCql2("address NOT LIKE '%Шевченка%'")).toMatchObject({ kind: 'like', negated: true });
    expect(parseCql2('monthly_fee_uah BETWEEN 100 AND 500')).toMatchObject({
      kind: 'between', negated: false, low: { kind: 'number', value: 100 }, high: { kind: 'number', value: 500 },
    });
    expect(parseCql2('sides NOT BETWEEN 1 AND 1')).toMatchObject({ kind: 'between', negated: true });
    expect(parseCql2("legality IN ('expired', 'no_permit')")).toMatchObject({ kind: 'in', negated: false, list: [{ value: 'expired' }, { value: 'no_permit' }] });
    expect(parseCql2('id NOT IN (1, 2)')).toMatchObject({ kind: 'in', negated: true });
    expect(parseCql2('dismantled_on IS NULL')).toMatchObject({ kind: 'isNull', negated: false });
    expect(parseCql2('dismantled_on IS NOT NULL')).toMatchObject({ kind: 'isNull', negated: true });
  });

  test('reads a doubled quote inside a string as one quote, so a quote cannot end the string early', () => {
    expect(parseCql2("owner_name = 'x'' OR 1=1 --'")).toMatchObject({ kind: 'compare', right: { kind: 'string', value: "x' OR 1=1 --" } });
  });

  test('reads negative, decimal and exponent numbers, keeping the text as written', () => {
    expect(parseCql2('a > -5.25')).toMatchObject({ right: { kind: 'number', value: -5.25, text: '-5.25' } });
    expect(parseCql2('a < 1e3')).toMatchObject({ right: { kind: 'number', value: 1000, text: '1e3' } });
  });

  test('reads booleans, dates, timestamps, CASEI and quoted property names', () => {
    expect(parseCql2('ramp = TRUE')).toMatchObject({ right: { kind: 'boolean', value: true } });
    expect(parseCql2("permit_valid_until < DATE('2025-01-31')")).toMatchObject({ right: { kind: 'date', value: '2025-01-31' } });
    expect(parseCql2("created_at >= TIMESTAMP('2025-01-31T10:00:00Z')")).toMatchObject({ right: { kind: 'timestamp' } });
    expect(parseCql2("CASEI(owner_name) = CASEI('тов')")).toMatchObject({ left: { kind: 'casei', arg: { kind: 'property' } } });
    expect(parseCql2('"type_code" = \'kiosk\'')).toMatchObject({ left: { kind: 'property', name: 'type_code' } });
  });

  test('reads spatial functions with a bounding box, a point and a polygon', () => {
    expect(parseCql2('S_INTERSECTS(geom, BBOX(37.5, 48.8, 37.7, 48.9))')).toEqual({
      kind: 'spatial', fn: 'S_INTERSECTS', pos: 1,
      left: { kind: 'property', name: 'geom', pos: 14 },
      right: { kind: 'geometry', pos: 20, geometry: { type: 'BBox', coordinates: [37.5, 48.8, 37.7, 48.9] } },
    });
    expect(parseCql2('s_intersects(geom, POINT(37.6 48.85))')).toMatchObject({ right: { geometry: { type: 'Point', coordinates: [37.6, 48.85] } } });
    expect(parseCql2('S_WITHIN(geom, POLYGON((0 0, 1 0, 1 1, 0 0)))')).toMatchObject({
      fn: 'S_WITHIN', right: { geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } },
    });
    expect(parseCql2('S_INTERSECTS(geom, MULTIPOINT((1 2), 3 4))')).toMatchObject({ right: { geometry: { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] } } });
  });

  test('names the position where a filter goes wrong', () => {
    expect(errorOf("legality = 'legal' AND (")).toMatchObject({ position: 25 });
    expect(errorOf("legality = 'legal").reason).toBe('unterminated string literal');
    expect(errorOf("legality = 'legal").position).toBe(12);
    expect(errorOf('legality legal')).toMatchObject({ position: 10 });
    expect(errorOf('a = 1 b = 2').reason).toMatch(/expected AND, OR or the end/);
    expect(errorOf('a = 1 ; DROP TABLE owner').reason).toBe("unexpected character ';'");
  });

  test('refuses dates and timestamps that are not real ones', () => {
    expect(errorOf("d = DATE('2025-02-30')").reason).toMatch(/is not a date/);
    expect(errorOf("t = TIMESTAMP('2025-01-01 10:00')").reason).toMatch(/is not a timestamp/);
  });

  test('refuses unknown functions, open polygon rings and a BBOX of 5 numbers', () => {
    expect(errorOf('SLEEP(10) = 1').reason).toBe('unknown function SLEEP');
    expect(errorOf('S_INTERSECTS(geom, POLYGON((0 0, 1 0, 1 1, 0 1)))').reason).toMatch(/must end where it starts/);
    expect(errorOf('S_INTERSECTS(geom, BBOX(1, 2, 3, 4, 5))').reason).toMatch(/4 or 6 numbers/);
  });

  test('refuses nesting built to exhaust the stack, with an error and not a crash', () => {
    expect(errorOf(`${'('.repeat(5000)}a = 1${')'.repeat(5000)}`).reason).toMatch(/nests deeper/);
    expect(errorOf(`${'NOT '.repeat(2000)}a = 1`).reason).toMatch(/nests deeper/);
  });

  test('refuses an empty filter', () => {
    expect(errorOf('   ').reason).toBe('the filter is empty');
  });
});
