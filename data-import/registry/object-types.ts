import type { Queryable } from '../../server/db/database.js';

/**
 * The object types a spreadsheet may name, read from object_type (an admin extends the list, so
 * it is not hard-coded here). A cell may hold the code ("billboard"), the Ukrainian or English
 * name, or the name without its size: "Білборд" for "Білборд 3×6 м", "сітілайт" for
 * "Сітілайт 1,2×1,8 м".
 */
export class ObjectTypes {
  private constructor(
    private readonly byKey: Map<string, string>,
    readonly codes: string[],
    /** Ukrainian names without sizes, for messages ("Білборд", not "Білборд 3×6 м": no × in Windows-1251). */
    readonly namesUk: string[],
  ) {}

  static async load(db: Queryable): Promise<ObjectTypes> {
    const { rows } = await db.query<{ code: string; name_uk: string; name_en: string }>(
      'SELECT code, name_uk, name_en FROM object_type ORDER BY category, sort_order, code',
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
