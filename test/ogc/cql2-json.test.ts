/**
 * CQL2 JSON reads into the same syntax tree as CQL2 text, so one translator serves both; what it
 * cannot read is a Cql2Error that says where.
 */
import { describe, expect, test } from '@jest/globals';
import { Cql2Error, parseCql2, type Expression } from '../../server/ogc/cql2.js';
import { parseCql2Json } from '../../server/ogc/cql2-json.js';

/** The tree without positions (JSON has none) and with number texts normalised. */
function shape(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(shape);
  if (e && typeof e === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(e)) if (k !== 'pos' && k !== 'text') out[k] = shape(v);
    return out;
  }
  return e;
}
const same = (json: unknown, text: string) => expect(shape(parseCql2Json(JSON.stringify(json)))).toEqual(shape(parseCql2(text)) as Expression);

describe('CQL2 JSON', () => {
  test('comparisons, logic, LIKE, BETWEEN, IN, IS NULL and CASEI read as their text forms do', () => {
    same({ op: '=', args: [{ property: 'legality' }, 'expired'] }, "legality = 'expired'");
    same({ op: 'and', args: [{ op: '>', args: [{ property: 'width_m' }, 2] }, { op: 'not', args: [{ op: 'isNull', args: [{ property: 'owner_name' }] }] }] },
      'width_m > 2 AND NOT owner_name IS NULL');
    same({ op: 'or', args: [{ op: 'like', args: [{ property: 'address' }, '%Миру%'] }, { op: 'in', args: [{ property: 'type_code' }, ['kiosk', 'pavilion']] }] },
      "address LIKE '%Миру%' OR type_code IN ('kiosk', 'pavilion')");
    same({ op: 'between', args: [{ property: 'installed_on' }, { date: '2025-01-01' }, { date: '2025-12-31' }] },
      "installed_on BETWEEN DATE('2025-01-01') AND DATE('2025-12-31')");
    same({ op: '=', args: [{ op: 'casei', args: [{ property: 'owner_name' }] }, { op: 'casei', args: ['тов «ромашка»'] }] },
      "CASEI(owner_name) = CASEI('тов «ромашка»')");
    same({ op: '>=', args: [{ property: 'created_at' }, { timestamp: '2025-06-01T00:00:00Z' }] }, "created_at >= TIMESTAMP('2025-06-01T00:00:00Z')");
    same(true, 'TRUE');
  });

  test('spatial functions take GeoJSON geometries and bboxes', () => {
    same({ op: 's_intersects', args: [{ property: 'geom' }, { bbox: [37.5, 48.8, 37.7, 48.9] }] }, 'S_INTERSECTS(geom, BBOX(37.5, 48.8, 37.7, 48.9))');
    same({ op: 's_within', args: [{ property: 'geom' }, { type: 'Polygon', coordinates: [[[37.5, 48.8], [37.7, 48.8], [37.7, 48.9], [37.5, 48.8]]] }] },
      'S_WITHIN(geom, POLYGON((37.5 48.8, 37.7 48.8, 37.7 48.9, 37.5 48.8)))');
    same({ op: 's_intersects', args: [{ property: 'geom' }, { type: 'Point', coordinates: [37.6, 48.85] }] }, 'S_INTERSECTS(geom, POINT(37.6 48.85))');
  });

  test('what it cannot read is an error naming the place in the document', () => {
    const error = (json: string) => {
      try {
        parseCql2Json(json);
      } catch (e) {
        expect(e).toBeInstanceOf(Cql2Error);
        return (e as Cql2Error).reason;
      }
      throw new Error(`no error for ${json}`);
    };
    expect(error('{"op": "=", ')).toMatch(/not JSON/);
    expect(error('{"op": "and", "args": [{"op": "=", "args": [{"property": "a"}]}, true]}')).toMatch(/"=" takes 2 arguments.*args\[0\]/);
    expect(error('{"op": "frobnicate", "args": []}')).toMatch(/unknown or unsupported operation "frobnicate"/);
    expect(error('{"op": "s_intersects", "args": [{"property": "geom"}, {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}]}')).toMatch(/at least 4 positions/);
    expect(error('{"op": "=", "args": [{"property": "d"}, {"date": "2025-02-30"}]}')).toMatch(/not a date/);
    let deep: unknown = true;
    for (let i = 0; i < 60; i++) deep = { op: 'not', args: [deep] };
    expect(error(JSON.stringify(deep))).toMatch(/nests deeper/);
  });
});
