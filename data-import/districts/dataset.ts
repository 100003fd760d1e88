/**
 * An election's district boundaries as a dataset of the one importer (../kit/run.ts): GeoJSON,
 * or CSV with WKT, in any supported CRS. One file is the whole map of one election — which
 * election its «Вибори» column says (election day), or the current one — since gaps can only be
 * judged on the whole map.
 *
 * Nothing is written unless the whole map is sound (geometry-checks.ts): invalid polygons are
 * repaired with a warning, but a district outside the hromada, two districts overlapping, or a
 * part of the hromada in no district refuses the file, each named by its line and district number
 * and where it is. The good map goes through the districts' write core (server/districts/core).
 */
import { recordChange } from '../../server/audit/audit.js';
import { writeAndMark, type Written } from '../../server/catalog/write.js';
import type { Queryable } from '../../server/db/database.js';
import { electionFor } from '../../server/districts/core/elections.js';
import { writeDistricts, type DistrictTable } from '../../server/districts/core/write.js';
import { mapHeaders, PLACE_FIELDS, placeColumnProblems, type ColumnMap } from '../kit/columns.js';
import type { Dataset, ImportJob } from '../kit/dataset.js';
import { readPlace } from '../kit/place.js';
import type { RowProblem } from '../kit/report.js';
import { Rollback } from '../kit/run.js';
import { parseDate } from '../kit/values.js';
import { readRecord } from '../kit/record.js';
import { cutToHromada, gaps, overlaps, repairInvalid, whereText, type CheckedBoundary } from './geometry-checks.js';

export const DISTRICT_FIELDS = {
  number: ['Номер округу', 'Номер', '№ округу', '№', 'Округ', 'number', 'district', 'district_number'],
  name_uk: ['Назва', 'Назва округу', 'name', 'name_uk'],
  description_uk: ['Опис', 'Опис меж', 'Вулиці', 'description', 'description_uk'],
  election: ['Вибори', 'Дата виборів', 'election', 'election_date', 'held_on'],
  ...PLACE_FIELDS,
} as const;

type Field = keyof typeof DISTRICT_FIELDS;

interface Staged extends CheckedBoundary {
  nameUk: string | null;
  descriptionUk: string | null;
}

interface DistrictRows {
  staged: Staged[];
  /** Election day each row names (ISO), or null: the current election. */
  elections: Map<string | null, number>;
}

function mapColumns(headers: readonly string[]): ColumnMap<Field> {
  const map = mapHeaders(DISTRICT_FIELDS, headers);
  if (map.index.number === undefined) map.problems.push({ uk: 'немає стовпця «Номер округу»', en: 'no "number" column' });
  map.problems.push(...placeColumnProblems(map));
  return map;
}

export const DISTRICT_DATASET: Dataset<Field, DistrictRows> = {
  name: 'districts',
  mapColumns,
  async start(_db, { columns, crs, axisOrder }) {
    const rows: DistrictRows = { staged: [], elections: new Map() };
    const firstLine = new Map<number, number>();
    return {
      rows,
      get empty() {
        return rows.staged.length === 0;
      },
      add(record) {
        const { cell, problems, problem } = readRecord(record, columns);
        const numberText = cell('number').replace(/^№\s*/, '');
        const number = Number(numberText);
        if (!/^\d{1,4}$/.test(numberText) || number < 1) problem('number', 'bad_number', 'номер округу — ціле число від 1', 'a district number is a whole number from 1');
        else if (firstLine.has(number)) problem('number', 'duplicate', `округ № ${number} вже є в рядку ${firstLine.get(number)}`, `district ${number} is already in line ${firstLine.get(number)}`);
        let election: string | null = null;
        if (cell('election')) {
          const date = parseDate(cell('election'));
          if (!date.ok) problem('election', date.reason.code, date.reason.uk, date.reason.en);
          else election = date.value;
        }
        const read = readPlace(columns, (f) => cell(f), crs, axisOrder);
        if (!read.ok) problems.push({ line: record.line, field: read.fields, fields: read.labels, value: read.text, ...read.reason });
        else if (read.place.source.type === 'Point') {
          problems.push({ line: record.line, field: read.place.fields, fields: read.place.labels, value: read.place.text, code: 'not_an_area', uk: 'округ — це контур (POLYGON або MULTIPOLYGON), а не точка', en: 'a district is an area (POLYGON or MULTIPOLYGON), not a point' });
        }
        if (problems.length === 0 && read.ok) {
          firstLine.set(number, record.line);
          rows.elections.set(election, (rows.elections.get(election) ?? 0) + 1);
          rows.staged.push({ line: record.line, number, nameUk: cell('name_uk') || null, descriptionUk: cell('description_uk') || null, wkt: read.place.wkt });
        }
        return { problems, notices: [] };
      },
    };
  },
  write: (db, job) => writeAndMark<DistrictTable, void>({ db, versions: job.options.versions }, job.actor, (tx, written) => writeRows(tx, written, job)),
};

const fileProblem = (code: string, uk: string, en: string, value: string | null = null): RowProblem => ({ line: null, field: null, value, code, uk, en });

async function writeRows(tx: Queryable, written: Written<DistrictTable>, job: ImportJob<Field, DistrictRows>): Promise<void> {
  const { actor, options, problems, report, rows: { staged, elections } } = job;
  const started = performance.now();
  const geometryLabel = job.columns.label.wkt ?? 'WKT';

  // One file, one election.
  if (elections.size > 1) {
    problems.push(fileProblem('mixed_elections', 'у файлі округи різних виборів: імпортуйте кожні вибори окремим файлом', 'the file mixes districts of several elections: import each election as its own file'));
    throw new Rollback();
  }
  const [heldOn] = [...elections.keys()];
  const election = heldOn
    ? (await tx.query<{ id: number }>('SELECT id FROM election WHERE municipality_id = $1 AND held_on = $2::date', [actor.municipalityId, heldOn])).rows[0]
    : await electionFor(tx, actor.municipalityId);
  if (!election) {
    problems.push(fileProblem('unknown_election', heldOn ? `у громаді немає виборів ${heldOn}` : 'у громаді немає чинних виборів', heldOn ? `the hromada has no election held on ${heldOn}` : 'the hromada has no current election', heldOn));
    throw new Rollback();
  }

  // 1. validity
  const valid = await repairInvalid(tx, staged);
  for (const r of valid.repaired) {
    report.notices.push({ line: r.line, uk: `геометрію виправлено (ST_MakeValid): ${r.reason}`, en: `geometry repaired (ST_MakeValid): ${r.reason}` });
  }
  for (const line of valid.empty) problems.push({ line, field: geometryLabel, value: null, code: 'empty_geometry', uk: 'після виправлення від контуру нічого не лишилося', en: 'nothing is left of the outline once repaired' });
  // 2. the hromada
  const cut = await cutToHromada(tx, actor.municipalityId, valid.rows);
  for (const o of cut.outside) {
    problems.push(o.whole
      ? { line: o.line, field: geometryLabel, value: null, code: 'outside', uk: `округ № ${o.number} повністю поза межами громади`, en: `district ${o.number} lies wholly outside the hromada` }
      : { line: o.line, field: geometryLabel, value: whereText(o.where), code: 'outside', uk: `округ № ${o.number} виходить за межі громади на ${Math.round(o.where.areaM2)} м² біля ${whereText(o.where)} (довгота, широта)`, en: `district ${o.number} reaches ${Math.round(o.where.areaM2)} m² out of the hromada near ${whereText(o.where)} (lon, lat)` });
  }
  // 3. overlaps, 4. gaps
  for (const o of await overlaps(tx, actor.municipalityId, cut.rows)) {
    problems.push({
      line: o.b.line, field: geometryLabel, value: whereText(o.where), code: 'overlap',
      uk: `округ № ${o.b.number} накладається на округ № ${o.a.number} (рядок ${o.a.line}) на ${Math.round(o.where.areaM2)} м² біля ${whereText(o.where)} (довгота, широта)`,
      en: `district ${o.b.number} overlaps district ${o.a.number} (line ${o.a.line}) by ${Math.round(o.where.areaM2)} m² near ${whereText(o.where)} (lon, lat)`,
    });
  }
  if (cut.rows.length > 0 && cut.outside.length === 0) {
    for (const g of await gaps(tx, actor.municipalityId, cut.rows)) {
      problems.push(fileProblem('gap',
        `${Math.round(g.areaM2)} м² громади біля ${whereText(g)} (довгота, широта) не входять до жодного округу`,
        `${Math.round(g.areaM2)} m² of the hromada near ${whereText(g)} (lon, lat) lie in no district`, whereText(g)));
    }
  }
  // Districts the file drops must have no deputies elected in them.
  const { rows: dropped } = await tx.query<{ number: number; deputies: number }>(
    `SELECT d.number, count(p.id)::integer AS deputies FROM electoral_district d JOIN deputy p ON p.district_id = d.id
     WHERE d.election_id = $1 AND NOT (d.number = ANY($2::integer[])) GROUP BY d.number ORDER BY d.number`,
    [election.id, staged.map((s) => s.number)],
  );
  for (const d of dropped) {
    problems.push(fileProblem('district_with_deputies_missing', `округу № ${d.number} немає у файлі, а в ньому обрано депутатів (${d.deputies})`, `district ${d.number} is missing from the file, but ${d.deputies} deputies were elected in it`, String(d.number)));
  }
  report.timings.checkMs = performance.now() - started;
  // Boundaries are a whole map: a good part of a bad map is not worth writing (no --skip-invalid).
  if (problems.length > 0) throw new Rollback();

  const byLine = new Map(staged.map((s) => [s.line, s]));
  const changes = await writeDistricts(tx, written, actor, election.id, cut.rows.map((r) => ({
    number: r.number, nameUk: byLine.get(r.line)!.nameUk, descriptionUk: byLine.get(r.line)!.descriptionUk, wkt: r.wkt,
  })));
  Object.assign(report.rows, { created: changes.created.length, updated: changes.updated.length, unchanged: staged.length - changes.created.length - changes.updated.length });
  report.timings.writeMs = performance.now() - started - report.timings.checkMs;
  await recordChange(tx, {
    municipalityId: actor.municipalityId, userId: actor.userId, entity: 'electoral_district', entityId: `import:${options.fileName}`, action: 'import',
    after: { file: options.fileName, crs: report.crs, format: report.format, election: election.id, ...changes },
  });
  if (report.dryRun) throw new Rollback();
  report.written = true;
}
