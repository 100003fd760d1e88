/**
 * Building footprints of a hromada's topographic base (an outline, the address on the building,
 * the number of storeys) as a dataset of the one importer (../kit/run.ts), from GeoJSON or CSV with
 * WKT, in any supported CRS. A footprint is a POLYGON or MULTIPOLYGON wholly inside the hromada
 * (the one boundary rule, server/municipalities/boundary.ts).
 *
 * Matching, so that importing the same file again changes nothing: a building with an address is
 * the hromada's building with that address (case, spacing and apostrophe style aside); one without
 * (a shed, a garage) is the unaddressed building with exactly that footprint.
 */
import { writeAndMark } from '../../server/catalog/write.js';
import { insideHromada } from '../../server/municipalities/boundary.js';
import { addressedBuildings, unaddressedBuildingIds, writeBuildings, type BaseMapTable, type BuildingRow } from '../../server/basemap/core.js';
import { mapHeaders, PLACE_FIELDS, placeColumnProblems, type ColumnMap } from '../kit/columns.js';
import type { Dataset } from '../kit/dataset.js';
import { readPlace } from '../kit/place.js';
import { Rollback } from '../kit/run.js';
import { readRecord } from '../kit/record.js';
import { auditImport, linesOutside, nameKey, type LinePlace } from './common.js';

export const BUILDING_FIELDS = {
  street_uk: ['Вулиця', 'Назва вулиці', 'street', 'street_uk', 'addr:street'],
  house_number: ['Номер будинку', 'Будинок', 'Номер', 'house_number', 'housenumber', 'addr:housenumber'],
  levels: ['Поверхів', 'Поверховість', 'Кількість поверхів', 'levels', 'building:levels', 'storeys'],
  ...PLACE_FIELDS,
} as const;

type Field = keyof typeof BUILDING_FIELDS;

/** "12", "12-А", "12а", "3/1", "12 корп. 2": as the address register writes them (data-import/addresses). */
const HOUSE_NUMBER = /^\d{1,5}(\s?[-/]?\s?[\p{L}\d]{1,6})?(\s?(корп|к|буд|секц)\.?\s?\d{1,3})?$/u;
/** The tallest building in Ukraine has 47 storeys; 100 leaves room and still catches a typo. */
const MAX_LEVELS = 100;

function mapColumns(headers: readonly string[]): ColumnMap<Field> {
  const map = mapHeaders(BUILDING_FIELDS, headers);
  if (map.index.wkt === undefined) map.problems.push({ uk: 'немає стовпця «WKT» з контуром будівлі', en: 'no "WKT" column with the footprint' });
  map.problems.push(...placeColumnProblems(map));
  return map;
}

interface StagedBuilding extends Omit<BuildingRow, 'id'> {
  line: number;
  /** nameKey(street)|house, or null for a building without an address. */
  key: string | null;
}

interface BuildingRows {
  staged: StagedBuilding[];
  places: LinePlace[];
}

export const BUILDING_DATASET: Dataset<Field, BuildingRows> = {
  name: 'buildings',
  mapColumns,
  async start(_db, { columns, crs, axisOrder }) {
    const rows: BuildingRows = { staged: [], places: [] };
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
        const levelsText = cell('levels');
        if (street && !house) problem('house_number', 'required', 'є вулиця, але немає номера будинку', 'a street without a house number');
        if (house && !street) problem('street_uk', 'required', 'є номер будинку, але немає вулиці', 'a house number without a street');
        if (street.length > 200) problem('street_uk', 'too_long', 'не довше 200 символів', 'at most 200 characters');
        if (house && !HOUSE_NUMBER.test(house)) problem('house_number', 'bad_house_number', 'номер будинку має починатися з числа: 12, 12-А, 3/1, 12 корп. 2', 'a house number starts with a number: 12, 12-А, 3/1, 12 корп. 2');
        const levels = levelsText === '' ? null : Number(levelsText);
        if (levels !== null && !(Number.isInteger(levels) && levels >= 1 && levels <= MAX_LEVELS)) {
          problem('levels', 'bad_levels', `кількість поверхів — ціле число від 1 до ${MAX_LEVELS}`, `storeys are a whole number from 1 to ${MAX_LEVELS}`);
        }
        const read = readPlace(columns, (f) => cell(f), crs, axisOrder);
        if (!read.ok) problems.push({ line: record.line, field: read.fields, fields: read.labels, value: read.text, ...read.reason });
        else if (read.place.source.type !== 'Polygon' && read.place.source.type !== 'MultiPolygon') {
          problems.push({ line: record.line, field: read.place.fields, fields: read.place.labels, value: read.place.text, code: 'not_an_outline', uk: 'будівля — це контур (POLYGON), а не точка', en: 'a building is an outline (POLYGON), not a point' });
        }
        const key = street && house ? `${nameKey(street)}|${house.toLowerCase().replace(/\s+/g, '')}` : null;
        if (problems.length === 0 && key && firstLine.has(key)) {
          problem('house_number', 'duplicate', `та сама адреса вже є в рядку ${firstLine.get(key)}`, `the same address is already in line ${firstLine.get(key)}`);
        }
        if (problems.length > 0) {
          if (read.ok) rows.places.push({ line: record.line, wkt: read.place.wkt });
        } else if (read.ok) {
          if (key) firstLine.set(key, record.line);
          rows.staged.push({ line: record.line, key, street_uk: street || null, house_number: house || null, levels, wkt: read.place.wkt });
        }
        return { problems, notices: [] };
      },
    };
  },
  write: (db, job) => writeAndMark<BaseMapTable, void>({ db, versions: job.options.versions }, job.actor, async (tx, written) => {
    const { actor, problems, report, rows: { staged, places } } = job;
    const started = performance.now();
    const outside = await linesOutside(tx, actor.municipalityId, [...staged, ...places], insideHromada('p.g', 'm.boundary'));
    for (const line of outside) {
      problems.push({ line, field: null, value: null, code: 'outside', uk: 'контур виходить за межі громади', en: 'the outline reaches outside the hromada' });
    }
    report.timings.checkMs = performance.now() - started;
    if (problems.length > 0 && !report.skipInvalid) throw new Rollback();

    const bad = new Set(outside);
    const good = staged.filter((s) => !bad.has(s.line));
    const idOf = new Map<string, number>();
    for (const b of await addressedBuildings(tx, actor.municipalityId)) {
      const k = `${nameKey(b.street_uk)}|${b.house_number.toLowerCase().replace(/\s+/g, '')}`;
      if (!idOf.has(k)) idOf.set(k, b.id);
    }
    const sheds = good.filter((s) => s.key === null);
    const shedIds = await unaddressedBuildingIds(tx, actor.municipalityId, sheds.map((s) => s.wkt));
    const shedIdOf = new Map(sheds.map((s, i) => [s, shedIds[i]]));
    const rows: BuildingRow[] = good.map(({ line: _l, key, ...b }, i) => ({ ...b, id: key ? idOf.get(key) ?? null : shedIdOf.get(good[i]) ?? null }));
    const changes = await writeBuildings(tx, written, actor, rows);
    Object.assign(report.rows, { created: changes.created.length, updated: changes.updated.length, unchanged: rows.length - changes.created.length - changes.updated.length });
    report.timings.writeMs = performance.now() - started - report.timings.checkMs;
    await auditImport(tx, job, 'building', changes);
    if (report.dryRun) throw new Rollback();
    report.written = true;
  }),
};
