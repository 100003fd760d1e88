/**
 * The importer's messages name the command line's options ("вкажіть --crs EPSG:6387"), which a
 * web user has never seen (issue 9). An upload from the editor's form gets the same messages
 * with each option said as the form's field: --crs → «Система координат» / "Coordinate system",
 * --axis-order north-east → the "X is the northing" box, --encoding → saving the file as UTF-8.
 * Checked by test/import/upload.test.ts on a file without its coordinate system.
 */
const UK: [RegExp, string][] = [
  [/приберіть --crs/g, 'очистьте поле «Система координат»'],
  [/--crs\s+(EPSG:\d+)/g, 'у полі «Система координат» $1'],
  [/--crs/g, 'поле «Система координат»'],
  [/--axis-order north-east або вибір у формі імпорту/g, 'позначка «X — північ, Y — схід» у формі'],
  [/--axis-order north-east/g, 'позначка «X — північ, Y — схід» у формі'],
  [/спробуйте --encoding windows-1251/g, 'збережіть файл як «CSV UTF-8» або в кодуванні Windows-1251'],
];
const EN: [RegExp, string][] = [
  [/drop --crs/g, 'clear the “Coordinate system” field'],
  [/use --crs\s+(EPSG:\d+)/g, 'enter $1 in the “Coordinate system” field'],
  [/--crs\s+(EPSG:\d+)/g, 'the “Coordinate system” field, e.g. $1'],
  [/--crs/g, 'the “Coordinate system” field'],
  [/--axis-order north-east, or the choice in the import form/g, 'the “X is the northing” box in the form'],
  [/--axis-order north-east/g, 'the “X is the northing” box in the form'],
  [/try --encoding windows-1251/g, 'save the file as “CSV UTF-8” or in Windows-1251'],
];

const apply = (rules: [RegExp, string][], text: string) => rules.reduce((t, [pattern, words]) => t.replace(pattern, words), text);

/** A message that may hold both languages ("… українською. … in English."). */
export const inFormWords = (text: string): string => apply(EN, apply(UK, text));

/** A problem of the report, its two texts in the form's words. */
export function problemInFormWords<P extends { uk: string; en: string }>(p: P): P {
  return { ...p, uk: apply(UK, p.uk), en: apply(EN, p.en) };
}
