/**
 * One record of a dataset as its checks read it: a cell by the dataset's field (trimmed, inner
 * runs of spaces made one; '' for a column the file lacks), and the problems found so far, each
 * addressed by the record's line, the column as the file heads it and the cell as written.
 */
import type { ColumnMap } from './columns.js';
import type { RowProblem } from './report.js';

export interface RecordReader<F extends string> {
  cell(field: F): string;
  readonly problems: RowProblem[];
  /** Notes a problem with this field's cell (its value is quoted from the file). */
  problem(field: F, code: string, uk: string, en: string): void;
}

export function readRecord<F extends string>(record: { line: number; values: readonly (string | undefined)[] }, columns: ColumnMap<F>): RecordReader<F> {
  const cell = (f: F) => {
    const i = columns.index[f];
    return i === undefined ? '' : (record.values[i] ?? '').trim().replace(/\s+/g, ' ');
  };
  const problems: RowProblem[] = [];
  const problem = (f: F, code: string, uk: string, en: string) => {
    problems.push({ line: record.line, field: columns.label[f] ?? f, value: cell(f) || null, code, uk, en });
  };
  return { cell, problems, problem };
}
