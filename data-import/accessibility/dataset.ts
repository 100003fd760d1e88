/**
 * Facilities of the accessibility map as a dataset of the one importer (../kit/run.ts), from CSV
 * or GeoJSON in any supported CRS: one row is a facility with its main entrance's measurements
 * and its inside facts, written through the accessibility write core's bulk writer (which grades
 * them). An empty cell is "not known" (NULL), never "no": a spreadsheet says «ні» for "absent".
 * A row whose record number the hromada already has is refused (edits go through the survey form).
 */
import { accessibilityWrite, type Written } from '../../server/accessibility/core/write.js';
import { insertFacilities, type BulkFacility } from '../../server/accessibility/core/bulk.js';
import type { Queryable } from '../../server/db/database.js';
import { insideHromada } from '../../server/municipalities/boundary.js';
import { FACILITY_CATEGORIES } from '../../server/rules/vocabularies.js';
import { mapHeaders, PLACE_FIELDS, placeColumnProblems, type ColumnMap } from '../kit/columns.js';
import type { Dataset, ImportJob } from '../kit/dataset.js';
import { readPlace } from '../kit/place.js';
import { Rollback } from '../kit/run.js';
import { parseBoolean, parseDate, parseDecimal } from '../kit/values.js';
import { readRecord } from '../kit/record.js';

type Kind = 'text' | 'boolean' | 'number' | 'date';
/** Each field: its kind, where it goes (the facility, or its main entrance), its headers. */
const FIELDS = {
  name: ['text', 'facility', 'Назва', 'name'],
  category: ['text', 'facility', 'Категорія', 'category'],
  address: ['text', 'facility', 'Адреса', 'address'],
  external_id: ['text', 'facility', 'Обліковий номер', 'external_id', 'id'],
  operator: ['text', 'facility', 'Утримувач', 'operator'],
  phone: ['text', 'facility', 'Телефон', 'phone'],
  opening_hours: ['text', 'facility', 'Графік роботи', 'opening_hours'],
  surveyed_on: ['date', 'facility', 'Дата обстеження', 'surveyed_on'],
  level: ['boolean', 'entrance', 'Вхід без сходинок', 'level', 'step_free'],
  step_count: ['number', 'entrance', 'Кількість сходинок', 'step_count'],
  step_height_cm: ['number', 'entrance', 'Висота сходинки, см', 'step_height_cm'],
  ramp: ['boolean', 'entrance', 'Пандус', 'ramp'],
  ramp_slope_pct: ['number', 'entrance', 'Ухил пандуса, %', 'ramp_slope_pct'],
  ramp_width_cm: ['number', 'entrance', 'Ширина пандуса, см', 'ramp_width_cm'],
  ramp_handrails: ['boolean', 'entrance', 'Поручні пандуса', 'ramp_handrails'],
  door_width_cm: ['number', 'entrance', 'Ширина дверей, см', 'door_width_cm'],
  threshold_height_cm: ['number', 'entrance', 'Висота порога, см', 'threshold_height_cm'],
  automatic_door: ['boolean', 'entrance', 'Автоматичні двері', 'automatic_door'],
  call_button: ['boolean', 'entrance', 'Кнопка виклику', 'call_button'],
  call_button_height_cm: ['number', 'entrance', 'Висота кнопки виклику, см', 'call_button_height_cm'],
  tactile_guidance: ['boolean', 'entrance', 'Тактильні смуги до входу', 'tactile_guidance'],
  elevator: ['boolean', 'facility', 'Ліфт', 'elevator'],
  accessible_toilet: ['boolean', 'facility', 'Доступна вбиральня', 'accessible_toilet'],
  tactile_paving: ['boolean', 'facility', 'Тактильні смуги', 'tactile_paving'],
  braille_signage: ['boolean', 'facility', 'Шрифт Брайля', 'braille_signage'],
  hearing_loop: ['boolean', 'facility', 'Індукційна петля', 'hearing_loop'],
  sign_language: ['boolean', 'facility', 'Жестова мова', 'sign_language'],
  staff_help: ['boolean', 'facility', 'Допомога персоналу', 'staff_help'],
  parking_spaces: ['number', 'facility', 'Паркомісця для людей з інвалідністю', 'parking_spaces'],
} as const satisfies Record<string, readonly [Kind, 'facility' | 'entrance', ...string[]]>;

type DataField = keyof typeof FIELDS;
type Field = DataField | keyof typeof PLACE_FIELDS;

export const FACILITY_FIELDS = {
  ...Object.fromEntries(Object.entries(FIELDS).map(([f, [, , ...headers]]) => [f, headers])) as unknown as Record<DataField, readonly string[]>,
  ...PLACE_FIELDS,
};

const CATEGORY_BY_WORD = new Map<string, string>(FACILITY_CATEGORIES.flatMap((c) => [[c.value, c.value], [c.label.uk.toLowerCase(), c.value], [c.label.en.toLowerCase(), c.value]]));
/** Measurements of people-sized things: a value past these is a typo (a door of 900 cm). */
const LIMITS: Partial<Record<DataField, [number, number]>> = {
  step_count: [0, 100], step_height_cm: [0, 100], ramp_slope_pct: [0, 100], ramp_width_cm: [1, 1000], door_width_cm: [1, 1000],
  threshold_height_cm: [0, 50], call_button_height_cm: [1, 300], parking_spaces: [0, 1000],
};
const INTEGER = new Set<DataField>(['step_count', 'ramp_width_cm', 'door_width_cm', 'call_button_height_cm', 'parking_spaces']);

function mapColumns(headers: readonly string[]): ColumnMap<Field> {
  const map = mapHeaders(FACILITY_FIELDS as Record<Field, readonly string[]>, headers);
  if (map.index.name === undefined) map.problems.push({ uk: 'немає стовпця «Назва»', en: 'no "name" column' });
  if (map.index.category === undefined) map.problems.push({ uk: 'немає стовпця «Категорія»', en: 'no "category" column' });
  map.problems.push(...placeColumnProblems(map));
  return map;
}

interface Staged { line: number; wkt: string; facility: BulkFacility }
interface FacilityRows { staged: Staged[]; places: { line: number; wkt: string }[] }

export const FACILITY_DATASET: Dataset<Field, FacilityRows> = {
  name: 'facilities',
  mapColumns,
  async start(_db, { columns, crs, axisOrder }) {
    const rows: FacilityRows = { staged: [], places: [] };
    const seen = new Map<string, number>();
    return {
      rows,
      get empty() { return rows.staged.length + rows.places.length === 0; },
      add(record) {
        const { cell, problems, problem } = readRecord(record, columns);
        const values: Record<string, string | number | boolean | null> = {};
        for (const [f, [kind]] of Object.entries(FIELDS) as [DataField, readonly [Kind, ...unknown[]]][]) {
          const text = cell(f);
          if (text === '') { values[f] = null; continue; }
          if (kind === 'text') values[f] = text.length > 300 ? (problem(f, 'too_long', 'не довше 300 символів', 'at most 300 characters'), null) : text;
          else if (kind === 'boolean') {
            const b = parseBoolean(text);
            if (b.ok) values[f] = b.value; else problem(f, b.reason.code, b.reason.uk, b.reason.en);
          } else if (kind === 'date') {
            const d = parseDate(text);
            if (d.ok) values[f] = d.value; else problem(f, d.reason.code, d.reason.uk, d.reason.en);
          } else {
            const n = parseDecimal(text);
            const [min, max] = LIMITS[f] ?? [0, 100000];
            if (!n.ok) problem(f, n.reason.code, n.reason.uk, n.reason.en);
            else if (n.value < min || n.value > max) problem(f, 'out_of_range', `від ${min} до ${max}`, `from ${min} to ${max}`);
            else if (INTEGER.has(f) && !Number.isInteger(n.value)) problem(f, 'not_an_integer', 'ціле число', 'a whole number');
            else values[f] = n.value;
          }
        }
        if (!values.name) problem('name', 'required', 'порожньо: потрібна назва', 'empty: the name is required');
        const category = CATEGORY_BY_WORD.get(cell('category').toLowerCase());
        if (!category) problem('category', 'unknown_category', `невідома категорія; відомі: ${FACILITY_CATEGORIES.map((c) => c.label.uk).join(', ')}`, `unknown category; known: ${FACILITY_CATEGORIES.map((c) => c.value).join(', ')}`);
        const externalId = values.external_id as string | null;
        if (externalId && seen.has(externalId)) problem('external_id', 'duplicate', `той самий номер уже в рядку ${seen.get(externalId)}`, `the same number is already in line ${seen.get(externalId)}`);
        const read = readPlace(columns, (f) => cell(f), crs, axisOrder);
        if (!read.ok) problems.push({ line: record.line, field: read.fields, fields: read.labels, value: read.text, ...read.reason });
        else if (read.place.source.type !== 'Point') {
          problems.push({ line: record.line, field: read.place.fields, fields: read.place.labels, value: read.place.text, code: 'not_a_point', uk: 'заклад — це точка', en: 'a facility is a point' });
        }
        if (problems.length > 0) {
          if (read.ok) rows.places.push({ line: record.line, wkt: read.place.wkt });
          return { problems, notices: [] };
        }
        if (externalId) seen.set(externalId, record.line);
        const pick = (where: 'facility' | 'entrance') => Object.fromEntries(
          (Object.entries(FIELDS) as unknown as [DataField, readonly [Kind, string]][]).filter(([f, [, w]]) => w === where && !['name', 'category', 'address', 'external_id', 'surveyed_on'].includes(f)).map(([f]) => [f, values[f]]));
        const entrance = pick('entrance');
        const anyEntranceFact = Object.values(entrance).some((v) => v !== null);
        const [lon, lat] = (read.ok ? read.place.wkt : '').replace(/^POINT\s*\(|\)$/g, '').split(/\s+/).map(Number);
        rows.staged.push({
          line: record.line,
          wkt: read.ok ? read.place.wkt : '',
          facility: {
            name: values.name as string, category: category!, address: values.address as string | null, lon, lat,
            external_id: externalId, survey_source: 'import', surveyed_on: values.surveyed_on as string | null, notes: null,
            facts: pick('facility') as BulkFacility['facts'],
            entrances: anyEntranceFact ? [{ is_main: true, surveyed_on: values.surveyed_on as string | null, ...entrance }] : [],
          },
        });
        return { problems, notices: [] };
      },
    };
  },
  write: (db, job) => accessibilityWrite({ db, versions: job.options.versions }, job.actor, (tx, written) => writeRows(tx, written, job)),
};

async function writeRows(tx: Queryable, written: Written, job: ImportJob<Field, FacilityRows>): Promise<void> {
  const { actor, options, problems, report, rows: { staged, places } } = job;
  const started = performance.now();
  const all = [...staged.map((s) => ({ line: s.line, wkt: s.wkt })), ...places];
  const { rows: outside } = await tx.query<{ line: number }>(
    `SELECT u.line FROM unnest($2::integer[], $3::text[]) AS u(line, wkt), municipality m
     WHERE m.id = $1 AND NOT ${insideHromada('ST_GeomFromText(u.wkt, 4326)', 'm.boundary')} ORDER BY u.line`,
    [actor.municipalityId, all.map((a) => a.line), all.map((a) => a.wkt)],
  );
  for (const { line } of outside) problems.push({ line, field: null, value: null, code: 'outside', uk: 'координати поза межами громади', en: 'coordinates outside the hromada' });
  const ids = staged.map((s) => s.facility.external_id).filter((x): x is string => !!x);
  const { rows: taken } = await tx.query<{ external_id: string }>(
    'SELECT external_id FROM facility WHERE municipality_id = $1 AND external_id = ANY($2::text[])', [actor.municipalityId, ids]);
  const takenIds = new Set(taken.map((t) => t.external_id));
  for (const s of staged) {
    if (s.facility.external_id && takenIds.has(s.facility.external_id)) {
      problems.push({ line: s.line, field: 'external_id', value: s.facility.external_id, code: 'exists', uk: 'заклад з цим номером уже є (змініть його в анкеті обстеження)', en: 'a facility with this number exists (edit it in the survey form)' });
    }
  }
  report.timings.checkMs = performance.now() - started;
  if (problems.length > 0 && !report.skipInvalid) throw new Rollback();
  const bad = new Set(problems.map((p) => p.line));
  const good = staged.filter((s) => !bad.has(s.line));
  await insertFacilities(tx, written, actor, good.map((s) => s.facility), options.fileName);
  Object.assign(report.rows, { created: good.length, updated: 0, unchanged: 0 });
  report.timings.writeMs = performance.now() - started - report.timings.checkMs;
  if (report.dryRun) throw new Rollback();
  report.written = true;
}
