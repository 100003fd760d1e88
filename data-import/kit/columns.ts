/**
 * A file's header set against a dataset's fields: which column holds which field. Headers are
 * matched case- and whitespace-insensitively, with apostrophe variants (’ ʼ ') unified, a
 * trailing unit dropped ("Ширина, м", "Площа (м²)", "Плата за місяць, грн"), and the Cyrillic
 * letters Х and У accepted for X and Y (they look the same and often are typed so). Each dataset
 * declares its fields with their Ukrainian and English headers (registry/columns.ts, …).
 */

/** A dataset's fields: each with the headers (Ukrainian, then English) it is known by. */
export type FieldHeaders<F extends string> = Record<F, readonly string[]>;

/** The fields every dataset with a place shares: coordinates in the CRS the import is given. */
export const PLACE_FIELDS = {
  // X/Y are easting/northing (the GIS order, as in PostGIS and proj4); geodetic data, where X is
  // the northing, names them Північ/Схід — or the import is told the order (axisOrder).
  x: ['X', 'Схід', 'easting'],
  y: ['Y', 'Північ', 'northing'],
  lon: ['Довгота', 'lon', 'lng', 'longitude'],
  lat: ['Широта', 'lat', 'latitude'],
  wkt: ['WKT', 'Геометрія', 'geometry'],
} as const satisfies FieldHeaders<string>;

export type PlaceField = keyof typeof PLACE_FIELDS;

/** A header as compared: lower case, one space, one apostrophe, no unit. */
export function normalizeHeader(header: string): string {
  let h = header.normalize('NFC').toLowerCase().replace(/[’ʼ`']/g, "'").replace(/\s+/g, ' ').trim();
  h = h.replace(/\s*\([^)]*\)$/, '').replace(/,\s*(м|м2|м²|кв\.?\s*м|грн|uah|m|m2|шт)\.?$/, '').trim();
  if (h === 'х') return 'x'; // Cyrillic ha
  if (h === 'у') return 'y'; // Cyrillic u
  return h;
}

export interface ColumnMap<F extends string = string> {
  /** How many columns the header line has. */
  width: number;
  /** Field → index of its column in each record. */
  index: Partial<Record<F, number>>;
  /** Field → the header as the file writes it, for messages ("поле «Чинний до»"). */
  label: Partial<Record<F, string>>;
  /** Headers that matched no field; their columns are ignored. */
  unknown: string[];
  /** Problems that make the file unreadable as the dataset (missing or doubled columns). */
  problems: { uk: string; en: string }[];
}

/** Maps a header line to the dataset's fields; a field in two columns is a problem. */
export function mapHeaders<F extends string>(fields: FieldHeaders<F>, headers: readonly string[]): ColumnMap<F> {
  const byHeader = new Map<string, F>(
    (Object.entries(fields) as [F, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [normalizeHeader(n), field] as const)),
  );
  const map: ColumnMap<F> = { width: headers.length, index: {}, label: {}, unknown: [], problems: [] };
  headers.forEach((header, i) => {
    if (header.trim() === '') return;
    const field = byHeader.get(normalizeHeader(header));
    if (!field) {
      map.unknown.push(header);
    } else if (map.index[field] !== undefined) {
      map.problems.push({
        uk: `стовпці «${map.label[field]}» і «${header}» означають одне поле (${field})`,
        en: `columns "${map.label[field]}" and "${header}" both mean ${field}`,
      });
    } else {
      map.index[field] = i;
      map.label[field] = header.trim();
    }
  });
  return map;
}

/** What a dataset with a place lacks in its coordinate columns (an X without a Y, no coordinates at all). */
export function placeColumnProblems(map: ColumnMap<string>): { uk: string; en: string }[] {
  const has = (f: PlaceField) => map.index[f] !== undefined;
  const problems: { uk: string; en: string }[] = [];
  for (const [a, b] of [['x', 'y'], ['lon', 'lat']] as const) {
    if (has(a) !== has(b)) {
      const [present, missing] = has(a) ? [a, b] : [b, a];
      problems.push({ uk: `є стовпець «${map.label[present]}», але немає пари до нього (${missing})`, en: `column "${map.label[present]}" has no ${missing} to pair with` });
    }
  }
  if (!has('x') && !has('lon') && !has('wkt')) {
    problems.push({ uk: 'немає координат: потрібні X і Y, Довгота і Широта або WKT', en: 'no coordinates: X and Y, lon and lat, or WKT are needed' });
  }
  return problems;
}
