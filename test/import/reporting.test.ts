/**
 * How an import tells a department what is wrong with a file as a whole: a survey written in
 * geodetic order (X = northing) is one finding for the file, and the file goes in once the user
 * confirms that order; many rows with the same problem read as one line with their line ranges.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importRegistry, type ImportOptions } from '../../data-import/registry/import.js';
import { formatProblem } from '../../data-import/kit/report.js';
import type { Database } from '../../server/db/database.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';
import { comma, csv, pointsInside, projected, utf8 } from './support.js';

describe.each(backends())('import reports on %s', (kind) => {
  let db: Database;
  let points: [number, number][];
  const run = (options: Partial<ImportOptions> & Pick<ImportOptions, 'input'>) =>
    importRegistry(db, { municipalitySlug: 'slovyansk', fileName: 'survey.csv', ...options });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    points = await pointsInside(db, 'slovyansk', 12);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** Every row in geodetic order: the northing under X, the easting under Y. */
  async function surveyFile(prefix: string): Promise<{ text: string; expected: [number, number][] }> {
    const expected = points.slice(0, 10);
    const rows = [];
    for (const [i, p] of expected.entries()) {
      const [easting, northing] = await projected(db, p, 6387);
      rows.push([`${prefix}-${i}`, 'Кіоск', comma(northing), comma(easting)]);
    }
    return { text: csv([['Обліковий номер', 'Тип', 'X', 'Y'], ...rows], ';'), expected };
  }

  it('a file wholly in geodetic order is one problem for the file, with its lines, and nothing is written even when skipping bad rows', async () => {
    const { text } = await surveyFile('ГЕО');
    const report = await run({ input: utf8(text), crs: 'EPSG:6387', skipInvalid: true });
    expect(report.written).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ line: null, code: 'axis_order', lines: [[2, 11]], fields: ['X', 'Y'] });
    expect(report.problems[0].uk).toMatch(/у всіх 10 рядках X і Y переставлені/);
    expect(report.rows.rejected).toBe(10);
    expect(formatProblem(report.problems[0])).toMatch(/^рядки 2–11 \(10\), поля «X», «Y»: у всіх 10 рядках/);
  });

  it('confirmed as north-east, the same file lands every object where it stands', async () => {
    const { text, expected } = await surveyFile('ГЕО2');
    const report = await run({ input: utf8(text), crs: 'EPSG:6387', axisOrder: 'north-east' });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ written: true, rows: { created: 10 } });
    const { rows } = await db.query<{ external_id: string; lon: number; lat: number }>(
      "SELECT external_id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM registry_object WHERE external_id LIKE 'ГЕО2-%' ORDER BY length(external_id), external_id");
    expect(rows).toHaveLength(10);
    rows.forEach((r, i) => {
      expect(r.lon).toBeCloseTo(expected[i][0], 6);
      expect(r.lat).toBeCloseTo(expected[i][1], 6);
    });
  });

  it('many rows with the same problem are said once with their line ranges; rarer ones stay one by line', async () => {
    const rows = points.slice(0, 8).map((p, i) => [`ДАТ-${i}`, 'Кіоск', i === 6 ? 'ні' : '32.13.2024', i === 7 ? 'Ракета' : 'Кіоск', p[0], p[1]]);
    const text = csv([['Обліковий номер', 'Тип', 'Дата встановлення', 'Примітка', 'Довгота', 'Широта'], ...rows.map(([id, , date, , lon, lat], i) => [id, i === 7 ? 'Ракета' : 'Кіоск', date, '', lon, lat])]);
    const report = await run({ input: utf8(text) });
    expect(report.written).toBe(false);
    // every problem is still there, by line, for programs
    expect(report.problems.filter((p) => p.field === 'Дата встановлення').map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // the summary says the seven identical ones once, and the others on their own
    const summary = report.problemSummary.map((p) => [p.lines ?? p.line, p.field, p.code]);
    expect(summary).toEqual([
      [[[2, 7], [9, 9]], 'Дата встановлення', 'no_such_date'],
      [8, 'Дата встановлення', 'bad_date'],
      [9, 'Тип', 'unknown_type'],
    ]);
    expect(formatProblem(report.problemSummary[0])).toMatch(/^рядки 2–7, 9 \(7\), поле «Дата встановлення», значення "32\.13\.2024": такої дати не існує/);
  });
});
