/**
 * Streets of a hromada's topographic base (a name, its centre line) as a dataset of the one
 * importer (../kit/run.ts), from GeoJSON or CSV with WKT, in any supported CRS. A row is one named
 * street: a LINESTRING, or a MULTILINESTRING where the street is interrupted; rows of the same name
 * are one street, their lines joined. A street is matched to the hromada's street of the same name
 * (case, spacing and apostrophe style aside), updated in place when its line or English name
 * changed, left alone when not.
 *
 * The place rule: a street must touch the hromada (ST_Intersects). Not "covered by" it, as for
 * objects: a topographic base draws a road on to the next junction past the city line.
 */
import { writeAndMark } from '../../server/catalog/write.js';
import { streetIdsByName, writeStreets, type BaseMapTable, type StreetRow } from '../../server/basemap/core.js';
import { mapHeaders, PLACE_FIELDS, placeColumnProblems, type ColumnMap } from '../kit/columns.js';
import type { Dataset } from '../kit/dataset.js';
import { readPlace } from '../kit/place.js';
import { Rollback } from '../kit/run.js';
import { readRecord } from '../kit/record.js';
import { auditImport, linesOutside, nameKey, type LinePlace } from './common.js';

export const STREET_FIELDS = {
  name_uk: ['Назва', 'Назва вулиці', 'Вулиця', 'name', 'name_uk', 'street'],
  name_en: ['Назва англійською', 'Назва англ.', 'name_en'],
  ...PLACE_FIELDS,
} as const;

type Field = keyof typeof STREET_FIELDS;

function mapColumns(headers: readonly string[]): ColumnMap<Field> {
  const map = mapHeaders(STREET_FIELDS, headers);
  if (map.index.name_uk === undefined) map.problems.push({ uk: 'немає стовпця «Назва»', en: 'no "name" column' });
  if (map.index.wkt === undefined) map.problems.push({ uk: 'немає стовпця «WKT» з осьовою лінією', en: 'no "WKT" column with the centre line' });
  map.problems.push(...placeColumnProblems(map));
  return map;
}

interface StagedStreet {
  key: string;
  name_uk: string;
  name_en: string | null;
  /** The line of each row of this name (WGS 84 WKT, LINESTRING or MULTILINESTRING). */
  parts: LinePlace[];
}

interface StreetRows {
  streets: Map<string, StagedStreet>;
  /** Lines with a readable place but other problems: their place is checked too. */
  places: LinePlace[];
}

export const STREET_DATASET: Dataset<Field, StreetRows> = {
  name: 'streets',
  mapColumns,
  async start(_db, { columns, crs, axisOrder }) {
    const rows: StreetRows = { streets: new Map(), places: [] };
    return {
      rows,
      get empty() {
        return rows.streets.size + rows.places.length === 0;
      },
      add(record) {
        const { cell, problems, problem } = readRecord(record, columns);
        const name = cell('name_uk');
        const nameEn = cell('name_en');
        if (name.length < 2) problem('name_uk', 'required', 'порожньо: потрібна назва вулиці', 'empty: the street name is required');
        else if (name.length > 200) problem('name_uk', 'too_long', 'не довше 200 символів', 'at most 200 characters');
        if (nameEn.length > 200) problem('name_en', 'too_long', 'не довше 200 символів', 'at most 200 characters');
        const read = readPlace(columns, (f) => cell(f), crs, axisOrder, true);
        if (!read.ok) problems.push({ line: record.line, field: read.fields, fields: read.labels, value: read.text, ...read.reason });
        else if (read.place.source.type !== 'LineString' && read.place.source.type !== 'MultiLineString') {
          problems.push({ line: record.line, field: read.place.fields, fields: read.place.labels, value: read.place.text, code: 'not_a_line', uk: 'вулиця — це осьова лінія (LINESTRING), а не точка чи контур', en: 'a street is a centre line (LINESTRING), not a point or an outline' });
        }
        if (problems.length > 0) {
          if (read.ok) rows.places.push({ line: record.line, wkt: read.place.wkt });
          return { problems, notices: [] };
        }
        const key = nameKey(name);
        const place = { line: record.line, wkt: read.ok ? read.place.wkt : '' };
        const street = rows.streets.get(key);
        if (street) {
          street.parts.push(place);
          street.name_en ??= nameEn || null;
        } else rows.streets.set(key, { key, name_uk: name, name_en: nameEn || null, parts: [place] });
        return { problems, notices: [] };
      },
    };
  },
  write: (db, job) => writeAndMark<BaseMapTable, void>({ db, versions: job.options.versions }, job.actor, async (tx, written) => {
    const { actor, problems, report, rows: { streets, places } } = job;
    const started = performance.now();
    const staged = [...streets.values()];
    const outside = await linesOutside(tx, actor.municipalityId, [...staged.flatMap((s) => s.parts), ...places], 'ST_Intersects(p.g, m.boundary)');
    for (const line of outside) {
      problems.push({ line, field: null, value: null, code: 'outside', uk: 'вулиця не заходить у межі громади', en: 'the street does not reach into the hromada' });
    }
    report.timings.checkMs = performance.now() - started;
    if (problems.length > 0 && !report.skipInvalid) throw new Rollback();

    const bad = new Set(outside);
    const idOf = new Map<string, number>();
    for (const s of await streetIdsByName(tx, actor.municipalityId)) if (!idOf.has(nameKey(s.name_uk))) idOf.set(nameKey(s.name_uk), s.id);
    const rows: StreetRow[] = [];
    for (const s of staged) {
      const parts = s.parts.filter((p) => !bad.has(p.line));
      if (parts.length === 0) continue;
      rows.push({ id: idOf.get(s.key) ?? null, name_uk: s.name_uk, name_en: s.name_en, wkt: joinLines(parts.map((p) => p.wkt)) });
    }
    const changes = await writeStreets(tx, written, actor, rows);
    Object.assign(report.rows, { created: changes.created.length, updated: changes.updated.length, unchanged: rows.length - changes.created.length - changes.updated.length });
    report.timings.writeMs = performance.now() - started - report.timings.checkMs;
    await auditImport(tx, job, 'street', changes);
    if (report.dryRun) throw new Rollback();
    report.written = true;
  }),
};

/** Several rows' lines (LINESTRING or MULTILINESTRING WKT, as toWgs84Wkt writes them) as one MULTILINESTRING. */
export function joinLines(wkts: readonly string[]): string {
  const parts = wkts.flatMap((wkt) => (wkt.startsWith('LINESTRING') ? [wkt.slice('LINESTRING'.length)] : splitTop(wkt.slice('MULTILINESTRING('.length, -1))));
  return `MULTILINESTRING(${parts.join(',')})`;
}

/** "(a b,c d),(e f,g h)" → ["(a b,c d)", "(e f,g h)"]: toWgs84Wkt's groups have no nesting. */
const splitTop = (text: string) => text.match(/\([^()]*\)/g) ?? [];
