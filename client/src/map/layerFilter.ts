/**
 * Which features of a layer are drawn: per collection, per property, the values a feature must
 * have one of ("advertising whose legality is expired or no_permit", "facilities that are
 * pharmacies"). Different properties of one collection must all match; values of one property are
 * alternatives. A collection without a filter shows everything.
 *
 * It travels in the URL hash (permalink.ts), readable and short:
 *
 *   &filter=advertising.legality:expired|no_permit,facilities.category:pharmacy,facilities.ramp:true
 *           collection  property  values ('|': or)     (',': the next condition)
 *
 * Only the catalog's collections and their tile properties are taken from a URL; anything else is
 * dropped, so a link cannot make the style function read what the tiles do not carry. Booleans are
 * `true`/`false`, as the tiles carry them; values are the catalog's codes, which hold none of the
 * separators (the URL encodes anything else, permalink.ts). The same filter hides features on the map (the style
 * function draws nothing for them, so they cannot be clicked either) and in the text list.
 *
 * Clusters (below a collection's clusterBelowZoom) are groups of every feature of the layer: the
 * tile does not say which values a group holds, so a group stays drawn and the legend says to zoom
 * in for the filtered features.
 */
import type { CatalogCollection, CatalogDocument } from '../catalog.js';

/** Property → the values a feature may have. */
export type PropertyFilter = ReadonlyMap<string, readonly string[]>;

const CONDITION_SEPARATOR = ',';
const VALUE_SEPARATOR = '|';

/** A feature's value as the filter compares it: booleans and numbers by their text, nothing as ''. */
export const filterValue = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export class LayerFilters {
  private readonly byCollection = new Map<string, Map<string, string[]>>();
  private readonly listeners: ((collectionIds: string[]) => void)[] = [];

  constructor(private readonly catalog: CatalogDocument) {}

  /** The filter of one collection, or undefined when it shows everything. */
  of(collectionId: string): PropertyFilter | undefined {
    return this.byCollection.get(collectionId);
  }

  /** The values one property is limited to, or undefined. */
  values(collectionId: string, property: string): readonly string[] | undefined {
    return this.byCollection.get(collectionId)?.get(property);
  }

  isFiltered(collectionId: string): boolean {
    return this.byCollection.has(collectionId);
  }

  /** Limits a property to `values`; null (or every value of a closed list) removes the limit. */
  set(collectionId: string, property: string, values: readonly string[] | null): void {
    if (!this.accepts(collectionId, property)) return;
    const next = values === null || this.coversAll(collectionId, property, values) ? null : [...new Set(values)];
    const current = this.byCollection.get(collectionId);
    const before = current?.get(property);
    if (sameValues(before, next)) return;
    if (next) {
      if (current) current.set(property, next);
      else this.byCollection.set(collectionId, new Map([[property, next]]));
    } else if (current) {
      current.delete(property);
      if (current.size === 0) this.byCollection.delete(collectionId);
    }
    this.emit([collectionId]);
  }

  /** Replaces every filter with what a URL says (unknown collections and properties dropped). */
  replaceWith(param: string | null | undefined): void {
    const parsed = parseFilterParam(param ?? '', (c, p) => this.accepts(c, p));
    const changed = new Set([...this.byCollection.keys(), ...parsed.keys()]);
    const same = [...changed].every((id) => sameFilter(this.byCollection.get(id), parsed.get(id)));
    if (same) return;
    this.byCollection.clear();
    for (const [id, filter] of parsed) this.byCollection.set(id, filter);
    this.emit([...changed]);
  }

  /** Does a feature of the collection pass? `get` reads one of its properties. */
  matches(collectionId: string, get: (property: string) => unknown): boolean {
    const filter = this.byCollection.get(collectionId);
    if (!filter) return true;
    for (const [property, values] of filter) {
      if (!values.includes(filterValue(get(property)))) return false;
    }
    return true;
  }

  /** The URL form, or null without any filter. */
  toParam(): string | null {
    const conditions: string[] = [];
    for (const [collectionId, filter] of this.byCollection) {
      for (const [property, values] of filter) {
        conditions.push(`${collectionId}.${property}:${values.join(VALUE_SEPARATOR)}`);
      }
    }
    return conditions.length ? conditions.join(CONDITION_SEPARATOR) : null;
  }

  /** Told of the collections whose filter changed. */
  onChange(listener: (collectionIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  private emit(collectionIds: string[]): void {
    for (const listener of this.listeners) listener(collectionIds);
  }

  private accepts(collectionId: string, property: string): boolean {
    const collection = this.catalog.collections.find((c) => c.id === collectionId);
    return Boolean(collection?.properties.some((p) => p.name === property && p.inTiles));
  }

  private coversAll(collectionId: string, property: string, values: readonly string[]): boolean {
    const all = closedValues(this.catalog.collections.find((c) => c.id === collectionId), property);
    return all !== null && all.every((v) => values.includes(v));
  }
}

/** Every value a property can take, when the catalog closes the list (an enum or a boolean). */
export function closedValues(collection: CatalogCollection | undefined, property: string): string[] | null {
  const p = collection?.properties.find((q) => q.name === property);
  if (!p) return null;
  if (p.values) return p.values.map((v) => v.value);
  return p.type === 'boolean' ? ['true', 'false'] : null;
}

/** Reads the URL form; `accepts` says which collection.property pairs exist. */
export function parseFilterParam(param: string, accepts: (collectionId: string, property: string) => boolean): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const condition of param.split(CONDITION_SEPARATOR)) {
    const colon = condition.indexOf(':');
    const dot = condition.indexOf('.');
    if (dot <= 0 || colon <= dot + 1) continue;
    const collectionId = condition.slice(0, dot);
    const property = condition.slice(dot + 1, colon);
    if (!accepts(collectionId, property)) continue;
    const values = condition.slice(colon + 1).split(VALUE_SEPARATOR).filter((v) => v !== '');
    if (!values.length) continue;
    let filter = out.get(collectionId);
    if (!filter) out.set(collectionId, (filter = new Map()));
    filter.set(property, [...new Set([...(filter.get(property) ?? []), ...values])]);
  }
  return out;
}

function sameValues(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.length === b.length && a.every((v) => b.includes(v));
}

function sameFilter(a: PropertyFilter | undefined, b: PropertyFilter | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.size === b.size && [...a].every(([p, v]) => sameValues(v, b.get(p)));
}
