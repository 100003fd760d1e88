/**
 * Import of a department's spreadsheet from the editor UI: the CSV file, its coordinate system,
 * "skip bad rows"; first a dry run whose report is the preview (counts, and every bad row with its
 * line, column, value and reason), then "Імпортувати" for real — offered only when the preview
 * says the import would write (no bad rows, or bad rows to be skipped).
 * Server side: POST /{m}/api/registry/import (server/registry/import-routes.ts).
 */
import { ApiError, type Session } from '../auth/session.js';
import type { Dialog } from '../dialog.js';
import { el, replaceChildren } from '../dom.js';
import { pick, say } from '../i18n.js';

interface RowProblem {
  line: number | null;
  /** A problem of many rows said once: their lines as ranges. */
  lines?: [number, number][];
  field: string | null;
  value: string | null;
  uk: string;
  en: string;
}

export interface ImportReport {
  format?: string;
  dryRun: boolean;
  written: boolean;
  skipInvalid: boolean;
  crs: string | null;
  encoding: string | null;
  delimiter: string | null;
  rows: { total: number; created: number; updated: number; unchanged: number; rejected: number };
  owners: { created: number; updated: number };
  permits: { created: number; updated: number };
  problems: RowProblem[];
  /** The problems with many rows of one problem said once: what the form lists. */
  problemSummary: RowProblem[];
}

const W = {
  title: { uk: 'Імпорт із таблиці (CSV)', en: 'Import from a spreadsheet (CSV)' },
  file: { uk: 'Файл CSV (UTF-8 або Windows-1251; роздільник «,», «;» або табуляція) чи GeoJSON', en: 'CSV file (UTF-8 or Windows-1251; delimited by “,”, “;” or tab) or GeoJSON' },
  crs: { uk: 'Система координат', en: 'Coordinate system' },
  crsHint: { uk: 'Код EPSG (напр. EPSG:6387 — УСК-2000, зона 7) або рядок proj4; порожньо — довгота/широта WGS 84.', en: 'An EPSG code (e.g. EPSG:6387 — UCS-2000 zone 7) or a proj4 string; empty — WGS 84 longitude/latitude.' },
  skip: { uk: 'Пропустити рядки з помилками (решту записати)', en: 'Skip the rows with errors (write the rest)' },
  northFirst: { uk: 'X — північ, Y — схід (геодезичний порядок)', en: 'X is the northing, Y the easting (geodetic order)' },
  northFirstHint: { uk: 'Позначте, якщо файл з геодезичної зйомки: там X — це північ.', en: 'Tick it for a geodetic survey file, where X is the northing.' },
  check: { uk: 'Перевірити (нічого не записується)', en: 'Check (nothing is written)' },
  run: { uk: 'Імпортувати', en: 'Import' },
  noFile: { uk: 'Оберіть файл', en: 'Choose a file' },
  checking: { uk: 'Перевірка файлу…', en: 'Checking the file…' },
  importing: { uk: 'Імпорт…', en: 'Importing…' },
  preview: { uk: 'Попередній перегляд', en: 'Preview' },
  done: { uk: 'Імпортовано', en: 'Imported' },
  counts: {
    uk: 'Рядків: {total}; нових об’єктів: {created}; змінених: {updated}; без змін: {unchanged}; з помилками: {rejected}. Власників нових: {owners}; дозволів нових: {permits}.',
    en: 'Rows: {total}; new objects: {created}; changed: {updated}; unchanged: {unchanged}; with errors: {rejected}. New owners: {owners}; new permits: {permits}.',
  },
  read: { uk: 'Прочитано як {encoding}, роздільник «{delimiter}», координати {crs}.', en: 'Read as {encoding}, delimiter “{delimiter}”, coordinates {crs}.' },
  blocked: { uk: 'Файл має помилки: нічого не буде записано. Виправте рядки нижче або позначте «Пропустити рядки з помилками».', en: 'The file has errors: nothing would be written. Correct the rows below or tick “Skip the rows with errors”.' },
  problems: { uk: 'Помилки за рядками', en: 'Errors by line' },
  line: { uk: 'Рядок', en: 'Line' },
  column: { uk: 'Стовпець', en: 'Column' },
  value: { uk: 'Значення', en: 'Value' },
  reason: { uk: 'Причина', en: 'Reason' },
  wholeFile: { uk: 'файл', en: 'file' },
  failed: { uk: 'Не вдалося: {message}', en: 'Failed: {message}' },
  progress: { uk: 'Файл {size} обробляється…', en: 'Processing the file ({size})…' },
  rejected: { uk: 'Завантажити рядки з помилками ({n}) із причиною — виправте їх і імпортуйте ще раз', en: 'Download the rows with errors ({n}) with the reason — correct them and import again' },
  reasonColumn: { uk: 'Причина', en: 'Reason' },
};

/** Files from this size get a progress bar while the server reads them. */
const LARGE_FILE_BYTES = 256 * 1024;

const sizeText = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} МБ` : `${Math.ceil(bytes / 1024)} КБ`);

/** One CSV field, quoted when it must be (RFC 4180). */
const csvCell = (v: string) => (/[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The rows the import refused, as a file to correct and import again: a CSV's header and its
 * refused lines as they were (decoded as the server read them), with the reasons in a last
 * column; for GeoJSON (no lines to copy), the list of problems. Made in the browser from the file
 * the editor chose and the report's line numbers: nothing more is uploaded.
 */
async function rejectedRowsFile(file: File, report: ImportReport): Promise<Blob | null> {
  const byLine = new Map<number, string[]>();
  for (const p of report.problems) {
    if (p.line === null) continue;
    const reason = `${p.field ? `${p.field}: ` : ''}${pick({ uk: p.uk, en: p.en })}`;
    byLine.set(p.line, [...(byLine.get(p.line) ?? []), reason]);
  }
  if (byLine.size === 0) return null;
  const text = new TextDecoder(report.encoding === 'windows-1251' ? 'windows-1251' : 'utf-8').decode(await file.arrayBuffer()).replace(/^\uFEFF/, '');
  const delimiter = report.delimiter ?? ',';
  const reasonOf = (line: number) => csvCell(byLine.get(line)!.join('; '));
  let out: string[];
  if (report.format === 'geojson' || !report.delimiter) {
    out = [[pick(W.line), pick(W.reasonColumn)].join(','), ...[...byLine.keys()].sort((a, b) => a - b).map((l) => `${l},${reasonOf(l)}`)];
  } else {
    // one record per line: the departments' files keep a row on one line
    const lines = text.split(/\r?\n/);
    out = [`${lines[0]}${delimiter}${pick(W.reasonColumn)}`, ...[...byLine.keys()].sort((a, b) => a - b).map((l) => `${lines[l - 1] ?? ''}${delimiter}${reasonOf(l)}`)];
  }
  return new Blob([`\uFEFF${out.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
}

export class ImportUpload {
  constructor(private readonly session: Session, private readonly dialog: Dialog, private readonly onImported: () => void) {}

  open(): void {
    const file = el('input', { id: 'import-file', type: 'file', accept: '.csv,.txt,.geojson,.json,text/csv,text/plain,application/geo+json', required: true, 'aria-describedby': 'import-file-message' });
    const fileMessage = el('p', { id: 'import-file-message', class: 'field-message' });
    const crs = el('input', { id: 'import-crs', name: 'crs', list: 'import-crs-list', autocomplete: 'off', 'aria-describedby': 'import-crs-hint' });
    const skip = el('input', { id: 'import-skip', type: 'checkbox' });
    // Geodetic surveys write X as the northing; the import reads X as the easting unless told.
    const northFirst = el('input', { id: 'import-north-first', type: 'checkbox', 'aria-describedby': 'import-north-first-hint' });
    const status = el('p', { class: 'form-status', role: 'status' });
    const progress = el('progress', { id: 'import-progress', class: 'import-progress', hidden: true });
    const preview = el('div', { class: 'import-preview' });
    const download = el('p', { class: 'import-rejected', hidden: true });
    const check = el('button', { type: 'submit', class: 'primary', id: 'import-check' }, [pick(W.check)]);
    const run = el('button', { type: 'button', id: 'import-run', hidden: true }, [pick(W.run)]);
    const form = el('form', { novalidate: true }, [
      el('div', { class: 'field' }, [el('label', { for: file.id }, [pick(W.file)]), file, fileMessage]),
      el('div', { class: 'field' }, [el('label', { for: crs.id }, [pick(W.crs)]), crs, el('p', { id: 'import-crs-hint', class: 'field-hint' }, [pick(W.crsHint)])]),
      el('datalist', { id: 'import-crs-list' }, ['EPSG:4326', 'EPSG:6387', 'EPSG:6386', 'EPSG:6385', 'EPSG:6384', 'EPSG:5561', 'EPSG:28407', 'EPSG:28406'].map((c) => el('option', { value: c }))),
      el('div', { class: 'field field-checkbox' }, [northFirst, el('label', { for: northFirst.id }, [pick(W.northFirst)]),
        el('p', { id: 'import-north-first-hint', class: 'field-hint' }, [pick(W.northFirstHint)])]),
      el('div', { class: 'field field-checkbox' }, [skip, el('label', { for: skip.id }, [pick(W.skip)])]),
      el('div', { class: 'form-actions' }, [check, run]),
      status,
      progress,
      download,
      preview,
    ]);
    /** Forgets the last preview: another file or option needs its own. */
    const clearPreview = () => {
      run.hidden = true;
      replaceChildren(preview, []);
      replaceChildren(download, []);
      download.hidden = true;
      status.textContent = '';
    };
    const send = async (dryRun: boolean) => {
      const chosen = file.files?.[0];
      if (!chosen) {
        fileMessage.textContent = pick(W.noFile);
        file.setAttribute('aria-invalid', 'true');
        file.focus();
        return;
      }
      fileMessage.textContent = '';
      file.removeAttribute('aria-invalid');
      check.disabled = run.disabled = true;
      status.textContent = pick(dryRun ? W.checking : W.importing);
      // a large file takes a while to read and check on the server: say so with a bar
      progress.hidden = chosen.size < LARGE_FILE_BYTES;
      progress.setAttribute('aria-label', say(W.progress, { size: sizeText(chosen.size) }));
      replaceChildren(download, []);
      download.hidden = true;
      const params = new URLSearchParams({ dryRun: String(dryRun), skipInvalid: String(skip.checked), fileName: chosen.name });
      if (crs.value.trim()) params.set('crs', crs.value.trim());
      if (northFirst.checked) params.set('axisOrder', 'north-east');
      try {
        // GeoJSON goes as application/geo+json (the server's JSON parser leaves it to the importer)
        const type = /\.(geo)?json$/i.test(chosen.name) ? 'application/geo+json' : 'text/csv';
        const report = await this.session.request<ImportReport>('POST', `/api/registry/import?${params}`, chosen, type);
        status.textContent = pick(dryRun ? W.preview : W.done);
        replaceChildren(preview, reportView(report));
        const rejected = await rejectedRowsFile(chosen, report);
        if (rejected) {
          const url = URL.createObjectURL(rejected);
          const link = el('a', { href: url, download: chosen.name.replace(/\.[^.]*$/, '') + '-rejected.csv', id: 'import-rejected' }, [
            say(W.rejected, { n: new Set(report.problems.filter((p) => p.line !== null).map((p) => p.line)).size }),
          ]);
          replaceChildren(download, [link]);
          download.hidden = false;
        }
        // The real import is offered only after a preview that says it would write.
        run.hidden = !(dryRun && (report.rows.rejected === 0 || report.skipInvalid) && report.problems.every((p) => p.line !== null || report.skipInvalid));
        if (!dryRun && report.written) this.onImported();
        preview.querySelector<HTMLElement>('.import-summary')?.focus();
      } catch (error) {
        status.textContent = say(W.failed, { message: (error as Error).message });
        if (error instanceof ApiError && error.problem.field === 'crs') crs.setAttribute('aria-invalid', 'true');
        run.hidden = true;
      } finally {
        check.disabled = run.disabled = false;
        progress.hidden = true;
      }
    };
    // A changed file or option needs a new preview before an import.
    for (const input of [file, crs, skip, northFirst]) input.addEventListener('change', () => {
      clearPreview();
      crs.removeAttribute('aria-invalid');
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void send(true);
    });
    run.addEventListener('click', () => void send(false));
    replaceChildren(this.dialog.body, [form]);
    this.dialog.open(pick(W.title), file);
  }
}

function reportView(report: ImportReport): HTMLElement[] {
  const nodes: HTMLElement[] = [
    el('p', { class: 'import-summary', tabindex: '-1' }, [say(W.counts, {
      total: report.rows.total, created: report.rows.created, updated: report.rows.updated, unchanged: report.rows.unchanged,
      rejected: report.rows.rejected, owners: report.owners.created, permits: report.permits.created,
    })]),
  ];
  if (report.encoding) nodes.push(el('p', {}, [say(W.read, { encoding: report.encoding, delimiter: report.delimiter === '\t' ? 'Tab' : report.delimiter ?? '?', crs: report.crs ?? 'WGS 84' })]));
  if (report.problems.length === 0) return nodes;
  if (!report.skipInvalid) nodes.push(el('p', { class: 'form-error', role: 'alert' }, [pick(W.blocked)]));
  nodes.push(el('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': 'import-problems-caption' }, [el('table', { class: 'registry-table import-problems' }, [
    el('caption', { id: 'import-problems-caption' }, [pick(W.problems)]),
    el('thead', {}, [el('tr', {}, [W.line, W.column, W.value, W.reason].map((h) => el('th', { scope: 'col' }, [pick(h)])))]),
    el('tbody', {}, report.problemSummary.map((p) => el('tr', { 'data-line': p.lines ? p.lines.map(([a, b]) => (a === b ? a : `${a}-${b}`)).join(',') : p.line ?? 'file' }, [
      el('th', { scope: 'row' }, [p.lines ? p.lines.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ') : p.line === null ? pick(W.wholeFile) : String(p.line)]),
      el('td', {}, [p.field ?? '—']),
      el('td', {}, [p.value ?? '—']),
      el('td', {}, [pick({ uk: p.uk, en: p.en })]),
    ]))),
  ])]));
  return nodes;
}
