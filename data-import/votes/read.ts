/**
 * The voting system's export read into sessions, agenda items, registrations and votes, every
 * problem named by its line (CSV) or its place in the document (JSON). Two shapes, as
 * data-import/README.md documents them:
 *
 * CSV — one row per deputy per question («поіменне голосування»), `,` `;` or tab, UTF-8 or
 * Windows-1251:
 *
 *   Сесія;Дата;Питання;Назва питання;Депутат;Голос
 *   12;15.03.2024;0;Реєстрація;Коваль Олена Петрівна;присутній
 *   12;15.03.2024;3;Про затвердження Програми благоустрою;Коваль Олена Петрівна;за
 *
 *   Питання 0 (or «реєстрація») is the registration: присутній / відсутній. Without registration
 *   rows a deputy counts as registered when they voted on anything (не голосував included).
 *
 * JSON —
 *   { "sessions": [ { "number": "12", "date": "2024-03-15", "title": "12-а сесія",
 *       "registration": { "Коваль Олена Петрівна": "присутній" },
 *       "items": [ { "number": 3, "title": "Про …", "votes": { "Коваль Олена Петрівна": "за" } } ] } ] }
 *
 * Votes: за / проти / утримався / не голосував / відсутній (English for / against / abstain /
 * not voting / absent too).
 */
import { mapHeaders } from '../kit/columns.js';
import { decodeSpreadsheet, detectDelimiter, EncodingError } from '../kit/encoding.js';
import { readRecords, SpreadsheetSyntaxError } from '../kit/read.js';
import type { RowProblem } from '../kit/report.js';
import { parseDate } from '../kit/values.js';

export type Choice = 'for' | 'against' | 'abstain' | 'not_voting' | 'absent';

const CHOICES: Record<string, Choice> = {
  за: 'for', for: 'for', yes: 'for',
  проти: 'against', against: 'against', no: 'against',
  утримався: 'abstain', утрималася: 'abstain', утрим: 'abstain', abstain: 'abstain',
  неголосував: 'not_voting', неголосувала: 'not_voting', notvoting: 'not_voting', 'not_voting': 'not_voting',
  відсутній: 'absent', відсутня: 'absent', absent: 'absent',
};
const PRESENT: Record<string, boolean> = { присутній: true, присутня: true, зареєстрований: true, зареєстрована: true, present: true, registered: true, відсутній: false, відсутня: false, absent: false };

const key = (text: string) => text.toLowerCase().replace(/[\s_.-]+/g, '');

/** Where a value came from: its line in a CSV, its path in a JSON document. */
export interface Source { line: number | null; field: string }

export interface VoteRecord { deputy: string; choice: Choice; from: Source }
export interface RegistrationRecord { deputy: string; registered: boolean; from: Source }

export interface SessionRecord {
  number: string;
  heldOn: string;
  title: string;
  items: Map<number, { title: string; votes: VoteRecord[] }>;
  registrations: RegistrationRecord[];
  from: Source;
}

export interface VoteFile {
  format: 'csv' | 'json';
  sessions: SessionRecord[];
  problems: RowProblem[];
  rows: number;
}

export const VOTE_FIELDS = {
  session: ['Сесія', 'Номер сесії', 'session'],
  date: ['Дата', 'Дата сесії', 'date'],
  item: ['Питання', 'Номер питання', '№ питання', 'item', 'question'],
  title: ['Назва питання', 'Питання порядку денного', 'title'],
  deputy: ['Депутат', 'ПІБ', 'deputy', 'name'],
  vote: ['Голос', 'Результат', 'vote', 'choice'],
} as const;

const problemAt = (from: Source, value: string | null, code: string, uk: string, en: string): RowProblem =>
  ({ line: from.line, field: from.field, value, code, uk, en });

export function readVoteFile(input: Uint8Array): VoteFile {
  let text: string;
  try {
    text = decodeSpreadsheet(input, 'auto').text;
  } catch (error) {
    if (error instanceof EncodingError) return { format: 'csv', sessions: [], rows: 0, problems: [{ line: null, field: null, value: null, code: 'encoding', uk: error.uk, en: error.en }] };
    throw error;
  }
  return /^\s*\{/.test(text) ? readJson(text) : readCsv(text);
}

class Sessions {
  readonly byNumber = new Map<string, SessionRecord>();
  constructor(private readonly problems: RowProblem[]) {}

  session(number: string, heldOn: string, title: string, from: Source): SessionRecord {
    let s = this.byNumber.get(number);
    if (!s) this.byNumber.set(number, (s = { number, heldOn, title, items: new Map(), registrations: [], from }));
    else if (s.heldOn !== heldOn) {
      this.problems.push(problemAt(from, heldOn, 'session_date', `сесія ${number} вже має дату ${s.heldOn} (${where(s.from)})`, `session ${number} already has the date ${s.heldOn} (${where(s.from)})`));
    }
    return s;
  }
}

const where = (from: Source) => (from.line !== null ? `рядок ${from.line}` : from.field);

function readCsv(text: string): VoteFile {
  const problems: RowProblem[] = [];
  const sessions = new Sessions(problems);
  let rows = 0;
  try {
    const records = readRecords(text, detectDelimiter(text));
    const header = records.next();
    if (header.done) return { format: 'csv', sessions: [], rows, problems: [{ line: null, field: null, value: null, code: 'empty_file', uk: 'файл порожній', en: 'the file is empty' }] };
    const columns = mapHeaders(VOTE_FIELDS, header.value.values);
    for (const f of Object.keys(VOTE_FIELDS) as (keyof typeof VOTE_FIELDS)[]) {
      if (f !== 'title' && columns.index[f] === undefined) {
        problems.push({ line: header.value.line, field: null, value: null, code: 'header', uk: `немає стовпця «${VOTE_FIELDS[f][0]}»`, en: `no "${VOTE_FIELDS[f][VOTE_FIELDS[f].length - 1]}" column` });
      }
    }
    if (problems.length) return { format: 'csv', sessions: [], rows, problems };
    for (const record of records) {
      rows++;
      const cell = (f: keyof typeof VOTE_FIELDS) => (record.values[columns.index[f] ?? -1] ?? '').trim().replace(/\s+/g, ' ');
      const at = (f: keyof typeof VOTE_FIELDS): Source => ({ line: record.line, field: columns.label[f] ?? VOTE_FIELDS[f][0] });
      if (record.values.length !== columns.width) {
        problems.push({ line: record.line, field: null, value: null, code: 'cells', uk: `у рядку ${record.values.length} клітинок, а в заголовку ${columns.width}`, en: `the row has ${record.values.length} cells, the header ${columns.width}` });
        continue;
      }
      const before = problems.length;
      const number = cell('session');
      if (!/^[\p{L}\d][\p{L}\d/-]{0,19}$/u.test(number)) problems.push(problemAt(at('session'), number || null, 'bad_session', 'номер сесії — число, наприклад 12 або 12-2', 'a session number is a number, e.g. 12 or 12-2'));
      const date = parseDate(cell('date'));
      if (!date.ok) problems.push(problemAt(at('date'), cell('date') || null, date.reason.code, date.reason.uk, date.reason.en));
      const itemText = cell('item');
      const registration = /^(0|реєстрація|registration)$/i.test(itemText);
      const item = Number(itemText);
      if (!registration && !/^\d{1,4}$/.test(itemText)) problems.push(problemAt(at('item'), itemText || null, 'bad_item', 'номер питання — ціле число (0 — реєстрація)', 'an item number is a whole number (0: the registration)'));
      const deputy = cell('deputy');
      if (deputy.length < 3) problems.push(problemAt(at('deputy'), deputy || null, 'required', 'порожньо: потрібне ім’я депутата', 'empty: the deputy\'s name is required'));
      const voteText = cell('vote');
      const choice = CHOICES[key(voteText)];
      const present = PRESENT[key(voteText)];
      if (registration ? present === undefined : choice === undefined) {
        problems.push(problemAt(at('vote'), voteText || null, 'bad_vote', registration ? 'реєстрація: присутній або відсутній' : 'голос: за, проти, утримався, не голосував або відсутній', registration ? 'registration: present or absent' : 'a vote: for, against, abstain, not voting or absent'));
      }
      if (problems.length > before || !date.ok) continue;
      const session = sessions.session(number, date.value, `${number}-а сесія`, at('session'));
      if (registration) {
        session.registrations.push({ deputy, registered: present!, from: at('deputy') });
      } else {
        let entry = session.items.get(item);
        if (!entry) session.items.set(item, (entry = { title: cell('title') || `Питання ${item}`, votes: [] }));
        entry.votes.push({ deputy, choice: choice!, from: at('deputy') });
      }
    }
  } catch (error) {
    if (!(error instanceof SpreadsheetSyntaxError)) throw error;
    problems.push({ line: error.line, field: null, value: null, code: 'syntax', uk: error.uk, en: error.en });
  }
  return { format: 'csv', sessions: [...sessions.byNumber.values()], rows, problems };
}

function readJson(text: string): VoteFile {
  const problems: RowProblem[] = [];
  const sessions = new Sessions(problems);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { format: 'json', sessions: [], rows: 0, problems: [{ line: null, field: null, value: null, code: 'syntax', uk: `файл не є коректним JSON: ${(error as Error).message}`, en: `the file is not valid JSON: ${(error as Error).message}` }] };
  }
  const list = (doc as { sessions?: unknown })?.sessions;
  if (!Array.isArray(list)) return { format: 'json', sessions: [], rows: 0, problems: [{ line: null, field: 'sessions', value: null, code: 'shape', uk: 'очікується { "sessions": [ … ] }', en: 'expected { "sessions": [ … ] }' }] };
  let rows = 0;
  const at = (field: string): Source => ({ line: null, field });
  list.forEach((raw, i) => {
    const s = raw as { number?: unknown; date?: unknown; title?: unknown; registration?: unknown; items?: unknown };
    const path = `sessions[${i}]`;
    const before = problems.length;
    const number = typeof s?.number === 'number' ? String(s.number) : typeof s?.number === 'string' ? s.number.trim() : '';
    if (!/^[\p{L}\d][\p{L}\d/-]{0,19}$/u.test(number)) problems.push(problemAt(at(`${path}.number`), number || null, 'bad_session', 'номер сесії — число, наприклад 12 або 12-2', 'a session number is a number, e.g. 12 or 12-2'));
    const date = parseDate(typeof s?.date === 'string' ? s.date : '');
    if (!date.ok) problems.push(problemAt(at(`${path}.date`), typeof s?.date === 'string' ? s.date : null, date.reason.code, date.reason.uk, date.reason.en));
    if (!Array.isArray(s?.items)) problems.push(problemAt(at(`${path}.items`), null, 'shape', 'очікується список питань', 'expected a list of items'));
    if (problems.length > before || !date.ok) return;
    const session = sessions.session(number, date.value, typeof s.title === 'string' && s.title.trim() ? s.title.trim() : `${number}-а сесія`, at(path));
    if (s.registration && typeof s.registration === 'object') {
      for (const [deputy, value] of Object.entries(s.registration as Record<string, unknown>)) {
        rows++;
        const present = typeof value === 'string' ? PRESENT[key(value)] : typeof value === 'boolean' ? value : undefined;
        if (present === undefined) problems.push(problemAt(at(`${path}.registration["${deputy}"]`), String(value), 'bad_vote', 'реєстрація: присутній або відсутній', 'registration: present or absent'));
        else session.registrations.push({ deputy: deputy.trim(), registered: present, from: at(`${path}.registration["${deputy}"]`) });
      }
    }
    (s.items as unknown[]).forEach((rawItem, j) => {
      const item = rawItem as { number?: unknown; title?: unknown; votes?: unknown };
      const itemPath = `${path}.items[${j}]`;
      if (typeof item?.number !== 'number' || !Number.isInteger(item.number) || item.number < 1) {
        problems.push(problemAt(at(`${itemPath}.number`), item?.number === undefined ? null : String(item.number), 'bad_item', 'номер питання — ціле число від 1', 'an item number is a whole number from 1'));
        return;
      }
      if (!item.votes || typeof item.votes !== 'object') {
        problems.push(problemAt(at(`${itemPath}.votes`), null, 'shape', 'очікується { "ім’я депутата": "за", … }', 'expected { "deputy name": "for", … }'));
        return;
      }
      const entry = { title: typeof item.title === 'string' && item.title.trim() ? item.title.trim() : `Питання ${item.number}`, votes: [] as VoteRecord[] };
      session.items.set(item.number, entry);
      for (const [deputy, value] of Object.entries(item.votes as Record<string, unknown>)) {
        rows++;
        const choice = typeof value === 'string' ? CHOICES[key(value)] : undefined;
        const from = at(`${itemPath}.votes["${deputy}"]`);
        if (!choice) problems.push(problemAt(from, String(value), 'bad_vote', 'голос: за, проти, утримався, не голосував або відсутній', 'a vote: for, against, abstain, not voting or absent'));
        else entry.votes.push({ deputy: deputy.trim(), choice, from });
      }
    });
  });
  return { format: 'json', sessions: [...sessions.byNumber.values()], rows, problems };
}
