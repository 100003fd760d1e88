/**
 * Characters no field of ours may hold, whoever writes it (the API, a spreadsheet, the client's
 * form). Dependency-free: the server, the importer and the client share it.
 *
 *  - NUL (U+0000): PostgreSQL text cannot store it, so it would fail deep in a query;
 *  - bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they make a
 *    name or an address display as something other than what it says ("Trojan Source",
 *    CVE-2021-42574); nobody types them into a registry on purpose;
 *  - a lone UTF-16 surrogate (JSON allows "\ud800"): not a character at all, and the database
 *    would silently turn it into U+FFFD.
 */

export interface ForbiddenCharacter {
  /** 0-based index in the text (UTF-16 units). */
  index: number;
  /** "U+202E". */
  codePoint: string;
  uk: string;
  en: string;
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hex = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of `text` that no field may hold, or undefined when it is clean. */
export function forbiddenCharacter(text: string): ForbiddenCharacter | undefined {
  const match = FORBIDDEN.exec(text);
  if (!match) return undefined;
  const unit = match[0].charCodeAt(0);
  const codePoint = hex(unit);
  if (unit === 0) return { index: match.index, codePoint, uk: 'містить нульовий символ (U+0000)', en: 'contains a NUL character (U+0000)' };
  if (unit >= 0xd800 && unit <= 0xdfff) {
    return { index: match.index, codePoint, uk: `містить неповний символ UTF-16 (${codePoint})`, en: `contains a lone UTF-16 surrogate (${codePoint})` };
  }
  return {
    index: match.index, codePoint,
    uk: `містить символ керування напрямком тексту ${codePoint}, який спотворює показ`,
    en: `contains the bidirectional control character ${codePoint}, which disguises how the text reads`,
  };
}

export interface ForbiddenAt extends ForbiddenCharacter {
  /** Where in a nested value: ['owner', 'name'], ['list', '2']; a key itself is named by its path. */
  path: string[];
}

/**
 * The first string in a JSON-like value (strings, arrays, plain objects; keys included) that holds
 * a forbidden character. Depth-first, in key order, so the answer is the same every time.
 */
export function findForbiddenText(value: unknown, path: string[] = [], depth = 0): ForbiddenAt | undefined {
  if (typeof value === 'string') {
    const found = forbiddenCharacter(value);
    return found && { ...found, path };
  }
  // A 1 MB body cannot nest deeper than this usefully; deeper is an attack on the stack, not data.
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, inner] of entries) {
    const inKey = forbiddenCharacter(key);
    if (inKey) return { ...inKey, path: [...path, key] };
    const found = findForbiddenText(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
