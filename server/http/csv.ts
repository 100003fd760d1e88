/**
 * CSV cells as the downloads write them (the registry's open data, the accessibility monitoring):
 * one writer, so every file a resident opens in a spreadsheet is quoted and neutralised alike.
 */

/**
 * Cells a spreadsheet would run as a formula: Excel, LibreOffice and Google Sheets treat a cell
 * beginning with = + - @ (and, after a tab or carriage return, whatever follows) as one, so an
 * owner's name or address typed or imported as `=HYPERLINK(…)` would run when a resident opens the
 * file. OWASP "CSV Injection": prefix such a cell with a single quote and quote the field. A plain
 * number ("-12.5") is data, not a formula, and stays as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A text cell as a spreadsheet will show it, never run it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV field: a formula-like text neutralised, then quoted when it holds the delimiter, a
 * quote, a line break, edge spaces or was neutralised. An absent value is an empty field (the
 * standard's CSVW schema marks optional columns nullable; the literal word "null" read as text).
 */
export function csvField(value: string | number | null, delimiter: string): string {
  if (value === null || value === undefined) return '';
  // the semicolon variant is the Ukrainian locale's: its decimals are commas
  if (typeof value === 'number') return delimiter === ';' ? String(value).replace('.', ',') : String(value);
  const text = neutraliseFormula(value);
  return text !== value || text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim()
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}
