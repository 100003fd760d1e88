/**
 * The registry's rules that need no database: the fee and its arrears, legality in words, the
 * open-data fields, how an upload's type is told, how a refusal names the field.
 */
import { describe, expect, it } from '@jest/globals';
import { feeStatus, wholeMonthsBetween } from '../../server/registry/fees.js';
import { legalityReason, openDataStatus } from '../../server/registry/legality.js';
import { splitAddress, structureArea } from '../../server/registry/opendata.js';
import { csvField } from '../../server/http/csv.js';
import { imageTypeOf } from '../../server/registry/photos.js';
import { parseInput } from '../../server/registry/validation.js';
import { newObject, newOwner } from '../../server/registry/schemas.js';
import { AppError } from '../../server/errors.js';

describe('the fee an object owes this year', () => {
  const base = { monthlyFeeUah: 1000, installedOn: null, dismantledOn: null, paidThisYearUah: 0 };

  it('counts whole months only, as PostgreSQL age() does: 15 March → 14 May is one month, → 15 May two', () => {
    expect(wholeMonthsBetween('2026-03-15', '2026-05-14')).toBe(1);
    expect(wholeMonthsBetween('2026-03-15', '2026-05-15')).toBe(2);
    expect(wholeMonthsBetween('2026-01-31', '2026-02-28')).toBe(0);
    expect(wholeMonthsBetween('2026-05-15', '2026-05-15')).toBe(0);
  });

  it('charges from 1 January for an object installed in an earlier year', () => {
    const s = feeStatus({ ...base, installedOn: '2019-06-01', today: '2026-11-23' })!;
    expect(s).toMatchObject({ charged_from: '2026-01-01', months_due: 10, expected_this_year_uah: 10000, arrears_uah: 10000 });
  });

  it('charges from the day of installation within this year, and stops at dismantling', () => {
    expect(feeStatus({ ...base, installedOn: '2026-03-15', today: '2026-05-20' })).toMatchObject({ months_due: 2, expected_this_year_uah: 2000 });
    expect(feeStatus({ ...base, installedOn: '2026-03-15', dismantledOn: '2026-04-20', today: '2026-11-23' })).toMatchObject({ charged_until: '2026-04-20', months_due: 1 });
  });

  it('arrears are what is expected less what was paid this year; an overpayment is credit', () => {
    expect(feeStatus({ ...base, paidThisYearUah: 7500.5, today: '2026-11-23' })).toMatchObject({ expected_this_year_uah: 10000, arrears_uah: 2499.5, credit_uah: 0 });
    expect(feeStatus({ ...base, paidThisYearUah: 12000, today: '2026-11-23' })).toMatchObject({ arrears_uah: 0, credit_uah: 2000 });
  });

  it('nothing is due in January for the month in progress, and there is no fee status without a tariff', () => {
    expect(feeStatus({ ...base, today: '2026-01-20' })).toMatchObject({ months_due: 0, arrears_uah: 0 });
    expect(feeStatus({ ...base, monthlyFeeUah: null, today: '2026-11-23' })).toBeNull();
  });
});

describe('legality in words', () => {
  const facts = { permit_kind: 'permit', permit_number: '12/2025', permit_valid_until: '2026-12-03', dismantled_on: null };

  it('says when an expiring permit ends and in how many days, in Ukrainian and English', () => {
    const r = legalityReason({ ...facts, legality: 'expiring' }, '2026-11-23');
    expect(r.uk).toBe('Дозвіл № 12/2025 чинний до 03.12.2026 — спливає через 10 днів.');
    expect(r.en).toBe('Permit No. 12/2025 is valid through 03.12.2026 — it expires in 10 days.');
    expect(legalityReason({ ...facts, legality: 'expiring', permit_valid_until: '2026-11-23' }, '2026-11-23').uk).toMatch(/до кінця сьогоднішнього дня/);
    expect(legalityReason({ ...facts, legality: 'expiring', permit_valid_until: '2026-11-24' }, '2026-11-23').uk).toMatch(/через 1 день/);
  });

  it('an expired permit was valid through its last day', () => {
    expect(legalityReason({ ...facts, legality: 'expired', permit_valid_until: '2026-11-22' }, '2026-11-23').uk).toBe(
      'Дозвіл № 12/2025 діяв до 22.11.2026 включно і втратив чинність за терміном дії.',
    );
  });

  it('the open-data status never calls a permit past its last day «Чинний»', () => {
    expect(openDataStatus('active', '2026-11-22', '2026-11-23')).toBe('Втратив чинність за терміном дії');
    expect(openDataStatus('active', '2026-11-23', '2026-11-23')).toBe('Чинний');
    expect(openDataStatus('annulled', null, '2026-11-23')).toBe('Анульований');
    expect(openDataStatus('reissued', null, '2026-11-23')).toBe('Перевиданий');
  });
});

describe('open-data fields', () => {
  it('splits an address at its last comma into street and house number', () => {
    expect(splitAddress('вулиця Шевченка, 12-А')).toEqual(['вулиця Шевченка', '12-А']);
    expect(splitAddress('площа Соборна')).toEqual(['площа Соборна', null]);
    expect(splitAddress(null)).toEqual([null, null]);
  });

  it('the area is of the whole structure: per side × sides, or width × height × sides', () => {
    expect(structureArea(18, 6, 3, 2)).toBe(36);
    expect(structureArea(null, 1.2, 1.8, 2)).toBe(4.32);
    expect(structureArea(null, null, 3, 2)).toBeNull();
  });

  it('CSV fields are quoted only when they must be, and an absent value is an empty field, never the word "null"', () => {
    expect(csvField('ТОВ «Реклама», філія', ',')).toBe('"ТОВ «Реклама», філія"');
    expect(csvField('ТОВ "Реклама"', ';')).toBe('"ТОВ ""Реклама"""');
    expect(csvField(48.8529405, ',')).toBe('48.8529405');
    expect(csvField(null, ',')).toBe('');
    expect(csvField(null, ';')).toBe('');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","Дозвіл")', `"'=HYPERLINK(""http://evil.example"",""Дозвіл"")"`],
    ['+380501234567', `"'+380501234567"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
  ])('a text cell a spreadsheet would run as a formula (%j) goes out neutralised', (cell, written) => {
    expect(csvField(cell, ',')).toBe(written);
  });

  it('numbers stay numeric, whether typed as numbers or as plain numeric text', () => {
    expect(csvField(-12.5, ',')).toBe('-12.5');
    expect(csvField('-12.5', ',')).toBe('-12.5');
    expect(csvField('12-А', ',')).toBe('12-А');
  });

  it('a МАФ\'s area is the land it occupies, not multiplied by sides', () => {
    expect(structureArea(12.5, 3, 2, 2, 'maf')).toBe(12.5);
    expect(structureArea(18, 6, 3, 2, 'advertising')).toBe(36);
  });
});

describe('what an uploaded photo is', () => {
  it('is told by its magic bytes', () => {
    expect(imageTypeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(imageTypeOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(imageTypeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(imageTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(imageTypeOf(Buffer.from('GIF89a'))).toBeUndefined();
  });
});

describe('a refused input', () => {
  const refusal = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (e) {
      return e as AppError;
    }
    throw new Error('not refused');
  };

  it('names the field and the value it got', () => {
    const e = refusal(() => parseInput(newObject, { type_code: 'kiosk', geometry: { type: 'Point', coordinates: [37.6, 48.8] }, width_m: -3 }));
    expect(e.status).toBe(400);
    expect(e.details).toMatchObject({ field: 'width_m', value: -3 });
    expect(e.message).toMatch(/«width_m».*-3/);
  });

  it('names a wrong ЄДРПОУ by its check digit, and an unknown field by its name', () => {
    expect(refusal(() => parseInput(newOwner, { kind: 'legal_entity', name: 'ТОВ «Тест»', edrpou: '14360571' })).details).toMatchObject({ field: 'edrpou', value: '14360571' });
    expect(() => parseInput(newOwner, { kind: 'legal_entity', name: 'ТОВ «Тест»', edrpou: '14360570' })).not.toThrow();
    expect(refusal(() => parseInput(newOwner, { kind: 'legal_entity', name: 'ТОВ «Тест»', colour: 'red' })).details).toMatchObject({ field: 'colour' });
  });

  it('refuses an open polygon ring', () => {
    const e = refusal(() => parseInput(newObject, { type_code: 'kiosk', geometry: { type: 'Polygon', coordinates: [[[37.6, 48.8], [37.61, 48.8], [37.61, 48.81], [37.6, 48.81]]] } }));
    expect(String(e.details.field)).toMatch(/^geometry/);
  });
});
