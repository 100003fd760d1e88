import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { normalizeHeader } from '../../data-import/kit/columns.js';
import { mapColumns } from '../../data-import/registry/columns.js';
import { resolveCrs } from '../../data-import/kit/crs.js';
import { decodeSpreadsheet, detectDelimiter, encodeLike } from '../../data-import/kit/encoding.js';
import { parseWkt, swapAxes } from '../../data-import/kit/geometry.js';
import { ObjectTypes } from '../../data-import/registry/object-types.js';
import { readRecords, SpreadsheetSyntaxError } from '../../data-import/kit/read.js';
import { formatProblem } from '../../data-import/kit/report.js';
import { parseBoolean, parseDate, parseDecimal, parseEdrpou, parseRnokpp } from '../../data-import/kit/values.js';
import { isValidEdrpou } from '../../server/rules/edrpou.js';

/** Reading what Ukrainian offices export, before anything touches a database. */

const value = <T>(p: { ok: true; value: T } | { ok: false }) => (p.ok ? p.value : undefined);
const reasonOf = (p: { ok: boolean; reason?: { uk: string } }) => (p.ok ? undefined : p.reason!.uk);

describe('bytes to text', () => {
  const header = 'Обліковий номер;Тип;Адреса';
  it('UTF-8 with a byte-order mark is read as UTF-8 and the mark is dropped', () => {
    const d = decodeSpreadsheet(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header)]));
    expect(d).toEqual({ text: header, encoding: 'utf-8', bom: true });
  });
  it('UTF-8 without a mark is read as UTF-8', () => {
    expect(decodeSpreadsheet(Buffer.from(header))).toEqual({ text: header, encoding: 'utf-8', bom: false });
  });
  it('Windows-1251 (not valid UTF-8) is recognised, with Ukrainian letters ґ є і ї and the apostrophe', () => {
    const text = 'Ґудзь Євгенія; Слов’янськ; Їжакевича; №5';
    const d = decodeSpreadsheet(iconv.encode(text, 'win1251'));
    expect(d).toEqual({ text, encoding: 'windows-1251', bom: false });
  });
  it('UTF-16 from Excel\'s "Unicode text" is read by its mark', () => {
    const d = decodeSpreadsheet(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header, 'utf16le')]));
    expect(d.text).toBe(header);
    expect(d.encoding).toBe('utf-16le');
  });
  it('writes text back in the encoding and with the mark it came with', () => {
    expect(encodeLike('Тип', { encoding: 'windows-1251', bom: false })).toEqual(iconv.encode('Тип', 'win1251'));
    expect([...encodeLike('Тип', { encoding: 'utf-8', bom: true }).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
  it('finds the delimiter from the header line, ignoring what is inside quotes', () => {
    expect(detectDelimiter('a;b;c\n1,5;2,5;3')).toBe(';');
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('"Адреса; місце",Тип,X\n')).toBe(',');
  });
});

describe('text to records', () => {
  const read = (text: string, d: ',' | ';' = ';') => [...readRecords(text, d)].map((r) => [r.line, ...r.values]);
  it('gives each record the physical line it starts on, across blank lines, CR LF and quoted line breaks', () => {
    expect(read('a;b\r\n1;2\r\n\r\n"x\r\ny";3\r\n;\r\n4;5\r\n')).toEqual([[1, 'a', 'b'], [2, '1', '2'], [4, 'x\r\ny', '3'], [7, '4', '5']]);
  });
  it('reads doubled quotes as one, keeps a delimiter inside quotes, and takes unquoted quotes as text', () => {
    expect(read('"ТОВ ""Сонце""";"вул. Миру; 5";ТОВ "Реклама"')).toEqual([[1, 'ТОВ "Сонце"', 'вул. Миру; 5', 'ТОВ "Реклама"']]);
  });
  it('names the line where an unclosed quote opens', () => {
    const error = (() => {
      try {
        read('a;b\n1;2\n3;"x\n4;5');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SpreadsheetSyntaxError);
    expect((error as SpreadsheetSyntaxError).line).toBe(3);
  });
});

describe('cell values', () => {
  it('reads decimal commas and points, and spaces as thousands separators', () => {
    expect(value(parseDecimal('37,6123'))).toBe(37.6123);
    expect(value(parseDecimal('37.6123'))).toBe(37.6123);
    expect(value(parseDecimal('1 234,50'))).toBe(1234.5);
    expect(value(parseDecimal('1\u00a0650,00'))).toBe(1650);
    expect(reasonOf(parseDecimal('1.234,5'))).toMatch(/і кома, і крапка/);
    expect(reasonOf(parseDecimal('два'))).toBe('це не число');
  });
  it('reads dates as dd.mm.yyyy or ISO, and refuses days that do not exist', () => {
    expect(value(parseDate('01.03.2024'))).toBe('2024-03-01');
    expect(value(parseDate('1.3.2024'))).toBe('2024-03-01');
    expect(value(parseDate('2024-03-01'))).toBe('2024-03-01');
    expect(value(parseDate('01.03.2024 0:00'))).toBe('2024-03-01');
    expect(value(parseDate('29.02.2024'))).toBe('2024-02-29');
    expect(reasonOf(parseDate('31.02.2024'))).toBe('такої дати не існує');
    expect(reasonOf(parseDate('29.02.2023'))).toBe('такої дати не існує');
    expect(reasonOf(parseDate('01.13.2024'))).toBe('такої дати не існує');
    expect(reasonOf(parseDate('01.03.24'))).toMatch(/чотирма цифрами/);
  });
  it('reads так/ні, yes/no and 1/0', () => {
    expect(['так', 'Так', 'yes', '1'].map((t) => value(parseBoolean(t)))).toEqual([true, true, true, true]);
    expect(['ні', 'no', '0'].map((t) => value(parseBoolean(t)))).toEqual([false, false, false]);
    expect(parseBoolean('може').ok).toBe(false);
  });
  it('checks the ЄДРПОУ check digit, and restores the zeros Excel drops', () => {
    expect(value(parseEdrpou('14360570', isValidEdrpou))).toEqual({ code: '14360570', padded: false });
    expect(value(parseEdrpou('32129', isValidEdrpou))).toEqual({ code: '00032129', padded: true });
    expect(reasonOf(parseEdrpou('14360571', isValidEdrpou))).toMatch(/контрольна цифра/);
    expect(reasonOf(parseEdrpou('1436', isValidEdrpou))).toMatch(/8 цифр/);
  });
  it('wants ten digits in an РНОКПП', () => {
    expect(value(parseRnokpp('3012405678'))).toBe('3012405678');
    expect(parseRnokpp('12345').ok).toBe(false);
  });
});

describe('the header set', () => {
  it('matches Ukrainian and English names, whatever their case, spacing, apostrophe or unit', () => {
    expect(normalizeHeader('  Тип   об’єкта ')).toBe("тип об'єкта");
    expect(normalizeHeader('Ширина, м')).toBe('ширина');
    expect(normalizeHeader('Площа (м²)')).toBe('площа');
    const map = mapColumns(['external_id', 'ТИП', 'Чинний  до', 'Х', 'У', 'Колір']);
    expect(map.index).toEqual({ external_id: 0, type: 1, permit_valid_until: 2, x: 3, y: 4 });
    expect(map.label.permit_valid_until).toBe('Чинний  до');
    expect(map.unknown).toEqual(['Колір']);
    expect(map.problems).toEqual([]);
  });
  it('says what is missing: the type, a way to recognise objects, coordinates', () => {
    const problems = mapColumns(['Адреса', 'X']).problems.map((p) => p.en);
    expect(problems).toEqual([
      'no "type" column',
      'neither "external_id" nor "permit_number": without one a re-import cannot recognise objects',
      'column "X" has no y to pair with',
    ]);
  });
  it('refuses two columns that mean the same field', () => {
    expect(mapColumns(['Тип', 'type', 'WKT', 'Номер дозволу']).problems[0].en).toBe('columns "Тип" and "type" both mean type');
  });
});

describe('object types', () => {
  const types = ObjectTypes.of([
    { code: 'billboard', name_uk: 'Білборд 3×6 м', name_en: 'Billboard 3×6 m' },
    { code: 'citylight', name_uk: 'Сітілайт 1,2×1,8 м', name_en: 'Citylight 1.2×1.8 m' },
    { code: 'vending_machine', name_uk: 'Торговельний автомат', name_en: 'Vending machine' },
  ]);
  it('are found by code, by name and by name without the size', () => {
    expect(['billboard', 'Білборд 3×6 м', 'білборд', 'Billboard', 'сітілайт', 'Торговельний  автомат', 'vending machine'].map((t) => types.resolve(t)))
      .toEqual(['billboard', 'billboard', 'billboard', 'billboard', 'citylight', 'vending_machine', 'vending_machine']);
    expect(types.resolve('ракета')).toBeUndefined();
  });
});

describe('geometry', () => {
  it('reads WKT points and footprints, and refuses an unclosed ring', () => {
    expect(value(parseWkt('POINT (198482.24 5414204.08)'))).toEqual({ type: 'Point', x: 198482.24, y: 5414204.08 });
    expect(value(parseWkt('POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))'))).toEqual({ type: 'Polygon', rings: [[0, 0, 4, 0, 4, 3, 0, 3, 0, 0]] });
    expect(value(parseWkt('MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))'))).toMatchObject({ type: 'MultiPolygon', polygons: [[[0, 0, 1, 0, 1, 1, 0, 0]], [[5, 5, 6, 5, 6, 6, 5, 5]]] });
    expect(reasonOf(parseWkt('POLYGON((0 0, 4 0, 4 3, 0 3))'))).toMatch(/не замкнене/);
    expect(reasonOf(parseWkt('SRID=6387;POINT(1 2)'))).toMatch(/--crs/);
  });
  it('swaps x and y in every vertex', () => {
    expect(swapAxes({ type: 'Polygon', rings: [[1, 2, 3, 4, 5, 6, 1, 2]] })).toEqual({ type: 'Polygon', rings: [[2, 1, 4, 3, 6, 5, 2, 1]] });
  });
  it('knows the CRSs by EPSG code in any spelling, and proj4 strings', () => {
    for (const spec of ['EPSG:6387', 'epsg:6387', '6387', 'urn:ogc:def:crs:EPSG::6387', 'http://www.opengis.net/def/crs/EPSG/0/6387']) {
      expect(resolveCrs(spec).label).toBe('EPSG:6387');
    }
    expect(resolveCrs('EPSG:5561').geographic).toBe(true);
    expect(resolveCrs('+proj=tmerc +lat_0=0 +lon_0=37.98333 +k=1 +x_0=2250000 +y_0=-5714743.504 +ellps=krass +units=m +no_defs').geographic).toBe(false);
    expect(() => resolveCrs('EPSG:99999')).toThrow(/Невідома система координат/);
  });
  it('leaves WGS 84 coordinates exactly as written', () => {
    expect(resolveCrs('EPSG:4326').toWgs84(37.6208, 48.8547)).toEqual([37.6208, 48.8547]);
  });
});

describe('messages', () => {
  it('print one line per problem: line, field, value, Ukrainian / English', () => {
    expect(formatProblem({ line: 3, field: 'Ширина, м', value: 'два', code: 'not_a_number', uk: 'це не число', en: 'not a number' }))
      .toBe('рядок 3, поле «Ширина, м», значення "два": це не число / not a number');
    expect(formatProblem({ line: 12, field: 'Чинний до', value: '31.02.2024', code: 'no_such_date', uk: 'такої дати не існує', en: 'no such date' }))
      .toBe('рядок 12, поле «Чинний до», значення "31.02.2024": такої дати не існує / no such date');
    expect(formatProblem({ line: 7, field: 'X, Y', fields: ['X', 'Y'], value: '5414204,08; 198482,24', code: 'swapped_axes', uk: 'координати поза межами громади; схоже, X і Y переставлені місцями', en: 'coordinates outside the hromada; X and Y look swapped' }))
      .toBe('рядок 7, поля «X», «Y», значення "5414204,08; 198482,24": координати поза межами громади; схоже, X і Y переставлені місцями / coordinates outside the hromada; X and Y look swapped');
  });
});
