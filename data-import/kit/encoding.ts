import iconv from 'iconv-lite';

/**
 * Bytes to text, the way Ukrainian offices save spreadsheets:
 *
 *   Excel "CSV UTF-8"            UTF-8 with a byte-order mark (EF BB BF)
 *   LibreOffice, 1C, web exports UTF-8 without one
 *   Excel "CSV (розділювач …)"   Windows-1251, with ';' because the decimal separator is ','
 *   Excel "Текст Юнікод"         UTF-16LE with a BOM (FF FE), tab-separated
 *
 * Auto-detection: a BOM decides; otherwise text that decodes as strict UTF-8 is UTF-8, and
 * anything else is Windows-1251. Cyrillic in Windows-1251 is bytes C0-FF, which strict UTF-8
 * rejects unless they happen to form valid multi-byte sequences — practically never for a whole
 * file of words (pure ASCII is the same text in both, so either answer is right).
 */

export type Encoding = 'utf-8' | 'windows-1251' | 'utf-16le';
export type EncodingChoice = Encoding | 'auto';

export interface DecodedText {
  text: string;
  encoding: Encoding;
  /** Whether the file began with a byte-order mark (kept when we write the rejected rows back). */
  bom: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

const startsWith = (input: Uint8Array, prefix: number[]) => prefix.every((byte, i) => input[i] === byte);

export class EncodingError extends Error {
  constructor(readonly uk: string, readonly en: string) {
    super(`${uk} / ${en}`);
  }
}

/**
 * A workbook where a CSV was expected: Excel's .xlsx and LibreOffice's .ods are ZIP archives, the
 * old .xls an OLE2 compound file. Read as text they would be refused at the header with columns of
 * garbage; a department uploading its spreadsheet as it keeps it is told how to save it as CSV.
 */
export function workbookKind(input: Uint8Array): 'xlsx' | 'ods' | 'xls' | 'zip' | null {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (startsWith(input, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (!startsWith(input, [0x50, 0x4b, 0x03, 0x04])) return null;
  // an ODF package names its type first (the stored "mimetype" entry); an Office one its parts
  if (bytes.subarray(0, 100).includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (bytes.includes('xl/workbook.xml') || bytes.includes('xl/worksheets/')) return 'xlsx';
  return 'zip';
}

/** What to tell a person whose file is a workbook, in both languages. */
export function workbookProblem(kind: NonNullable<ReturnType<typeof workbookKind>>): { uk: string; en: string } {
  switch (kind) {
    case 'xlsx':
    case 'xls':
      return {
        uk: `це книга Excel (.${kind}), а не CSV: відкрийте її в Excel, «Файл → Зберегти як», тип «CSV UTF-8 (розділювач — кома)» або «CSV (розділювач — крапка з комою)», і завантажте цей файл CSV`,
        en: `this is an Excel workbook (.${kind}), not a CSV: open it in Excel, "File → Save As", type "CSV UTF-8 (Comma delimited)" or "CSV (semicolon delimited)", and import that CSV file`,
      };
    case 'ods':
      return {
        uk: 'це таблиця LibreOffice (.ods), а не CSV: відкрийте її в LibreOffice Calc, «Файл → Зберегти як», тип «Текст CSV», і завантажте цей файл CSV',
        en: 'this is a LibreOffice spreadsheet (.ods), not a CSV: open it in LibreOffice Calc, "File → Save As", type "Text CSV", and import that CSV file',
      };
    default:
      return { uk: 'це ZIP-архів, а не CSV чи GeoJSON: розпакуйте його й завантажте файл із нього', en: 'this is a ZIP archive, not a CSV or GeoJSON: unpack it and import the file inside' };
  }
}

export function decodeSpreadsheet(input: Uint8Array, choice: EncodingChoice = 'auto'): DecodedText {
  if (startsWith(input, UTF8_BOM) && (choice === 'auto' || choice === 'utf-8')) {
    return { text: strictUtf8(input.subarray(3), true), encoding: 'utf-8', bom: true };
  }
  if (startsWith(input, UTF16LE_BOM) && (choice === 'auto' || choice === 'utf-16le')) {
    return { text: new TextDecoder('utf-16le').decode(input.subarray(2)), encoding: 'utf-16le', bom: true };
  }
  if (choice === 'windows-1251') return { text: iconv.decode(Buffer.from(input), 'win1251'), encoding: 'windows-1251', bom: false };
  if (choice === 'utf-16le') return { text: new TextDecoder('utf-16le').decode(input), encoding: 'utf-16le', bom: false };
  if (choice === 'utf-8') return { text: strictUtf8(input, false), encoding: 'utf-8', bom: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input), encoding: 'utf-8', bom: false };
  } catch {
    return { text: iconv.decode(Buffer.from(input), 'win1251'), encoding: 'windows-1251', bom: false };
  }
}

function strictUtf8(input: Uint8Array, bom: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new EncodingError(
      `файл не є коректним UTF-8${bom ? ', хоча починається з позначки UTF-8' : ''}; спробуйте --encoding windows-1251`,
      `the file is not valid UTF-8${bom ? ' although it starts with a UTF-8 byte-order mark' : ''}; try --encoding windows-1251`,
    );
  }
}

/** Text back to bytes in the encoding it came in (for the file of rejected rows). */
export function encodeLike(text: string, decoded: Pick<DecodedText, 'encoding' | 'bom'>): Buffer {
  if (decoded.encoding === 'windows-1251') return iconv.encode(text, 'win1251');
  if (decoded.encoding === 'utf-16le') return Buffer.concat([Buffer.from(decoded.bom ? UTF16LE_BOM : []), Buffer.from(text, 'utf16le')]);
  return Buffer.concat([Buffer.from(decoded.bom ? UTF8_BOM : []), Buffer.from(text, 'utf8')]);
}

export type Delimiter = ',' | ';' | '\t';
export type DelimiterChoice = Delimiter | 'auto';

/**
 * The delimiter of a file, from its header line: whichever of ';', tab and ',' occurs most often
 * outside quotes. Header names hold no decimal commas, so the count is a clean signal; on a tie
 * ';' wins, as the usual choice where ',' is the decimal separator.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ';' || c === '\t' || c === ',')) counts[c]++;
  }
  const order: Delimiter[] = [';', '\t', ','];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), order[0]);
}

/** How a delimiter is written in messages. */
export const delimiterName = (d: Delimiter): string => (d === '\t' ? 'tab' : d);
