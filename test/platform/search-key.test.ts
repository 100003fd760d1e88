/**
 * The search key, in the application and in the database: a resident's spelling of a name or an
 * address meets the registry's, and both sides of every comparison agree on what the key is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../server/db/database.js';
import { searchKey } from '../../server/rules/search-key.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

/** What a resident types → what the registry or the address register stores; each pair has one key. */
const SAME = [
  ['ТОВ Смак трейд', 'ТОВ «Смак-Трейд»'],
  ['смак трейд', 'Смак–Трейд'],
  ['вулиця Шевченка, 12', 'вул. Шевченка, буд. 12'],
  ['вул.Шевченка 12', 'ВУЛИЦЯ ШЕВЧЕНКА, 12'],
  ['Словянськ', 'Слов’янськ'],
  ["слов'янськ", 'Словʼянськ'],
  ['проспект Миру 5/1', 'пр-т Миру, 5/1'],
  ['просп. Миру 5', 'пр. Миру, 5'],
  ['бульвар Шевченка', 'б-р Шевченка'],
  ['бульв. Шевченка', 'Бульвар Шевченка'],
  ['площа Соборна', 'пл. Соборна'],
  ['провулок Тихий', 'пров-к Тихий'],
  ['набережна Дніпра', 'наб. Дніпра'],
  ['Харківське шосе', 'Харківське ш.'],
  ['№ 12/2025', '12-2025'],
  ['ФОП Іваненко І.І.', 'фоп іваненко і і'],
  ['"Фарм-Плюс"', '“ФАРМ ПЛЮС”'],
] as const;

/** Different things stay different. */
const DIFFERENT = [
  ['вулиця Шевченка 12', 'вулиця Шевченка 21'],
  ['вулиця Миру', 'проспект Миру'],
  ['Смак', 'Смаки'],
] as const;

const EDGE_CASES = ['', '   ', '...', 'вул', 'Вул  ВУЛ вул', 'пр-т', 'пр-тт Миру', 'б-рр', 'abc-б-р', 'x\ty\nz', 'Ёлка ЪЫЭ', 'tab\t«»\t№'];

describe('the search key', () => {
  it.each(SAME)('%s and %s have one key', (a, b) => {
    expect(searchKey(a)).toBe(searchKey(b));
  });

  it.each(DIFFERENT)('%s and %s keep different keys', (a, b) => {
    expect(searchKey(a)).not.toBe(searchKey(b));
  });

  it('reads as the words that matter, lower-cased and single-spaced', () => {
    expect(searchKey('  ТОВ «Смак-Трейд»,  вул. Шевченка, буд. 12-А ')).toBe('тов смак трейд вулиця шевченка 12 а');
  });
});

describe.each(backends())('search_key() in the database (%s)', (kind) => {
  let db: Database;
  beforeAll(async () => { db = await openTestDatabase(kind); });
  afterAll(async () => { await db?.close(); });

  it('gives the application\'s key for every case', async () => {
    const inputs = [...SAME.flat(), ...DIFFERENT.flat(), ...EDGE_CASES];
    const { rows } = await db.query<{ input: string; key: string }>(
      'SELECT input, search_key(input) AS key FROM unnest($1::text[]) AS input', [inputs]);
    expect(rows.map((r) => [r.input, r.key])).toEqual(inputs.map((s) => [s, searchKey(s)]));
  });

  it('can hold the key in a trigram index and rank a forgiving search by it', async () => {
    await db.query('CREATE TEMP TABLE t (name text)');
    await db.query("INSERT INTO t VALUES ('ТОВ «Смак-Трейд»'), ('ТОВ «Смаколик»'), ('ФОП Петренко')");
    await db.query('CREATE INDEX ON t USING gin (search_key(name) gin_trgm_ops)');
    const { rows } = await db.query<{ name: string }>(
      'SELECT name FROM t WHERE search_key(name) % search_key($1) ORDER BY similarity(search_key(name), search_key($1)) DESC', ['смак трейд']);
    expect(rows[0]?.name).toBe('ТОВ «Смак-Трейд»');
  });
});
