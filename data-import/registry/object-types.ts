import type { Queryable } from '../../server/db/database.js';
import { TYPE_SYNONYMS } from './type-synonyms.js';

/**
 * The object types a spreadsheet may name, read from object_type (an admin extends the list, so
 * it is not hard-coded here). A cell may hold the code ("billboard"), the Ukrainian or English
 * name, or the name without its size: "Білборд" for "Білборд 3×6 м", "сітілайт" for
 * "Сітілайт 1,2×1,8 м" — or a common synonym of a national type (type-synonyms.ts). Only the
 * national list and the importing hromada's own types are known: another hromada's local types
 * are neither listed nor accepted (the API refuses them too).
 */
export class ObjectTypes {
  private constructor(
    private readonly byKey: Map<string, string>,
    readonly codes: string[],
    /** Ukrainian names without sizes, for messages ("Білборд", not "Білборд 3×6 м": no × in Windows-1251). */
    readonly namesUk: string[],
  ) {}

  static async load(db: Queryable, municipalityId: number): Promise<ObjectTypes> {
    const { rows } = await db.query<{ code: string; name_uk: string; name_en: string }>(
      `SELECT code, name_uk, name_en FROM object_type
       WHERE municipality_id IS NULL OR municipality_id = $1 ORDER BY category, sort_order, code`,
      [municipalityId],
    );
    return ObjectTypes.of(rows);
  }

  static of(rows: readonly { code: string; name_uk: string; name_en: string }[]): ObjectTypes {
    const byKey = new Map<string, string>();
    for (const r of rows) {
      for (const name of [r.code, r.name_uk, r.name_en]) {
        for (const key of [typeKey(name), typeKey(withoutSize(name))]) if (key && !byKey.has(key)) byKey.set(key, r.code);
      }
    }
    // synonyms after every stored name: a hromada's own type named "Екран" wins over the synonym
    for (const r of rows) {
      for (const name of TYPE_SYNONYMS[r.code] ?? []) {
        const key = typeKey(name);
        if (key && !byKey.has(key)) byKey.set(key, r.code);
      }
    }
    return new ObjectTypes(byKey, rows.map((r) => r.code), rows.map((r) => withoutSize(r.name_uk)));
  }

  /** The type code a cell names, or undefined. */
  resolve(text: string): string | undefined {
    return this.byKey.get(typeKey(text)) ?? this.byKey.get(typeKey(withoutSize(text)));
  }
}

const typeKey = (text: string): string =>
  text.normalize('NFC').toLowerCase().replace(/[’ʼ`']/g, "'").replace(/[\s_-]+/g, ' ').trim();

/** "Білборд 3×6 м" → "Білборд"; "Сітілайт 1,2×1,8 м" → "Сітілайт". */
const withoutSize = (text: string): string => text.replace(/\s+\d[\d.,]*\s*[×xх*]\s*\d[\d.,]*\s*(м|m)?\.?\s*$/i, '');
