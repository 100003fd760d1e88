import type { Encoding } from './encoding.js';
import type { Reason } from './values.js';

/**
 * What the import found wrong, addressed the way an editor finds it in the file: the physical
 * line, the column as the file names it, and the value as written. Serialisable as JSON for the
 * editor UI; formatProblem() writes the line the CLI prints.
 */
export interface RowProblem extends Reason {
  /** Physical line in the file (1 = the header); null for a problem with the whole file. */
  line: number | null;
  /** The column(s) as the file heads them, e.g. "Чинний до" or "X, Y"; null for the whole row. */
  field: string | null;
  /** When the problem is about several columns (coordinates): each of them. */
  fields?: string[];
  /** The cell's text as written; null when there is none to show. */
  value: string | null;
  /** A problem of many rows said once (line null): the lines it is about, as ranges. */
  lines?: [number, number][];
}

/** Line numbers as ranges: [2, 3, 4, 9] → [[2, 4], [9, 9]]. */
export function lineRanges(lines: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const line of [...lines].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && line <= last[1] + 1) last[1] = Math.max(last[1], line);
    else ranges.push([line, line]);
  }
  return ranges;
}

const rangesText = (ranges: readonly [number, number][]) => ranges.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ');

/** How many rows the problems reject: every line named, by itself or in a range. */
export function rejectedRows(problems: readonly RowProblem[]): number {
  const lines = new Set<number>();
  for (const p of problems) {
    if (p.line !== null) lines.add(p.line);
    for (const [a, b] of p.lines ?? []) for (let l = a; l <= b; l++) lines.add(l);
  }
  return lines.size;
}

/** Problems the same but for their line (code, column, words) with at least this many rows are said once. */
export const GROUP_FROM = 4;

/**
 * The problems as a reader takes them in: in line order, where many rows have the same problem
 * (the same code, column and words — a whole column of bad dates) one entry with their lines as
 * ranges and the first row's value, instead of a screenful of identical lines.
 */
export function groupProblems(problems: readonly RowProblem[]): RowProblem[] {
  const key = (p: RowProblem) => `${p.code}\u0000${p.field}\u0000${p.uk}`;
  const byKey = new Map<string, RowProblem[]>();
  for (const p of problems) if (p.line !== null) byKey.set(key(p), [...(byKey.get(key(p)) ?? []), p]);
  const out: RowProblem[] = [];
  const said = new Set<string>();
  for (const p of problems) {
    const same = p.line === null ? undefined : byKey.get(key(p))!;
    if (!same || same.length < GROUP_FROM) {
      out.push(p);
    } else if (!said.has(key(p))) {
      said.add(key(p));
      out.push({ ...p, lines: lineRanges(same.map((s) => s.line!)) });
    }
  }
  return out;
}

/** A notice that does not stop the import: ignored columns, a ЄДРПОУ padded with its lost zeros … */
export interface Notice {
  line: number | null;
  uk: string;
  en: string;
}

/**
 * One line per problem, Ukrainian then English:
 *   рядок 12, поле «Чинний до», значення "31.02.2024": такої дати не існує / no such date
 */
export function formatProblem(p: RowProblem, format: 'csv' | 'geojson' = 'csv'): string {
  // a GeoJSON file's records are its features, numbered from 1
  const [one, many] = format === 'geojson' ? ['об’єкт', 'об’єкти'] : ['рядок', 'рядки'];
  const where = p.lines && (p.lines.length > 1 || p.lines[0][0] !== p.lines[0][1])
    ? `${many} ${rangesText(p.lines)} (${p.lines.reduce((n, [a, b]) => n + b - a + 1, 0)})`
    : p.line === null ? 'файл' : `${one} ${p.line}`;
  const field = p.fields && p.fields.length > 1 ? `, поля ${p.fields.map((f) => `«${f}»`).join(', ')}` : p.field === null ? '' : `, поле «${p.field}»`;
  const value = p.value === null ? '' : `, значення ${JSON.stringify(p.value)}`;
  return `${where}${field}${value}: ${p.uk} / ${p.en}`;
}

export function formatNotice(n: Notice): string {
  return `${n.line === null ? 'увага' : `рядок ${n.line}`}: ${n.uk} / ${n.en}`;
}

/** Problems ordered as the file runs: by line, the whole-file ones first. */
export function byLine(a: RowProblem, b: RowProblem): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

/** What an import did, or would do: serialisable as JSON (the editor UI shows it as a preview). */
export interface ImportReport {
  file: string;
  /** What the file was read as. */
  format: 'csv' | 'geojson';
  municipality: string;
  /** The CRS the coordinates were read in, as named ("EPSG:6387", or the proj4 string). */
  crs: string | null;
  encoding: Encoding | null;
  delimiter: string | null;
  dryRun: boolean;
  skipInvalid: boolean;
  /** Whether changes were committed: false for a dry run and for a file with bad rows. */
  written: boolean;
  rows: {
    /** Data rows in the file (the header and blank lines not counted). */
    total: number;
    created: number;
    updated: number;
    unchanged: number;
    /** Rows with at least one problem. */
    rejected: number;
  };
  owners: { created: number; updated: number };
  permits: { created: number; updated: number };
  /** Every problem, by line. */
  problems: RowProblem[];
  /** The same, with many rows of one problem said once (groupProblems): what the CLI prints and the form shows. */
  problemSummary: RowProblem[];
  notices: Notice[];
  timings: { readMs: number; stageMs: number; checkMs: number; writeMs: number; totalMs: number };
}

export function emptyReport(file: string, municipality: string, dryRun: boolean, skipInvalid: boolean): ImportReport {
  return {
    file, format: 'csv', municipality, crs: null, encoding: null, delimiter: null, dryRun, skipInvalid, written: false,
    rows: { total: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 },
    owners: { created: 0, updated: 0 },
    permits: { created: 0, updated: 0 },
    problems: [],
    problemSummary: [],
    notices: [],
    timings: { readMs: 0, stageMs: 0, checkMs: 0, writeMs: 0, totalMs: 0 },
  };
}

/** The closing lines of the CLI: counts, in Ukrainian and English. */
export function formatSummary(r: ImportReport): string[] {
  const verb = r.written ? 'Імпортовано / imported' : r.dryRun && r.problems.length === 0 ? 'Пробний прогін, нічого не записано / dry run, nothing written' : 'Нічого не записано / nothing written';
  const lines = [
    `${verb}: ${r.file} → ${r.municipality} (${r.encoding ?? '?'}, «${r.delimiter ?? '?'}», ${r.crs ?? '?'})`,
    `  рядків / rows: ${r.rows.total}; створено / created ${r.rows.created}, оновлено / updated ${r.rows.updated}, ` +
      `без змін / unchanged ${r.rows.unchanged}, відхилено / rejected ${r.rows.rejected}`,
  ];
  if (r.owners.created + r.owners.updated + r.permits.created + r.permits.updated > 0) {
    lines.push(`  власників / owners: +${r.owners.created}, ~${r.owners.updated}; дозволів / permits: +${r.permits.created}, ~${r.permits.updated}`);
  }
  lines.push(`  ${(r.timings.totalMs / 1000).toFixed(1)} s`);
  return lines;
}
