/**
 * The registry's header set: which column of a department's spreadsheet holds which field
 * (matching rules in ../kit/columns.ts). data-import/README.md documents the same list; keep the
 * two together.
 */
import { mapHeaders, PLACE_FIELDS, placeColumnProblems, type ColumnMap as KitColumnMap } from '../kit/columns.js';

export const FIELDS = {
  external_id: ['Обліковий номер', 'Реєстровий номер', 'Номер у реєстрі', 'external_id', 'external id', 'record number'],
  type: ['Тип', "Тип об'єкта", "Вид об'єкта", 'type', 'type_code'],
  address: ['Адреса', 'Місце розташування', 'address'],
  owner_name: ['Власник', 'Назва власника', 'Розповсюджувач', 'owner_name', 'owner'],
  owner_kind: ['Вид власника', 'Тип власника', 'owner_kind'],
  edrpou: ['ЄДРПОУ', 'Код ЄДРПОУ', 'ЕДРПОУ', 'edrpou'],
  rnokpp: ['РНОКПП', 'ІПН', 'rnokpp'],
  phone: ['Телефон', 'phone'],
  email: ['Електронна пошта', 'Ел. пошта', 'email', 'e-mail'],
  public_contact: ['Публічний контакт', 'public_contact'],
  permit_number: ['Номер дозволу', 'Номер документа', 'permit_number'],
  permit_kind: ['Вид документа', 'permit_kind'],
  permit_issued_on: ['Дата видачі', 'permit_issued_on'],
  permit_valid_from: ['Чинний з', 'Дійсний з', 'permit_valid_from'],
  permit_valid_until: ['Чинний до', 'Дійсний до', 'Термін дії до', 'permit_valid_until'],
  permit_decision: ['Рішення', 'Рішення виконкому', 'permit_decision'],
  permit_status: ['Статус дозволу', 'Стан дозволу', 'permit_status'],
  contract_number: ['Номер договору', 'contract_number'],
  contract_date: ['Дата договору', 'contract_date'],
  width_m: ['Ширина', 'width_m', 'width'],
  height_m: ['Висота', 'height_m', 'height'],
  sides: ['Кількість сторін', 'Сторін', 'sides'],
  // One column, two meanings by category (COMMENT ON registry_object.area_m2, 0020): a МАФ's
  // occupied land, an advertising structure's one side. The explicit headers say which.
  area_m2: ['Площа', 'Площа сторони', 'Площа однієї сторони', 'Площа рекламної площини', 'Площа зайнятої ділянки',
    'Площа земельної ділянки', 'Площа зайнятої землі', 'area_m2', 'area', 'area per side', 'land area'],
  lighting: ['Освітлення', 'Підсвітка', 'lighting'],
  installed_on: ['Дата встановлення', 'installed_on'],
  dismantled_on: ['Дата демонтажу', 'dismantled_on'],
  monthly_fee_uah: ['Плата за місяць', 'Плата', 'monthly_fee_uah', 'monthly fee'],
  description: ['Опис', 'Примітка', 'Примітки', 'description', 'note'],
  ...PLACE_FIELDS,
} as const satisfies Record<string, readonly string[]>;

export type Field = keyof typeof FIELDS;
export type ColumnMap = KitColumnMap<Field>;

export function mapColumns(headers: readonly string[]): ColumnMap {
  const map = mapHeaders(FIELDS, headers);
  const has = (f: Field) => map.index[f] !== undefined;
  if (!has('type')) map.problems.push({ uk: 'немає стовпця «Тип»', en: 'no "type" column' });
  if (!has('external_id') && !has('permit_number')) {
    map.problems.push({
      uk: 'немає ні «Обліковий номер», ні «Номер дозволу»: без них повторний імпорт не впізнає об’єкти',
      en: 'neither "external_id" nor "permit_number": without one a re-import cannot recognise objects',
    });
  }
  map.problems.push(...placeColumnProblems(map));
  return map;
}
