/**
 * The header set: which column of a department's spreadsheet holds which field. Headers are
 * matched case- and whitespace-insensitively, with apostrophe variants (’ ʼ ') unified, a
 * trailing unit dropped ("Ширина, м", "Площа (м²)", "Плата за місяць, грн"), and the Cyrillic
 * letters Х and У accepted for X and Y (they look the same and often are typed so).
 * data-import/README.md documents the same list; keep the two together.
 */

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
  area_m2: ['Площа', 'Площа сторони', 'area_m2', 'area'],
  lighting: ['Освітлення', 'Підсвітка', 'lighting'],
  installed_on: ['Дата встановлення', 'installed_on'],
  dismantled_on: ['Дата демонтажу', 'dismantled_on'],
  monthly_fee_uah: ['Плата за місяць', 'Плата', 'monthly_fee_uah', 'monthly fee'],
  description: ['Опис', 'Примітка', 'Примітки', 'description', 'note'],
  // Coordinates, in the CRS given to the import. X/Y are easting/northing (the GIS order, as in
  // PostGIS and proj4); geodetic data, where X is the northing, names them Північ/Схід.
  x: ['X', 'Схід', 'easting'],
  y: ['Y', 'Північ', 'northing'],
  lon: ['Довгота', 'lon', 'lng', 'longitude'],
  lat: ['Широта', 'lat', 'latitude'],
  wkt: ['WKT', 'Геометрія', 'geometry'],
} as const satisfies Record<string, readonly string[]>;

export type Field = keyof typeof FIELDS;

/** A header as compared: lower case, one space, one apostrophe, no unit. */
export function normalizeHeader(header: string): string {
  let h = header.normalize('NFC').toLowerCase().replace(/[’ʼ`']/g, "'").replace(/\s+/g, ' ').trim();
  h = h.replace(/\s*\([^)]*\)$/, '').replace(/,\s*(м|м2|м²|кв\.?\s*м|грн|uah|m|m2|шт)\.?$/, '').trim();
  if (h === 'х') return 'x'; // Cyrillic ha
  if (h === 'у') return 'y'; // Cyrillic u
  return h;
}

const FIELD_BY_HEADER = new Map<string, Field>(
  (Object.entries(FIELDS) as [Field, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [normalizeHeader(n), field] as const)),
);

export interface ColumnMap {
  /** How many columns the header line has. */
  width: number;
  /** Field → index of its column in each record. */
  index: Partial<Record<Field, number>>;
  /** Field → the header as the file writes it, for messages ("поле «Чинний до»"). */
  label: Partial<Record<Field, string>>;
  /** Headers that matched no field; their columns are ignored. */
  unknown: string[];
  /** Problems that make the file unreadable as a registry (missing or doubled columns). */
  problems: { uk: string; en: string }[];
}

export function mapColumns(headers: readonly string[]): ColumnMap {
  const map: ColumnMap = { width: headers.length, index: {}, label: {}, unknown: [], problems: [] };
  headers.forEach((header, i) => {
    if (header.trim() === '') return;
    const field = FIELD_BY_HEADER.get(normalizeHeader(header));
    if (!field) {
      map.unknown.push(header);
    } else if (map.index[field] !== undefined) {
      map.problems.push({
        uk: `стовпці «${map.label[field]}» і «${header}» означають одне поле (${field})`,
        en: `columns "${map.label[field]}" and "${header}" both mean ${field}`,
      });
    } else {
      map.index[field] = i;
      map.label[field] = header.trim();
    }
  });
  const has = (f: Field) => map.index[f] !== undefined;
  if (!has('type')) map.problems.push({ uk: 'немає стовпця «Тип»', en: 'no "type" column' });
  if (!has('external_id') && !has('permit_number')) {
    map.problems.push({
      uk: 'немає ні «Обліковий номер», ні «Номер дозволу»: без них повторний імпорт не впізнає об’єкти',
      en: 'neither "external_id" nor "permit_number": without one a re-import cannot recognise objects',
    });
  }
  for (const [a, b] of [['x', 'y'], ['lon', 'lat']] as const) {
    if (has(a) !== has(b)) {
      const [present, missing] = has(a) ? [a, b] : [b, a];
      map.problems.push({ uk: `є стовпець «${map.label[present]}», але немає пари до нього (${missing})`, en: `column "${map.label[present]}" has no ${missing} to pair with` });
    }
  }
  if (!has('x') && !has('lon') && !has('wkt')) {
    map.problems.push({ uk: 'немає координат: потрібні X і Y, Довгота і Широта або WKT', en: 'no coordinates: X and Y, lon and lat, or WKT are needed' });
  }
  return map;
}
