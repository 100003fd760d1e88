/**
 * A parser for CQL2 text (OGC 21-065r2), the filter language of OGC API – Features Part 3.
 * It turns `legality = 'expired' AND S_INTERSECTS(geom, BBOX(37.5, 48.8, 37.7, 48.9))` into a
 * syntax tree; cql2-sql.ts checks the names against a collection's queryables and writes SQL.
 * Nothing here knows about SQL or the catalog.
 *
 * Supported (conformance classes): basic-cql2 (comparisons, AND/OR/NOT, IS NULL, literals,
 * DATE()/TIMESTAMP()), advanced-comparison-operators (LIKE, BETWEEN, IN), case-insensitive-
 * comparison (CASEI), basic-spatial-functions(-plus) and spatial-functions (S_INTERSECTS …
 * S_CONTAINS with POINT, LINESTRING, POLYGON, MULTI*, BBOX), property-property.
 *
 * Grammar, by precedence (a recursive-descent parser, one function per line):
 *
 *   or        := and { OR and }
 *   and       := not { AND not }
 *   not       := NOT not | primary
 *   primary   := "(" or ")" | S_xxx "(" geom "," geom ")" | scalar [predicate-tail]
 *   tail      := cmp scalar | [NOT] LIKE scalar | [NOT] BETWEEN scalar AND scalar
 *              | [NOT] IN "(" scalar {"," scalar} ")" | IS [NOT] NULL
 *   scalar    := property | 'string' | number | TRUE | FALSE | DATE('…') | TIMESTAMP('…') | CASEI(scalar)
 *   geom      := property | POINT(…) | LINESTRING(…) | POLYGON(…) | MULTI…(…) | BBOX(n, n, n, n[, n, n])
 *
 * Every node keeps the position (1-based character) where it starts, so errors can point at it.
 */

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export const SPATIAL_FUNCTIONS = [
  'S_INTERSECTS', 'S_EQUALS', 'S_DISJOINT', 'S_TOUCHES', 'S_WITHIN', 'S_OVERLAPS', 'S_CROSSES', 'S_CONTAINS',
] as const;
export type SpatialFunction = (typeof SPATIAL_FUNCTIONS)[number];

export type Scalar =
  | { kind: 'property'; name: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  /** `text` is the literal as written (digits only, checked), so SQL gets it as exact numeric. */
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'date'; value: string; pos: number }
  | { kind: 'timestamp'; value: string; pos: number }
  | { kind: 'casei'; arg: Scalar; pos: number };

/** Coordinates as written, in the filter CRS's axis order. */
export type GeometryLiteral =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPoint'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }
  /** BBOX(minx, miny, maxx, maxy) or the 6-number 3D form, in the CRS's axis order. */
  | { type: 'BBox'; coordinates: number[] };

export type GeometryOperand =
  | { kind: 'property'; name: string; pos: number }
  | { kind: 'geometry'; geometry: GeometryLiteral; pos: number };

export type Expression =
  | { kind: 'and' | 'or'; args: Expression[]; pos: number }
  | { kind: 'not'; arg: Expression; pos: number }
  | { kind: 'literal'; value: boolean; pos: number }
  | { kind: 'compare'; op: ComparisonOp; left: Scalar; right: Scalar; pos: number }
  | { kind: 'like'; negated: boolean; value: Scalar; pattern: Scalar; pos: number }
  | { kind: 'between'; negated: boolean; value: Scalar; low: Scalar; high: Scalar; pos: number }
  | { kind: 'in'; negated: boolean; value: Scalar; list: Scalar[]; pos: number }
  | { kind: 'isNull'; negated: boolean; value: Scalar; pos: number }
  | { kind: 'spatial'; fn: SpatialFunction; left: GeometryOperand; right: GeometryOperand; pos: number };

/** A filter the parser cannot read; `position` is the 1-based character where it went wrong. */
export class Cql2Error extends Error {
  constructor(readonly reason: string, readonly position: number) {
    super(`${reason} (position ${position})`);
  }
}

/** Longest filter we read, and deepest nesting: a guard against a request built to exhaust us. */
export const MAX_FILTER_LENGTH = 20_000;
const MAX_DEPTH = 50;

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'end';
interface Token { kind: TokenKind; text: string; pos: number }

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_.:]*/y;
const OPERATORS = ['<>', '<=', '>=', '=', '<', '>'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const pos = i + 1;
    if (c === "'") {
      // '' inside a string is one quote (SQL style)
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Cql2Error('unterminated string literal', pos);
        if (text[j] === "'") {
          if (text[j + 1] === "'") { value += "'"; j += 2; continue; }
          break;
        }
        value += text[j++];
      }
      tokens.push({ kind: 'string', text: value, pos });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new Cql2Error('unterminated quoted property name', pos);
      tokens.push({ kind: 'quoted', text: text.slice(i + 1, end), pos });
      i = end + 1;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') { tokens.push({ kind: c, text: c, pos }); i++; continue; }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) { tokens.push({ kind: 'op', text: op, pos }); i += op.length; continue; }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) { tokens.push({ kind: 'number', text: number[0], pos }); i += number[0].length; continue; }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) { tokens.push({ kind: 'ident', text: ident[0], pos }); i += ident[0].length; continue; }
    throw new Cql2Error(`unexpected character '${c}'`, pos);
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

/**
 * A number literal's value, refused when it is not a number of this world: beyond a double
 * (1e400), so small it becomes 0 (1e-20000), an exponent past PostgreSQL numeric's ±1000, or
 * longer than any measurement. Scalars go to SQL as their text (exact numeric) and geometry
 * coordinates as doubles, so both readings must hold.
 */
const MAX_NUMBER_LENGTH = 100;
function numberValue(t: Token): number {
  const value = Number(t.text);
  const [mantissa, exponent = '0'] = t.text.toLowerCase().split('e');
  const outOfRange = !Number.isFinite(value) || Math.abs(Number(exponent)) > 1000 || t.text.length > MAX_NUMBER_LENGTH;
  if (outOfRange) throw new Cql2Error(`the number ${t.text.slice(0, 40)} is out of range`, t.pos);
  if (value === 0 && /[1-9]/.test(mantissa)) throw new Cql2Error(`the number ${t.text.slice(0, 40)} is too small to tell from 0`, t.pos);
  return value;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'ILIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE']);

// ---------------------------------------------------------------------------------------------
// Parser

/** Parses CQL2 text into a syntax tree, or throws Cql2Error naming the position. */
export function parseCql2(text: string): Expression {
  if (text.length > MAX_FILTER_LENGTH) throw new Cql2Error(`the filter is longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  if (!text.trim()) throw new Cql2Error('the filter is empty', 1);
  return new Parser(tokenize(text)).parse();
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    const expression = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, 'AND, OR or the end of the filter');
    return expression;
  }

  // --- token helpers

  private peek(offset = 0): Token { return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]; }
  private next(): Token { return this.tokens[Math.min(this.i++, this.tokens.length - 1)]; }
  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.i++;
    return true;
  }
  private expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.unexpected(t, what);
    return this.next();
  }
  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(this.peek(), word);
  }
  private unexpected(t: Token, expected: string): Cql2Error {
    const found = t.kind === 'end' ? 'the end of the filter' : t.kind === 'string' ? `'${t.text}'` : `'${t.text}'`;
    return new Cql2Error(`expected ${expected} but found ${found}`, t.pos);
  }

  // --- boolean expressions

  private or(): Expression {
    const first = this.and();
    const args = [first];
    while (this.acceptKeyword('OR')) args.push(this.and());
    return args.length === 1 ? first : { kind: 'or', args, pos: first.pos };
  }

  private and(): Expression {
    const first = this.not();
    const args = [first];
    while (this.acceptKeyword('AND')) args.push(this.not());
    return args.length === 1 ? first : { kind: 'and', args, pos: first.pos };
  }

  private not(): Expression {
    const t = this.peek();
    if (this.acceptKeyword('NOT')) {
      return { kind: 'not', arg: this.nested(() => this.not(), t), pos: t.pos };
    }
    return this.primary();
  }

  private nested<T>(parse: () => T, at: Token): T {
    if (++this.depth > MAX_DEPTH) throw new Cql2Error(`the filter nests deeper than ${MAX_DEPTH} levels`, at.pos);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private primary(): Expression {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      const inner = this.nested(() => this.or(), t);
      this.expect(')', "')'");
      return inner;
    }
    if (t.kind === 'ident' && this.peek(1).kind === '(') {
      const fn = t.text.toUpperCase();
      if ((SPATIAL_FUNCTIONS as readonly string[]).includes(fn)) return this.spatial(fn as SpatialFunction);
    }
    const left = this.scalar();
    const tail = this.predicateTail(left);
    if (tail) return tail;
    if (left.kind === 'boolean') return { kind: 'literal', value: left.value, pos: left.pos };
    throw this.unexpected(this.peek(), 'a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL)');
  }

  private predicateTail(value: Scalar): Expression | undefined {
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return { kind: 'compare', op: t.text as ComparisonOp, left: value, right: this.scalar(), pos: value.pos };
    }
    if (this.isKeyword('IS')) {
      this.next();
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'isNull', negated, value, pos: value.pos };
    }
    const negated = this.isKeyword('NOT') && ['LIKE', 'ILIKE', 'BETWEEN', 'IN'].some((w) => this.isKeyword(w, 1));
    if (negated) this.next();
    if (this.acceptKeyword('LIKE')) {
      return { kind: 'like', negated, value, pattern: this.scalar(), pos: value.pos };
    }
    // ILIKE is not CQL2, but GDAL 3.6 sends it for a -where with ILIKE: CASEI on both sides
    if (this.isKeyword('ILIKE')) {
      const at = this.next();
      const pattern = this.scalar();
      return { kind: 'like', negated, value: { kind: 'casei', arg: value, pos: value.pos }, pattern: { kind: 'casei', arg: pattern, pos: at.pos }, pos: value.pos };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.scalar();
      this.expectKeyword('AND');
      return { kind: 'between', negated, value, low, high: this.scalar(), pos: value.pos };
    }
    if (this.acceptKeyword('IN')) {
      this.expect('(', "'(' after IN");
      const list = [this.scalar()];
      while (this.peek().kind === ',') {
        this.next();
        list.push(this.scalar());
      }
      this.expect(')', "',' or ')'");
      return { kind: 'in', negated, value, list, pos: value.pos };
    }
    return undefined;
  }

  // --- scalars

  private scalar(): Scalar {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, pos: t.pos };
      case 'number':
        return { kind: 'number', value: numberValue(t), text: t.text, pos: t.pos };
      case 'quoted':
        return { kind: 'property', name: t.text, pos: t.pos };
      case 'ident': {
        const word = t.text.toUpperCase();
        if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE', pos: t.pos };
        if (this.peek().kind === '(') {
          if (word === 'DATE' || word === 'TIMESTAMP') return this.temporal(word, t);
          if (word === 'CASEI') {
            this.next();
            const arg = this.nested(() => this.scalar(), t);
            this.expect(')', "')'");
            return { kind: 'casei', arg, pos: t.pos };
          }
          throw new Cql2Error(`unknown function ${t.text}`, t.pos);
        }
        if (KEYWORDS.has(word)) throw this.unexpected(t, 'a property name or a value');
        return { kind: 'property', name: t.text, pos: t.pos };
      }
      default:
        throw this.unexpected(t, 'a property name or a value');
    }
  }

  private temporal(word: 'DATE' | 'TIMESTAMP', at: Token): Scalar {
    this.expect('(', "'('");
    const literal = this.expect('string', `a quoted ${word === 'DATE' ? 'date' : 'timestamp'}`);
    this.expect(')', "')'");
    if (word === 'DATE') {
      if (!isIsoDate(literal.text)) throw new Cql2Error(`DATE('${literal.text}') is not a date like '2024-05-31'`, literal.pos);
      return { kind: 'date', value: literal.text, pos: at.pos };
    }
    if (!isIsoTimestamp(literal.text)) {
      throw new Cql2Error(`TIMESTAMP('${literal.text}') is not a timestamp like '2024-05-31T10:00:00Z'`, literal.pos);
    }
    return { kind: 'timestamp', value: literal.text, pos: at.pos };
  }

  // --- spatial

  private spatial(fn: SpatialFunction): Expression {
    const t = this.next();
    this.expect('(', "'('");
    const left = this.geometryOperand();
    this.expect(',', "','");
    const right = this.geometryOperand();
    this.expect(')', "')'");
    return { kind: 'spatial', fn, left, right, pos: t.pos };
  }

  private geometryOperand(): GeometryOperand {
    const t = this.peek();
    if (t.kind === 'quoted') {
      this.next();
      return { kind: 'property', name: t.text, pos: t.pos };
    }
    if (t.kind !== 'ident') throw this.unexpected(t, 'a geometry property or a geometry literal');
    const word = t.text.toUpperCase();
    const isLiteral = ['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON', 'BBOX'].includes(word);
    if (!isLiteral) {
      this.next();
      return { kind: 'property', name: t.text, pos: t.pos };
    }
    return { kind: 'geometry', geometry: this.nested(() => this.geometryLiteral(), t), pos: t.pos };
  }

  private geometryLiteral(): GeometryLiteral {
    const t = this.next();
    const word = t.text.toUpperCase();
    if (word === 'BBOX') {
      this.expect('(', "'('");
      const numbers = [this.number()];
      while (this.peek().kind === ',') {
        this.next();
        numbers.push(this.number());
      }
      this.expect(')', "')'");
      if (numbers.length !== 4 && numbers.length !== 6) throw new Cql2Error(`BBOX takes 4 or 6 numbers, not ${numbers.length}`, t.pos);
      return { type: 'BBox', coordinates: numbers };
    }
    this.acceptKeyword('Z'); // "POINT Z (…)": 3D positions, read as they come
    switch (word) {
      case 'POINT': {
        this.expect('(', "'('");
        const p = this.position();
        this.expect(')', "')'");
        return { type: 'Point', coordinates: p };
      }
      case 'LINESTRING':
        return { type: 'LineString', coordinates: this.line(t) };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: this.polygon(t) };
      case 'MULTIPOINT':
        return { type: 'MultiPoint', coordinates: this.list(() => this.multiPointMember()) };
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: this.list(() => this.line(this.peek())) };
      default:
        return { type: 'MultiPolygon', coordinates: this.list(() => this.polygon(this.peek())) };
    }
  }

  /** "(" item {"," item} ")" */
  private list<T>(item: () => T): T[] {
    this.expect('(', "'('");
    const items = [item()];
    while (this.peek().kind === ',') {
      this.next();
      items.push(item());
    }
    this.expect(')', "',' or ')'");
    return items;
  }

  private number(): number {
    return numberValue(this.expect('number', 'a number'));
  }

  /** Two or three numbers separated by spaces. */
  private position(): number[] {
    const p = [this.number(), this.number()];
    if (this.peek().kind === 'number') p.push(this.number());
    return p;
  }

  /** MULTIPOINT members may be written "(x y)" or bare "x y". */
  private multiPointMember(): number[] {
    if (this.peek().kind !== '(') return this.position();
    this.next();
    const p = this.position();
    this.expect(')', "')'");
    return p;
  }

  private line(at: Token): number[][] {
    const positions = this.list(() => this.position());
    if (positions.length < 2) throw new Cql2Error('a line needs at least 2 positions', at.pos);
    return positions;
  }

  private polygon(at: Token): number[][][] {
    return this.list(() => {
      const ring = this.list(() => this.position());
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (ring.length < 4) throw new Cql2Error('a polygon ring needs at least 4 positions', at.pos);
      if (first[0] !== last[0] || first[1] !== last[1]) throw new Cql2Error('a polygon ring must end where it starts', at.pos);
      return ring;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// RFC 3339 dates and timestamps, shared with the `datetime` parameter

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A real calendar day written YYYY-MM-DD (2024-02-30 is not). The year starts at 0001: the
 * calendar has no year 0, and PostgreSQL refuses 0000-01-01.
 */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m || +m[1] < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]); // not Date.UTC, which reads years 0-99 as 1900-1999
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * An RFC 3339 date-time with a time zone: Z, or an offset of at most ±15:59 (PostgreSQL's limit;
 * the world's zones lie within -12:00 … +14:00).
 */
export function isIsoTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m || !isIsoDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  const zone = /^[+-](\d{2}):(\d{2})$/.exec(m[8]);
  if (zone && (+zone[1] > 15 || +zone[2] > 59)) return false;
  return +m[4] < 24 && +m[5] < 60 && +m[6] < 61;
}
