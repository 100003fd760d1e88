import { basename, dirname, extname, join } from 'node:path';
import { decodeSpreadsheet, encodeLike, type Delimiter } from './encoding.js';
import { readRecords } from './read.js';
import type { ImportReport } from './report.js';

/**
 * The rejected rows, as a file the department can fix and import again: the same header,
 * encoding, byte-order mark and delimiter as the original, the bad rows as they were written, and
 * one more column, «Причина відхилення», saying what is wrong with each.
 *
 * It is made from the original bytes and the report (re-reading the file) rather than kept during
 * the import, so a 100,000-row import does not hold every raw row in memory in case some fail.
 */

export const REASON_HEADER = 'Причина відхилення / Reason';

/** objects.csv → objects.rejected.csv, in the same folder. */
export function rejectedFileName(fileName: string): string {
  const ext = extname(fileName);
  return join(dirname(fileName), `${basename(fileName, ext)}.rejected${ext || '.csv'}`);
}

/** The file of rejected rows, or null when no row was rejected. */
export async function rejectedRowsFile(input: Uint8Array, report: ImportReport): Promise<Buffer | null> {
  const reasons = new Map<number, string[]>();
  for (const p of report.problems) {
    if (p.line === null || p.code === 'header') continue; // the whole file, or its header: no row to return
    const why = `${p.field ? `«${p.field}»: ` : ''}${p.uk}`;
    reasons.set(p.line, [...(reasons.get(p.line) ?? []), why]);
  }
  if (reasons.size === 0 || !report.encoding) return null;
  if (report.format === 'geojson') return rejectedFeatures(input, report, reasons);
  if (!report.delimiter) return null;
  const delimiter = (report.delimiter === 'tab' ? '\t' : report.delimiter) as Delimiter;
  const decoded = decodeSpreadsheet(input, report.encoding);
  const quote = (v: string) => (/["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines: string[] = [];
  let width = -1; // columns of the header; shorter rows are padded so the reason lines up
  for (const record of readRecords(decoded.text, delimiter)) {
    if (width < 0) {
      width = record.values.length;
      lines.push([...record.values, REASON_HEADER].map(quote).join(delimiter));
      continue;
    }
    const why = reasons.get(record.line);
    if (!why) continue;
    const values = [...record.values, ...Array<string>(Math.max(0, width - record.values.length)).fill('')];
    lines.push([...values, why.join('; ')].map(quote).join(delimiter));
  }
  return encodeLike(lines.join('\r\n') + '\r\n', decoded);
}

/** A GeoJSON file's rejected features, as a FeatureCollection with the reason as one more property. */
function rejectedFeatures(input: Uint8Array, report: ImportReport, reasons: Map<number, string[]>): Buffer {
  const doc = JSON.parse(decodeSpreadsheet(input, report.encoding!).text.replace(/^\uFEFF/, ''));
  const features: { properties?: Record<string, unknown> | null }[] = doc.type === 'Feature' ? [doc] : doc.features;
  const rejected = features.flatMap((f, i) => {
    const why = reasons.get(i + 1);
    return why ? [{ ...f, properties: { ...(f.properties ?? {}), [REASON_HEADER]: why.join('; ') } }] : [];
  });
  const { features: _f, type: _t, ...members } = doc;
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', ...(doc.type === 'Feature' ? {} : members), features: rejected }, null, 1), 'utf8');
}
