/**
 * Ukrainian → Latin transliteration by the official table of the Cabinet of Ministers resolution
 * No. 55 of 27 January 2010 ("Про впорядкування транслітерації українського алфавіту латиницею"),
 * the one used for street names, place names and passports:
 *
 *   Є, Ї, Й, Ю, Я are Ye, Yi, Y, Yu, Ya at the start of a word and ie, i, i, iu, ia elsewhere;
 *   Ь and the apostrophe are not reproduced; "зг" is written "zgh" (Згорани → Zghorany),
 *   so it is not read as the digraph "zh".
 *
 * Examples from the resolution and the gazetteer: Слов'янськ → Sloviansk, Кривий Ріг → Kryvyi Rih,
 * Знам'янка → Znamianka, Щербухи → Shcherbukhy, Юрій → Yurii.
 */

/** [at the start of a word, elsewhere], lower case. */
const TABLE: Record<string, readonly [string, string]> = {
  а: ['a', 'a'], б: ['b', 'b'], в: ['v', 'v'], г: ['h', 'h'], ґ: ['g', 'g'], д: ['d', 'd'],
  е: ['e', 'e'], є: ['ye', 'ie'], ж: ['zh', 'zh'], з: ['z', 'z'], и: ['y', 'y'], і: ['i', 'i'],
  ї: ['yi', 'i'], й: ['y', 'i'], к: ['k', 'k'], л: ['l', 'l'], м: ['m', 'm'], н: ['n', 'n'],
  о: ['o', 'o'], п: ['p', 'p'], р: ['r', 'r'], с: ['s', 's'], т: ['t', 't'], у: ['u', 'u'],
  ф: ['f', 'f'], х: ['kh', 'kh'], ц: ['ts', 'ts'], ч: ['ch', 'ch'], ш: ['sh', 'sh'],
  щ: ['shch', 'shch'], ь: ['', ''], ю: ['yu', 'iu'], я: ['ya', 'ia'],
};

/** The apostrophe in its typewriter, typographic and modifier-letter forms. */
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);

/** A word: Ukrainian letters, with apostrophes inside it (they do not start a new word). */
const WORD = /[А-ЩЬЮЯҐЄІЇа-щьюяґєії]+(?:['’ʼ`][А-ЩЬЮЯҐЄІЇа-щьюяґєії]+)*/g;

function transliterateWord(word: string): string {
  const letters = [...word].filter((ch) => !APOSTROPHES.has(ch));
  const allCaps = letters.length > 1 && letters.every((ch) => ch === ch.toUpperCase());
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (APOSTROPHES.has(ch)) continue;
    const lower = ch.toLowerCase();
    const entry = TABLE[lower];
    let latin = i === 0 ? entry[0] : entry[1];
    if (lower === 'г' && i > 0 && word[i - 1].toLowerCase() === 'з') latin = 'gh';
    if (ch !== lower) latin = allCaps ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
    out += latin;
  }
  return out;
}

/** Transliterates the Ukrainian words of a text; digits, Latin letters and punctuation stay. */
export function transliterate(text: string): string {
  return text.replace(WORD, transliterateWord);
}
