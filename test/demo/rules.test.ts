/**
 * The rules the demo generator relies on, without a database: the ЄДРПОУ check digit, the
 * official transliteration, the РНОКПП check digit, and a seeded generator that repeats itself.
 */
import { describe, expect, it } from '@jest/globals';
import { edrpouCheckDigit, isValidEdrpou } from '../../server/rules/edrpou.js';
import { transliterate } from '../../server/rules/transliterate.js';
import { rnokpp } from '../../data-import/demo/owners.js';
import { Random } from '../../data-import/demo/random.js';
import { boundaryRing, DEMO_CITIES } from '../../data-import/demo/cities.js';

describe('ЄДРПОУ check digit', () => {
  it('accepts real codes from both weight ranges', () => {
    // ПриватБанк and Ощадбанк (below 30 000 000), ТОВ «Нова Пошта» (30-60 million: 7 1 2 3 4 5 6).
    for (const code of ['14360570', '00032129', '31316718']) expect(isValidEdrpou(code)).toBe(true);
  });

  it('rejects a changed digit, a wrong length and non-digits', () => {
    expect(isValidEdrpou('14360571')).toBe(false);
    expect(isValidEdrpou('31316717')).toBe(false);
    expect(isValidEdrpou('1436057')).toBe(false);
    expect(isValidEdrpou('143605700')).toBe(false);
    expect(isValidEdrpou('1436057A')).toBe(false);
  });

  it('makes codes that validate, across the whole range and at its edges', () => {
    const random = new Random(1);
    const prefixes = ['0000000', '2999999', '3000000', '5999999', '6000000', '6000001', '9999999'];
    for (let i = 0; i < 2000; i++) prefixes.push(random.digits(7));
    for (const first7 of prefixes) expect(isValidEdrpou(first7 + edrpouCheckDigit(first7))).toBe(true);
  });

  it('uses the weights plus 2 when the first remainder is 10, and 0 when that gives 10 too', () => {
    // 0000003: 3·7 = 21 ≡ 10 (mod 11) → with weights 3..9: 3·9 = 27 ≡ 5.
    expect(edrpouCheckDigit('0000003')).toBe(5);
    expect(isValidEdrpou('00000035')).toBe(true);
    // 0000281: 2·5 + 8·6 + 1·7 = 65 ≡ 10 → 2·7 + 8·8 + 1·9 = 87 ≡ 10 → check digit 0.
    expect(edrpouCheckDigit('0000281')).toBe(0);
    expect(isValidEdrpou('00002810')).toBe(true);
  });
});

describe('transliteration (Cabinet of Ministers resolution No. 55, 2010)', () => {
  it.each([
    ['Слов’янськ', 'Sloviansk'],
    ["Слов'янськ", 'Sloviansk'],
    ['Кривий Ріг', 'Kryvyi Rih'],
    ['Згорани', 'Zghorany'],
    ['Розгон', 'Rozghon'],
    ['Щербухи', 'Shcherbukhy'],
    ['Юрій', 'Yurii'],
    ['Єнакієве', 'Yenakiieve'],
    ['Короп’є', 'Koropie'],
    ['Їжакевич', 'Yizhakevych'],
    ['Йосипівка', 'Yosypivka'],
    ['Гадяч', 'Hadiach'],
    ['Ґалаґан', 'Galagan'],
    ['вулиця Шевченка, 12-А', 'vulytsia Shevchenka, 12-A'],
  ])('%s → %s', (uk, en) => {
    expect(transliterate(uk)).toBe(en);
  });
});

describe('РНОКПП of a sole proprietor', () => {
  it('has ten digits, the sex in the ninth and a valid check digit', () => {
    const random = new Random(5);
    for (let i = 0; i < 500; i++) {
      const female = i % 2 === 0;
      const code = rnokpp(random, female);
      expect(code).toMatch(/^[0-9]{10}$/);
      expect(Number(code[8]) % 2).toBe(female ? 0 : 1);
      const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
      const sum = weights.reduce((s, w, k) => s + w * Number(code[k]), 0);
      expect(Number(code[9])).toBe((((sum % 11) + 11) % 11) % 10);
    }
  });
});

describe('seeded random streams', () => {
  it('repeat for the same seed and label, and differ for another label', () => {
    const a = new Random(42).fork('addresses');
    const b = new Random(42).fork('addresses');
    const c = new Random(42).fork('registry');
    const seq = (r: Random) => Array.from({ length: 20 }, () => r.next());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it('forks by seed, not by how far the parent has run', () => {
    const parent = new Random(7);
    const early = parent.fork('x').next();
    parent.next();
    expect(parent.fork('x').next()).toBe(early);
  });

  it('keeps int() within its bounds and reaches both ends', () => {
    const random = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(random.int(2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });
});

describe('hromada outlines', () => {
  it('are the same for a seed, and Kryvyi Rih runs far longer north-south than east-west', () => {
    for (const city of DEMO_CITIES) {
      const a = boundaryRing(city, new Random(1).fork(city.slug).fork('boundary')).points;
      const b = boundaryRing(city, new Random(1).fork(city.slug).fork('boundary')).points;
      expect(b).toEqual(a);
    }
    const kr = boundaryRing(DEMO_CITIES[1], new Random(1)).points;
    const width = Math.max(...kr.map((p) => p[0])) - Math.min(...kr.map((p) => p[0]));
    const height = Math.max(...kr.map((p) => p[1])) - Math.min(...kr.map((p) => p[1]));
    expect(height / width).toBeGreaterThan(4);
    expect(height).toBeGreaterThan(55_000);
  });
});
