/**
 * The key a search compares: what is left of a name or an address once the ways people spell the
 * same thing differently are taken out. «ТОВ "Смак-Трейд"» and "тов смак трейд", "вул. Шевченка, буд. 12"
 * and "вулиця Шевченка 12", "Слов’янськ" and "Словянськ" have one key.
 *
 * The database has the same function, `search_key(text)` (migrations/0013_search_key.sql), so a
 * query normalises both sides by one definition and an index can hold the key:
 * `search_key(name) % search_key($1)` with pg_trgm. test/platform/search-key.test.ts checks that the
 * two agree on every case. Both lower-case by an explicit alphabet, because the embedded database
 * runs in the C locale, where lower() leaves Cyrillic as it is.
 *
 * Steps, in order, the same in both:
 *  1. lower-case Latin and Cyrillic (Ukrainian and Russian letters);
 *  2. drop apostrophes of every spelling (' ’ ʼ ` ′ ‘): Словянськ is typed as often as Слов'янськ;
 *  3. the hyphenated abbreviations б-р, пр-т, пров-к become their words (before hyphens go);
 *  4. ASCII punctuation, quotes « » “ ” „, dashes and № become spaces;
 *  5. word by word: a street-type abbreviation becomes its word (вул → вулиця …), буд/будинок goes;
 *  6. the words are joined by single spaces.
 */

export const UPPER_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ';
export const LOWER_LETTERS = 'abcdefghijklmnopqrstuvwxyzабвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя';
export const APOSTROPHES = '\'’ʼ`′‘';
export const SEPARATORS = '!"#$%&()*+,-./:;<=>?@[\\]^_{|}~«»“”„‐‑–—№';

/** Hyphenated abbreviations, replaced as whole words before hyphens become spaces. */
export const HYPHENATED_WORDS: Readonly<Record<string, string>> = {
  'б-р': 'бульвар',
  'пр-т': 'проспект',
  'пров-к': 'провулок',
};

/** A word (after punctuation is gone) → the word it stands for; '' drops it. */
export const STREET_WORDS: Readonly<Record<string, string>> = {
  'вул': 'вулиця',
  'пр': 'проспект',
  'просп': 'проспект',
  'бульв': 'бульвар',
  'пл': 'площа',
  'пров': 'провулок',
  'наб': 'набережна',
  'ш': 'шосе',
  'майд': 'майдан',
  'буд': '',
  'будинок': '',
};

/** A letter or digit of the alphabets above; anything else bounds a word. */
const WORD_CHAR = 'a-z0-9а-яіїєґё';

/*
 * Every character the steps touch is in the Basic Multilingual Plane, so the steps run over UTF-16
 * code units through two tables: what a unit lower-cases to, and whether it is dropped (an
 * apostrophe) or ends a word (a separator, or what JavaScript's \s matches). A surrogate half is
 * neither and passes through, as a whole character did. An import keys 300,000 values.
 */
const FOLD = new Uint16Array(65536).map((_, i) => i);
for (let i = 0; i < UPPER_LETTERS.length; i++) FOLD[UPPER_LETTERS.charCodeAt(i)] = LOWER_LETTERS.charCodeAt(i);
const DROP = 1;
const BREAK = 2;
const KIND = new Uint8Array(65536);
for (const c of APOSTROPHES) KIND[c.charCodeAt(0)] = DROP;
const WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
for (const c of SEPARATORS + WHITESPACE) KIND[c.charCodeAt(0)] = BREAK;

/** The regular expression (the same source in SQL) that finds one hyphenated abbreviation as a word. */
export function hyphenatedPattern(abbr: string): string {
  return `(^|[^${WORD_CHAR}])${abbr}\\.?(?=[^${WORD_CHAR}]|$)`;
}

/** The hyphenated abbreviations' expressions, compiled once. */
const HYPHENATED = Object.entries(HYPHENATED_WORDS).map(([abbr, word]) => [abbr, new RegExp(hyphenatedPattern(abbr), 'g'), `$1${word} `] as const);

let units = new Uint16Array(256);

export function searchKey(text: string): string {
  // steps 1-2: lower-case, drop apostrophes
  if (units.length < text.length) units = new Uint16Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (KIND[c] !== DROP) units[n++] = FOLD[c];
  }
  let s = '';
  for (let i = 0; i < n; i += 4096) s += String.fromCharCode(...units.subarray(i, Math.min(n, i + 4096)));
  // step 3: hyphenated abbreviations (each has its hyphen and letters: includes() rules most out)
  for (const [abbr, pattern, word] of HYPHENATED) if (s.includes(abbr)) s = s.replace(pattern, word);
  // steps 4-6 in one pass: a separator ends a word; a street-type word becomes its word ('' drops it)
  let key = '';
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && KIND[s.charCodeAt(i)] !== BREAK) continue;
    if (i > start) {
      const word = s.slice(start, i);
      const w = Object.hasOwn(STREET_WORDS, word) ? STREET_WORDS[word] : word; // not "constructor" of Object's prototype
      if (w !== '') key = key === '' ? w : `${key} ${w}`;
    }
    start = i + 1;
  }
  return key;
}
