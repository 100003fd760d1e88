import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { importRegistry, type ImportOptions } from '../../data-import/registry/import.js';
import { REASON_HEADER, rejectedRowsFile } from '../../data-import/kit/rejected.js';
import type { Database } from '../../server/db/database.js';
import { objectHistory } from '../../server/registry/history.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';
import { ROOT } from '../support/template.js';
import {
  comma, csv, dayFromToday, pointsInside, projected, registryCounts, registryFingerprint, utf8, utf8WithBom, windows1251,
} from './support.js';

/**
 * A department's spreadsheet into the registry, through the same function the CLI and the editor
 * UI call. One database per backend; every test uses external ids of its own.
 */

describe.each(backends())('importing a registry spreadsheet on %s', (kind) => {
  let db: Database;
  let points: [number, number][];
  const run = (options: Partial<ImportOptions> & Pick<ImportOptions, 'input'>) =>
    importRegistry(db, { municipalitySlug: 'slovyansk', fileName: 'objects.csv', ...options });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    points = await pointsInside(db, 'slovyansk', 12);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** A good file: a legal kiosk, a billboard expiring soon, an expired pavilion, an object without a permit. */
  async function goodFile(prefix: string): Promise<string> {
    const [far, soon, past] = await Promise.all([dayFromToday(db, 900), dayFromToday(db, 10), dayFromToday(db, -40)]);
    return csv([
      ['Обліковий номер', 'Тип', 'Адреса', 'Власник', 'Вид власника', 'ЄДРПОУ', 'Номер дозволу', 'Чинний з', 'Чинний до', 'Ширина', 'Висота', 'Освітлення', 'Плата за місяць', 'Довгота', 'Широта'],
      [`${prefix}-1`, 'Кіоск', 'вул. Шевченка, 12', 'ТОВ «Преса»', 'юридична особа', '34123457', `${prefix}/Д-1`, '2024-01-01', far.iso, '2.5', '3', 'так', '1850.00', points[0][0], points[0][1]],
      [`${prefix}-2`, 'billboard', 'просп. Свободи, 4', 'ТОВ «Реклама-Схід»', '', '21987654', `${prefix}/Д-2`, '2024-01-01', soon.iso, '6', '3', 'так', '4200', points[1][0], points[1][1]],
      [`${prefix}-3`, 'Павільйон', 'вул. Університетська, 7', 'ФОП Іваненко Олена', 'ФОП', '', `${prefix}/Д-3`, '2022-01-01', past.iso, '4', '3', 'ні', '', points[2][0], points[2][1]],
      [`${prefix}-4`, 'Сітілайт', 'вул. Торгова, 2', 'КП «Міськсвітло»', 'комунальне підприємство', '03054321', '', '', '', '1.2', '1.8', 'так', '', points[3][0], points[3][1]],
    ]);
  }

  it('a good UTF-8 file imports with the right counts, and its objects show in pub_registry with their legality', async () => {
    const before = await registryCounts(db, 'slovyansk');
    const report = await run({ input: utf8(await goodFile('ДОБ')) });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      written: true, encoding: 'utf-8', delimiter: ',', crs: 'EPSG:4326',
      rows: { total: 4, created: 4, updated: 0, unchanged: 0, rejected: 0 },
      permits: { created: 3, updated: 0 },
    });
    const after = await registryCounts(db, 'slovyansk');
    expect(after.objects - before.objects).toBe(4);
    expect(after.permits - before.permits).toBe(3);
    expect(after.imports - before.imports).toBe(1);

    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT external_id, type_code, owner_name, owner_kind, owner_edrpou, permit_number, legality, width_m, lighting, monthly_fee_uah,
              ST_X(geom) AS lon, ST_Y(geom) AS lat
       FROM pub_registry WHERE external_id LIKE 'ДОБ-%' ORDER BY external_id`,
    );
    expect(rows.map((r) => [r.external_id, r.type_code, r.owner_kind, r.legality])).toEqual([
      ['ДОБ-1', 'kiosk', 'legal_entity', 'legal'],
      ['ДОБ-2', 'billboard', 'legal_entity', 'expiring'],
      ['ДОБ-3', 'pavilion', 'sole_proprietor', 'expired'],
      ['ДОБ-4', 'citylight', 'municipal_enterprise', 'no_permit'],
    ]);
    expect(rows[0]).toMatchObject({ owner_name: 'ТОВ «Преса»', owner_edrpou: '34123457', permit_number: 'ДОБ/Д-1', width_m: 2.5, lighting: true, monthly_fee_uah: 1850 });
    expect([rows[0].lon, rows[0].lat]).toEqual(points[0]);
  });

  it('the same file again changes nothing: no new records, versions or collection bumps', async () => {
    const file = utf8(await goodFile('ДОБ'));
    const fingerprint = await registryFingerprint(db, 'slovyansk');
    const report = await run({ input: file });
    expect(report.rows).toEqual({ total: 4, created: 0, updated: 0, unchanged: 4, rejected: 0 });
    expect(report.owners).toEqual({ created: 0, updated: 0 });
    expect(report.permits).toEqual({ created: 0, updated: 0 });
    expect(await registryFingerprint(db, 'slovyansk')).toBe(fingerprint);
  });

  it('a changed cell updates that object only, bumping its row version', async () => {
    const file = (await goodFile('ДОБ')).replace('вул. Шевченка, 12', 'вул. Шевченка, 14');
    const report = await run({ input: utf8(file) });
    expect(report.rows).toEqual({ total: 4, created: 0, updated: 1, unchanged: 3, rejected: 0 });
    const { rows } = await db.query<{ address: string; row_version: number }>("SELECT address, row_version FROM registry_object WHERE external_id = 'ДОБ-1'");
    expect(rows).toEqual([{ address: 'вул. Шевченка, 14', row_version: 2 }]);
  });

  it('the search keys the import stores (computed in Node) are what search_key() makes of the values, also after a change', async () => {
    const { rows: [wrong] } = await db.query<{ objects: number; permits: number; owners: number }>(
      `SELECT (SELECT count(*) FROM registry_object WHERE external_id LIKE 'ДОБ-%'
                 AND (search_address <> search_key(coalesce(address, '')) OR search_external_id <> search_key(coalesce(external_id, ''))))::int AS objects,
              (SELECT count(*) FROM permit WHERE number LIKE 'ДОБ%' AND search_number <> search_key(number))::int AS permits,
              (SELECT count(*) FROM owner WHERE search_name <> search_key(name))::int AS owners`,
    );
    expect(wrong).toEqual({ objects: 0, permits: 0, owners: 0 });
    const { rows } = await db.query<{ search_address: string }>("SELECT search_address FROM registry_object WHERE external_id = 'ДОБ-1'");
    expect(rows).toEqual([{ search_address: 'вулиця шевченка 14' }]);
  });

  it('a Windows-1251 file with ";" and decimal commas in EPSG:6387 imports, and lands where ST_Transform puts it (1 cm)', async () => {
    const local = await Promise.all(points.slice(4, 7).map((p) => projected(db, p, 6387)));
    const file = windows1251(csv([
      ['Обліковий номер', 'Тип', 'Адреса', 'Власник', 'ЄДРПОУ', 'Номер дозволу', 'Дата видачі', 'Чинний до', 'Ширина', 'Площа', 'Плата за місяць', 'X', 'Y'],
      ['ВІН-1', 'Білборд', 'просп. Слов’янський; біля ТЦ «Ярмарок»', 'ТОВ «Ґудзь і Єремєєв»', '43778811', 'РК-0102/2023', '10.05.2023', '14.05.2030', '6', '18', '4 200,00', comma(local[0][0]), comma(local[0][1])],
      ['ВІН-2', 'Кіоск', 'вул. Їжакевича, 3', 'ФОП Ґудзь Євген', '', 'ПП-0101/2024', '12.03.2024', '14.03.2030', '2,4', '', '1 650,50', comma(local[1][0]), comma(local[1][1])],
      ['ВІН-3', 'Тумба', 'вул. Вчительська, 1', '', '', '', '', '', '1,4', '3,5', '', comma(local[2][0]), comma(local[2][1])],
    ], ';'));
    const report = await run({ input: file, crs: 'EPSG:6387', fileName: 'objects-1251.csv' });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ written: true, encoding: 'windows-1251', delimiter: ';', rows: { created: 3, rejected: 0 } });

    const { rows } = await db.query<{ external_id: string; address: string; owner_name: string; monthly_fee_uah: number; width_m: number; off_by_m: number }>(
      `SELECT o.external_id, o.address, w.name AS owner_name, o.monthly_fee_uah, o.width_m,
              ST_Distance(ST_Transform(o.geom, 6387), ST_SetSRID(ST_MakePoint(f.x, f.y), 6387)) AS off_by_m
       FROM registry_object o LEFT JOIN owner w ON w.id = o.owner_id
       JOIN unnest($1::text[], $2::float8[], $3::float8[]) AS f(ext, x, y) ON f.ext = o.external_id
       ORDER BY o.external_id`,
      [['ВІН-1', 'ВІН-2', 'ВІН-3'], local.map((p) => Number(p[0].toFixed(2))), local.map((p) => Number(p[1].toFixed(2)))],
    );
    expect(rows.map((r) => [r.external_id, r.address, r.owner_name, r.monthly_fee_uah, r.width_m])).toEqual([
      ['ВІН-1', 'просп. Слов’янський; біля ТЦ «Ярмарок»', 'ТОВ «Ґудзь і Єремєєв»', 4200, 6],
      ['ВІН-2', 'вул. Їжакевича, 3', 'ФОП Ґудзь Євген', 1650.5, 2.4],
      ['ВІН-3', 'вул. Вчительська, 1', null, null, 1.4],
    ]);
    for (const r of rows) expect(r.off_by_m).toBeLessThan(0.01);
  });

  it('a file with several bad rows reports every one by line, field and value, and writes nothing', async () => {
    const [inside] = await Promise.all([projected(db, points[7], 6387)]);
    const [x, y] = [comma(inside[0]), comma(inside[1])];
    const text = csv([
      ['Обліковий номер', 'Тип', 'Власник', 'ЄДРПОУ', 'РНОКПП', 'Номер дозволу', 'Чинний з', 'Чинний до', 'Кількість сторін', 'Освітлення', 'X', 'Y'],
      ['ПОГ-1', 'Кіоск', 'ТОВ «Добре»', '34123457', '', 'П-1', '01.01.2024', '31.12.2030', '1', 'так', x, y], // line 2: good
      ['ПОГ-2', 'Ракета', '', '', '', 'П-2', '01.01.2024', '31.02.2024', '5', 'може', x, y], // line 3
      ['ПОГ-3', 'Кіоск', 'ТОВ «Погане»', '34123458', '', 'П-3', '', '', '', '', x, y], // line 4
      ['ПОГ-4', 'Кіоск', 'ФОП Петренко', '', '12345', '', '', '', '', '', x, y], // line 5
      ['ПОГ-1', 'Кіоск', '', '', '', '', '', '', '', '', x, y], // line 6: the same object again
      ['ПОГ-6', 'Кіоск', '', '', '', 'П-6', '15.06.2024', '01.06.2024', '', '', '100', '200'], // line 7
      ['', 'Кіоск', '', '', '', '', '', '', '', '', x, ''], // line 8
    ], ';');
    const before = await registryFingerprint(db, 'slovyansk');
    const counts = await registryCounts(db, 'slovyansk');
    const report = await run({ input: windows1251(text), crs: 'EPSG:6387', fileName: 'bad.csv' });

    expect(report.written).toBe(false);
    expect(report.rows).toMatchObject({ total: 7, created: 0, updated: 0, rejected: 6 });
    expect(report.problems.map((p) => [p.line, p.field, p.value, p.code])).toEqual([
      [3, 'Тип', 'Ракета', 'unknown_type'],
      [3, 'Кількість сторін', '5', 'out_of_range'],
      [3, 'Освітлення', 'може', 'not_a_boolean'],
      [3, 'Чинний до', '31.02.2024', 'no_such_date'],
      [4, 'ЄДРПОУ', '34123458', 'bad_edrpou'],
      [5, 'РНОКПП', '12345', 'bad_rnokpp'],
      [6, 'Обліковий номер', 'ПОГ-1', 'duplicate'],
      [7, 'Чинний до', '01.06.2024', 'date_order'],
      [7, 'X, Y', '100; 200', 'outside'],
      [8, 'Обліковий номер', '', 'required'],
      [8, 'X, Y', `${x}; `, 'required'],
    ]);
    expect(report.problems.find((p) => p.line === 3 && p.field === 'Чинний до')).toMatchObject({ uk: 'такої дати не існує', en: 'no such date' });
    expect(await registryFingerprint(db, 'slovyansk')).toBe(before);
    expect(await registryCounts(db, 'slovyansk')).toEqual(counts);
  });

  it('hold-out rules: «Дійсний до» before «Дата видачі» is refused; plain Ukrainian type names are known', async () => {
    const text = csv([
      ['Обліковий номер', 'Тип', 'Номер дозволу', 'Дата видачі', 'Дійсний з', 'Дійсний до', 'Довгота', 'Широта'],
      ['ХО-1', 'Кіоск', 'ХО/1', '10.03.2024', '', '10.03.2023', points[9][0], points[9][1]], // ends a year before it was issued
      ['ХО-2', 'світлодіодний екран', 'ХО/2', '10.03.2024', '', '10.03.2029', points[9][0], points[9][1]],
      ['ХО-3', 'Рекламний щит', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-4', 'сіті-лайт', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-5', 'Розтяжка', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-6', 'Літня тераса', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-7', 'Торговий павільйон', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-8', 'Зупинка громадського транспорту', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-9', 'вендинговий автомат', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-10', 'Рекламна тумба', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-11', 'Тривіжн', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-12', 'дахова конструкція', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-13', 'бек-лайт', '', '', '', '', points[9][0], points[9][1]],
      ['ХО-14', 'Тент', '', '', '', '', points[9][0], points[9][1]],
    ]);
    const refused = await run({ input: utf8(text), dryRun: true });
    expect(refused.problems.map((p) => [p.line, p.field, p.code])).toEqual([[2, 'Дійсний до', 'date_order']]);
    expect(refused.problems[0].uk).toContain('раніше, ніж його видано');
    const report = await run({ input: utf8(text), skipInvalid: true });
    expect(report.rows).toMatchObject({ created: 13, rejected: 1 });
    const { rows } = await db.query<{ external_id: string; type_code: string }>(
      "SELECT external_id, type_code FROM registry_object WHERE external_id LIKE 'ХО-%' ORDER BY length(external_id), external_id",
    );
    expect(rows.map((r) => r.type_code)).toEqual([
      'led_screen', 'billboard', 'citylight', 'banner', 'summer_terrace', 'pavilion', 'stop_pavilion', 'vending_machine',
      'pillar', 'prismatron', 'roof_installation', 'backlight', 'awning',
    ]);
  });

  it('object types resolve within the importing hromada: another hromada\'s local type is neither listed nor accepted', async () => {
    const { rows: [kr] } = await db.query<{ id: number }>("SELECT id FROM municipality WHERE slug = 'kryvyi-rih'");
    await db.query(
      "INSERT INTO object_type (code, category, name_uk, name_en, municipality_id) VALUES ('kr_fountain_kiosk', 'maf', 'Кіоск-фонтанчик', 'Water kiosk', $1) ON CONFLICT DO NOTHING",
      [kr.id],
    );
    const text = csv([
      ['Обліковий номер', 'Тип', 'Довгота', 'Широта'],
      ['ЧУЖ-1', 'Кіоск-фонтанчик', points[10][0], points[10][1]],
      ['ЧУЖ-2', 'kr_fountain_kiosk', points[10][0], points[10][1]],
    ]);
    const report = await run({ input: utf8(text), dryRun: true });
    expect(report.problems.map((p) => [p.line, p.code])).toEqual([[2, 'unknown_type'], [3, 'unknown_type']]);
    expect(report.problems[0].uk).not.toContain('фонтанчик');
    expect(report.problems[0].en).not.toContain('kr_fountain_kiosk');
  });

  it('a swapped X/Y is caught and named, also in a row with other problems', async () => {
    const [x, y] = await projected(db, points[8], 6387);
    const text = csv([
      ['Обліковий номер', 'Тип', 'РНОКПП', 'Власник', 'X', 'Y'],
      ['ПЕР-1', 'Кіоск', '', '', comma(x), comma(y)],
      ['ПЕР-2', 'Кіоск', '', '', comma(y), comma(x)], // line 3: northing in X
      ['ПЕР-3', 'Кіоск', '123', 'ФОП Коваль', comma(y), comma(x)], // line 4: and a bad РНОКПП
    ], ';');
    const report = await run({ input: utf8(text), crs: 'EPSG:6387' });
    expect(report.written).toBe(false);
    const swapped = report.problems.filter((p) => p.code === 'swapped_axes');
    expect(swapped.map((p) => p.line)).toEqual([3, 4]);
    expect(swapped[0].uk).toBe('координати поза межами громади; схоже, X і Y переставлені місцями');
    expect(report.problems.map((p) => p.code)).toContain('bad_rnokpp');
  });

  it('a swapped longitude/latitude is named the same way', async () => {
    const [lon, lat] = points[8];
    const report = await run({ input: utf8(csv([['Обліковий номер', 'Тип', 'Широта', 'Довгота'], ['ПЕР-Ш', 'Кіоск', lon, lat]])) });
    expect(report.problems).toMatchObject([{ line: 2, field: 'Довгота, Широта', value: `${lat}; ${lon}`, code: 'swapped_axes', uk: 'координати поза межами громади; схоже, Довгота і Широта переставлені місцями' }]);
  });

  it('with skipInvalid the good rows are written, and the rejected ones come back as a file with the reason', async () => {
    const text = csv([
      ['Обліковий номер', 'Тип', 'Адреса', 'Номер дозволу', 'Чинний до', 'Довгота', 'Широта'],
      ['ПРОП-1', 'Кіоск', 'вул. Миру, 1', 'ПР-1', '01.01.2030', points[9][0], points[9][1]],
      ['ПРОП-2', 'Кіоск', 'вул. Миру; 2', 'ПР-2', '31.02.2030', points[9][0], points[9][1]],
      ['ПРОП-3', 'Кіоск', 'вул. Миру, 3', 'ПР-3', '01.01.2030', 30.5, 50.4], // Kyiv: outside Slovyansk
      ['ПРОП-4', 'Тумба', 'вул. Миру, 4', '', '', points[10][0], points[10][1]],
    ], ';');
    const input = windows1251(text);
    const report = await run({ input, skipInvalid: true });
    expect(report).toMatchObject({ written: true, rows: { total: 4, created: 2, updated: 0, unchanged: 0, rejected: 2 } });
    const { rows } = await db.query<{ external_id: string }>("SELECT external_id FROM registry_object WHERE external_id LIKE 'ПРОП-%' ORDER BY 1");
    expect(rows.map((r) => r.external_id)).toEqual(['ПРОП-1', 'ПРОП-4']);

    const rejected = await rejectedRowsFile(input, report);
    const lines = iconv.decode(rejected!, 'win1251').trimEnd().split('\r\n');
    expect(lines).toEqual([
      `Обліковий номер;Тип;Адреса;Номер дозволу;Чинний до;Довгота;Широта;${REASON_HEADER}`,
      `ПРОП-2;Кіоск;"вул. Миру; 2";ПР-2;31.02.2030;${points[9][0]};${points[9][1]};«Чинний до»: такої дати не існує`,
      'ПРОП-3;Кіоск;вул. Миру, 3;ПР-3;01.01.2030;30.5;50.4;«Довгота, Широта»: координати поза межами громади',
    ]);
  });

  it('without external ids, objects are recognised by permit number; external ids given later attach to them', async () => {
    const byPermit = csv([['Номер дозволу', 'Тип', 'Чинний до', 'Довгота', 'Широта'], ['БЕЗ/1', 'Кіоск', '01.01.2031', points[4][0], points[4][1]], ['БЕЗ/2', 'Тумба', '01.01.2031', points[5][0], points[5][1]]]);
    expect((await run({ input: utf8(byPermit) })).rows).toMatchObject({ created: 2, unchanged: 0 });
    expect((await run({ input: utf8(byPermit) })).rows).toMatchObject({ created: 0, unchanged: 2 });
    const withIds = csv([['Обліковий номер', 'Номер дозволу', 'Тип', 'Чинний до', 'Довгота', 'Широта'], ['БЕЗ-1', 'БЕЗ/1', 'Кіоск', '01.01.2031', points[4][0], points[4][1]]]);
    expect((await run({ input: utf8(withIds) })).rows).toMatchObject({ created: 0, updated: 1 });
    const { rows } = await db.query<{ external_id: string | null; number: string }>(
      "SELECT o.external_id, p.number FROM permit p JOIN registry_object o ON o.id = p.object_id WHERE p.number LIKE 'БЕЗ/%' ORDER BY p.number",
    );
    expect(rows).toEqual([{ external_id: 'БЕЗ-1', number: 'БЕЗ/1' }, { external_id: null, number: 'БЕЗ/2' }]);
  });

  it('a byte-order mark before the header does not hide the first column', async () => {
    const report = await run({ input: utf8WithBom(csv([['Обліковий номер', 'Тип', 'Довгота', 'Широта'], ['БОМ-1', 'Кіоск', points[11][0], points[11][1]]])) });
    expect(report).toMatchObject({ written: true, encoding: 'utf-8', rows: { created: 1 } });
    expect(report.notices).toEqual([]);
  });

  it('a proj4 string works as the CRS: an SK-63-style local zone', async () => {
    // A local transverse Mercator zone on the Krassowsky ellipsoid, with SK-42's datum shift.
    const sk63 = '+proj=tmerc +lat_0=0 +lon_0=37.98333 +k=1 +x_0=2250000 +y_0=-5714743.504 +ellps=krass +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22 +units=m +no_defs';
    const { rows: [p] } = await db.query<{ x: number; y: number }>(
      `SELECT ST_X(g) AS x, ST_Y(g) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), $3::text) g`,
      [points[5][0], points[5][1], sk63],
    );
    const report = await run({ input: utf8(csv([['Обліковий номер', 'Тип', 'X', 'Y'], ['СК63-1', 'Кіоск', p.x.toFixed(3), p.y.toFixed(3)]])), crs: sk63 });
    expect(report.problems).toEqual([]);
    expect(report.rows.created).toBe(1);
    const { rows } = await db.query<{ off_by_m: number }>(
      `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS off_by_m FROM registry_object WHERE external_id = 'СК63-1'`,
      points[5],
    );
    expect(rows[0].off_by_m).toBeLessThan(0.01);
  });

  it('a footprint polygon in WKT is stored as drawn; a self-intersecting one is refused', async () => {
    const [x, y] = await projected(db, points[6], 6387);
    const square = `POLYGON((${x} ${y}, ${x + 3} ${y}, ${x + 3} ${y + 2}, ${x} ${y + 2}, ${x} ${y}))`;
    const bowtie = `POLYGON((${x} ${y}, ${x + 3} ${y + 2}, ${x + 3} ${y}, ${x} ${y + 2}, ${x} ${y}))`;
    const bad = await run({ input: utf8(csv([['Обліковий номер', 'Тип', 'WKT'], ['ПЛ-1', 'Літній майданчик', square], ['ПЛ-2', 'Навіс', bowtie]])), crs: 'EPSG:6387' });
    expect(bad.problems).toMatchObject([{ line: 3, field: 'WKT', code: 'invalid_polygon' }]);
    const good = await run({ input: utf8(csv([['Обліковий номер', 'Тип', 'WKT'], ['ПЛ-1', 'Літній майданчик', square]])), crs: 'EPSG:6387' });
    expect(good.rows.created).toBe(1);
    const { rows } = await db.query<{ type: string; area: number }>(
      "SELECT GeometryType(geom) AS type, ST_Area(ST_Transform(geom, 6387)) AS area FROM registry_object WHERE external_id = 'ПЛ-1'",
    );
    expect(rows[0].type).toBe('POLYGON');
    expect(rows[0].area).toBeCloseTo(6, 3);
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const before = await registryFingerprint(db, 'slovyansk');
    const report = await run({ input: utf8(await goodFile('СУХ')), dryRun: true });
    expect(report).toMatchObject({ written: false, dryRun: true, problems: [], rows: { created: 4 }, permits: { created: 3 } });
    expect(await registryFingerprint(db, 'slovyansk')).toBe(before);
  });

  it('owners are matched by ЄДРПОУ across files, and sole proprietors by name and kind', async () => {
    const before = await registryCounts(db, 'slovyansk');
    const text = (await goodFile('ВЛ')).replace('ТОВ «Преса»', 'ТОВ «Преса-Нова»');
    const report = await run({ input: utf8(text) });
    // ТОВ «Преса» (34123457) is renamed; the other three owners are the ones already known
    expect(report.owners).toEqual({ created: 0, updated: 1 });
    expect((await registryCounts(db, 'slovyansk')).owners).toBe(before.owners);
    const { rows } = await db.query<{ n: number }>("SELECT count(DISTINCT owner_id)::integer AS n FROM registry_object WHERE external_id IN ('ДОБ-3', 'ВЛ-3')");
    expect(rows[0].n).toBe(1);
  });

  it('another hromada\'s data is untouched, even where its external ids are the same', async () => {
    const kryvyiRih = await registryFingerprint(db, 'kryvyi-rih');
    await run({ input: utf8(await goodFile('ІНШ')) });
    expect(await registryFingerprint(db, 'kryvyi-rih')).toBe(kryvyiRih);

    // the same external ids in Kryvyi Rih are other objects of that hromada
    const krPoints = await pointsInside(db, 'kryvyi-rih', 1);
    const slovyansk = await registryFingerprint(db, 'slovyansk');
    const report = await run({ municipalitySlug: 'kryvyi-rih', input: utf8(csv([['Обліковий номер', 'Тип', 'Довгота', 'Широта'], ['ІНШ-1', 'Кіоск', krPoints[0][0], krPoints[0][1]]])) });
    expect(report.rows.created).toBe(1);
    expect(await registryFingerprint(db, 'slovyansk')).toBe(slovyansk);
    // and Slovyansk's points are outside Kryvyi Rih
    const outside = await run({ municipalitySlug: 'kryvyi-rih', input: utf8(await goodFile('ІНШ')) });
    expect(outside.problems.map((p) => p.code)).toEqual(['outside', 'outside', 'outside', 'outside']);
  });

  it('writes one audit row per import, with the file, the counts and the ids it created', async () => {
    const { rows } = await db.query<{ entity_id: string; after: { file: string; rows: { created: number }; objectsCreated: [number, number][] } }>(
      "SELECT entity_id, after FROM audit_log WHERE action = 'import' AND entity_id = 'import:objects-1251.csv'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].after.rows.created).toBe(3);
    const [[first, last]] = rows[0].after.objectsCreated;
    const { rows: objects } = await db.query<{ external_id: string }>('SELECT external_id FROM registry_object WHERE id BETWEEN $1 AND $2 ORDER BY id', [first, last]);
    expect(objects.map((o) => o.external_id)).toEqual(['ВІН-1', 'ВІН-2', 'ВІН-3']);
  });

  it('the import\'s row is the audit entry of what it created: the history shows the creation by the file, with the values it had, after later changes too', async () => {
    const { rows: [{ id: m }] } = await db.query<{ id: number }>("SELECT id FROM municipality WHERE slug = 'slovyansk'");
    const { rows: [{ after }] } = await db.query<{ after: { permitsCreated: [number, number][] } }>(
      "SELECT after FROM audit_log WHERE action = 'import' AND entity_id = 'import:objects-1251.csv'",
    );
    const { rows: [kiosk] } = await db.query<{ id: number; permit_id: number; lon: number; lat: number }>(
      `SELECT o.id, p.id AS permit_id, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat
       FROM registry_object o JOIN permit p ON p.object_id = o.id WHERE o.municipality_id = $1 AND o.external_id = 'ВІН-2'`, [m]);
    expect(after.permitsCreated.some(([a, b]) => kiosk.permit_id >= a && kiosk.permit_id <= b)).toBe(true);
    // no row of their own: the import's row names them
    const { rows: [{ own }] } = await db.query<{ own: number }>(
      `SELECT count(*)::int AS own FROM audit_log WHERE municipality_id = $1
         AND ((entity = 'registry_object' AND entity_id = $2) OR (entity = 'permit' AND entity_id = $3))`,
      [m, String(kiosk.id), String(kiosk.permit_id)],
    );
    expect(own).toBe(0);

    const created = await objectHistory(db, m, kiosk.id);
    expect(created.map((e) => [e.entity, e.action, e.import_file])).toEqual([
      ['permit', 'create', 'objects-1251.csv'], ['registry_object', 'create', 'objects-1251.csv'],
    ]);
    const field = (e: { changes: { field: string; to: unknown }[] }, name: string) => e.changes.find((c) => c.field === name)?.to;
    expect(field(created[0], 'number')).toBe('ПП-0101/2024');
    expect([field(created[1], 'address'), field(created[1], 'width_m'), field(created[1], 'monthly_fee_uah')]).toEqual(['вул. Їжакевича, 3', 2.4, 1650.5]);

    // a later import widens the kiosk: its history shows the change, and the creation still shows 2.4
    const report = await run({
      input: utf8(csv([['Обліковий номер', 'Тип', 'Ширина', 'Довгота', 'Широта'], ['ВІН-2', 'Кіоск', '3', kiosk.lon, kiosk.lat]])),
      fileName: 'objects-1251-width.csv',
    });
    expect(report.rows.updated).toBe(1);
    const later = await objectHistory(db, m, kiosk.id);
    expect(later.map((e) => [e.entity, e.action])).toEqual([['registry_object', 'update'], ['permit', 'create'], ['registry_object', 'create']]);
    expect(later[0].changes.find((c) => c.field === 'width_m')).toMatchObject({ from: 2.4, to: 3 });
    expect(field(later[2], 'width_m')).toBe(2.4);
  });

  it('the example files in data-import/examples import cleanly', async () => {
    const one = await run({ input: readFileSync(`${ROOT}data-import/examples/objects-utf8.csv`), fileName: 'objects-utf8.csv', dryRun: true });
    const two = await run({ input: readFileSync(`${ROOT}data-import/examples/objects-cp1251-6387.csv`), fileName: 'objects-cp1251-6387.csv', crs: 'EPSG:6387', dryRun: true });
    expect([one.problems, two.problems]).toEqual([[], []]);
    expect([one.rows.total, two.rows.total, two.encoding]).toEqual([4, 4, 'windows-1251']);
  });
});
