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

const charMap = (from: string, to: string) => new Map([...from].map((c, i) => [c, to[i]]));
const LOWER = charMap(UPPER_LETTERS, LOWER_LETTERS);
const DROPPED = new Set(APOSTROPHES);
const SPACED = new Set(SEPARATORS);

/** The regular expression (the same source in SQL) that finds one hyphenated abbreviation as a word. */
export function hyphenatedPattern(abbr: string): string {
  return `(^|[^${WORD_CHAR}])${abbr}\\.?(?=[^${WORD_CHAR}]|$)`;
}

/** The hyphenated abbreviations' expressions, compiled once: an import keys 300,000 values. */
const HYPHENATED = Object.entries(HYPHENATED_WORDS).map(([abbr, word]) => [abbr, new RegExp(hyphenatedPattern(abbr), 'g'), `$1${word} `] as const);

/** What JavaScript's \s matches (split(/\s+/) of the steps above), as a set: a word ends at one. */
const WHITESPACE = new Set([...'\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff'].concat(
  Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i))));

export function searchKey(text: string): string {
  let s = '';
  for (const ch of text) {
    if (DROPPED.has(ch)) continue;
    s += LOWER.get(ch) ?? ch;
  }
  for (const [abbr, pattern, word] of HYPHENATED) if (s.includes(abbr)) s = s.replace(pattern, word);
  // steps 4-6 in one pass: separators end words, a street-type word becomes its word ('' drops it)
  let key = '';
  let word = '';
  const end = () => {
    if (word === '') return;
    const w = Object.hasOwn(STREET_WORDS, word) ? STREET_WORDS[word] : word; // not "constructor" of Object's prototype
    if (w !== '') key = key === '' ? w : `${key} ${w}`;
    word = '';
  };
  for (const ch of s) {
    if (SPACED.has(ch) || WHITESPACE.has(ch)) end();
    else word += ch;
  }
  end();
  return key;
}
