/**
 * A hromada's address register (street, house number, postcode, a point) as a dataset of the one
 * importer (../kit/run.ts), from CSV or GeoJSON in any supported CRS: the base the find-my-deputy
 * search and the registry's postcodes stand on.
 *
 * Which point a row is: the hromada's point with the same street and house number (case, spacing
 * and apostrophe style aside, compared here rather than in SQL, where lower() of Cyrillic depends
 * on the database's locale). A row must be a point inside the hromada (the one boundary rule).
 */
import { recordChange } from '../../server/audit/audit.js';
import { writeAndMark, type Written } from '../../server/catalog/write.js';
import type { Queryable } from '../../server/db/database.js';
import { insideHromada } from '../../server/municipalities/boundary.js';
import { writeAddressPoints, type AddressPoint, type AddressTable } from '../../server/places/core/addresses.js';
import { mapHeaders, PLACE_FIELDS, placeColumnProblems, type ColumnMap } from '../kit/columns.js';
import type { Dataset, ImportJob } from '../kit/dataset.js';
import { readPlace } from '../kit/place.js';
import { idRanges, Rollback } from '../kit/run.js';
import { readRecord } from '../kit/record.js';

export const ADDRESS_FIELDS = {
  street_uk: ['Вулиця', 'Назва вулиці', 'street', 'street_uk'],
  // not «Вулиця (англ.)»: a header's bracketed ending is dropped, which would make it «Вулиця»
  street_en: ['Вулиця англійською', 'Вулиця англ.', 'street_en'],
  house_number: ['Номер будинку', 'Будинок', 'Номер', 'house_number', 'house', 'housenumber'],
  postcode: ['Індекс', 'Поштовий індекс', 'postcode', 'postal_code'],
  ...PLACE_FIELDS,
} as const;

type Field = keyof typeof ADDRESS_FIELDS;

/** "12", "12-А", "12а", "3/1", "12 корп. 2": a number first, then what offices append. */
const HOUSE_NUMBER = /^\d{1,5}(\s?[-/]?\s?[\p{L}\d]{1,6})?(\s?(корп|к|буд|секц)\.?\s?\d{1,3})?$/u;
const POSTCODE = /^\d{5}$/;

const key = (street: string, house: string) =>
  `${street.normalize('NFC').toLowerCase().replace(/[’ʼ`']/g, "'").replace(/\s+/g, ' ').trim()}|${house.toLowerCase().replace(/\s+/g, '')}`;

function mapColumns(headers: readonly string[]): ColumnMap<Field> {
  const map = mapHeaders(ADDRESS_FIELDS, headers);
  if (map.index.street_uk === undefined) map.problems.push({ uk: 'немає стовпця «Вулиця»', en: 'no "street" column' });
  if (map.index.house_number === undefined) map.problems.push({ uk: 'немає стовпця «Номер будинку»', en: 'no "house_number" column' });
  map.problems.push(...placeColumnProblems(map));
  return map;
}

interface Staged extends Omit<AddressPoint, 'id'> {
  line: number;
  key: string;
}

interface AddressRows {
  staged: Staged[];
  /** Lines with a readable place but other problems: their place is checked too. */
  places: { line: number; wkt: string }[];
}

export const ADDRESS_DATASET: Dataset<Field, AddressRows> = {
  name: 'addresses',
  mapColumns,
  async start(_db, { columns, crs, axisOrder }) {
    const rows: AddressRows = { staged: [], places: [] };
    const firstLine = new Map<string, number>();
    return {
      rows,
      get empty() {
        return rows.staged.length + rows.places.length === 0;
      },
      add(record) {
        const { cell, problems, problem } = readRecord(record, columns);
        const street = cell('street_uk');
        const house = cell('house_number');
        const postcode = cell('postcode');
        if (street.length < 2) problem('street_uk', 'required', 'порожньо: потрібна назва вулиці', 'empty: the street is required');
        else if (street.length > 200) problem('street_uk', 'too_long', 'не довше 200 символів', 'at most 200 characters');
        if (house === '') problem('house_number', 'required', 'порожньо: потрібен номер будинку', 'empty: the house number is required');
        else if (!HOUSE_NUMBER.test(house)) problem('house_number', 'bad_house_number', 'номер будинку має починатися з числа: 12, 12-А, 3/1, 12 корп. 2', 'a house number starts with a number: 12, 12-А, 3/1, 12 корп. 2');
        if (postcode && !POSTCODE.test(postcode)) problem('postcode', 'bad_postcode', 'поштовий індекс — 5 цифр', 'a postcode has 5 digits');
        const read = readPlace(columns, (f) => cell(f), crs, axisOrder);
        if (!read.ok) problems.push({ line: record.line, field: read.fields, fields: read.labels, value: read.text, ...read.reason });
        else if (read.place.source.type !== 'Point') {
          problems.push({ line: record.line, field: read.place.fields, fields: read.place.labels, value: read.place.text, code: 'not_a_point', uk: 'адреса — це точка, а не контур', en: 'an address is a point, not an outline' });
        }
        const k = key(street, house);
        if (problems.length === 0 && firstLine.has(k)) {
          problem('house_number', 'duplicate', `та сама адреса вже є в рядку ${firstLine.get(k)}`, `the same address is already in line ${firstLine.get(k)}`);
        }
        if (problems.length > 0) {
          if (read.ok) rows.places.push({ line: record.line, wkt: read.place.wkt });
        } else if (read.ok) {
          firstLine.set(k, record.line);
          rows.staged.push({ line: record.line, key: k, street_uk: street, street_en: cell('street_en') || null, house_number: house, postcode: postcode || null, wkt: read.place.wkt });
        }
        return { problems, notices: [] };
      },
    };
  },
  write: (db, job) => writeAndMark<AddressTable, void>({ db, versions: job.options.versions }, job.actor, (tx, written) => writeRows(tx, written, job)),
};

async function writeRows(tx: Queryable, written: Written<AddressTable>, job: ImportJob<Field, AddressRows>): Promise<void> {
  const { actor, options, problems, report, rows: { staged, places } } = job;
  const started = performance.now();
  // The one boundary rule, for the good rows and the bad ones with a place, in one query.
  const all = [...staged.map((s) => ({ line: s.line, wkt: s.wkt })), ...places];
  const { rows: outside } = await tx.query<{ line: number }>(
    `SELECT u.line FROM unnest($2::integer[], $3::text[]) AS u(line, wkt), municipality m
     WHERE m.id = $1 AND NOT ${insideHromada('ST_GeomFromText(u.wkt, 4326)', 'm.boundary')} ORDER BY u.line`,
    [actor.municipalityId, all.map((a) => a.line), all.map((a) => a.wkt)],
  );
  const outsideLines = new Set(outside.map((r) => r.line));
  for (const { line } of outside) {
    problems.push({ line, field: null, value: null, code: 'outside', uk: 'координати поза межами громади', en: 'coordinates outside the hromada' });
  }
  report.timings.checkMs = performance.now() - started;
  if (problems.length > 0 && !report.skipInvalid) throw new Rollback();

  const { rows: existing } = await tx.query<{ id: number; street_uk: string; house_number: string }>(
    'SELECT id, street_uk, house_number FROM address_point WHERE municipality_id = $1 ORDER BY id', [actor.municipalityId]);
  const idOf = new Map<string, number>();
  for (const e of existing) if (!idOf.has(key(e.street_uk, e.house_number))) idOf.set(key(e.street_uk, e.house_number), e.id);
  const good = staged.filter((s) => !outsideLines.has(s.line));
  const changes = await writeAddressPoints(tx, written, actor, good.map(({ line: _l, key: k, ...point }) => ({ ...point, id: idOf.get(k) ?? null })));
  Object.assign(report.rows, { created: changes.created.length, updated: changes.updated.length, unchanged: good.length - changes.created.length - changes.updated.length });
  report.timings.writeMs = performance.now() - started - report.timings.checkMs;
  await recordChange(tx, {
    municipalityId: actor.municipalityId, userId: actor.userId, entity: 'address_point', entityId: `import:${options.fileName}`, action: 'import',
    after: { file: options.fileName, crs: report.crs, format: report.format, rows: report.rows, created: idRanges(changes.created), updated: idRanges(changes.updated) },
  });
  if (report.dryRun) throw new Rollback();
  report.written = true;
}
