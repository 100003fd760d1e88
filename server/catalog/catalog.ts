/**
 * The catalog as a value: the collections and groups one server serves. Every public face (OGC
 * API, tiles, TileJSON, /api/catalog) takes it from the AppContext rather than from a module, so
 * a deployment's own layer, or a test's throw-away one, is one more entry and a view: nothing else
 * to register. The standard catalog is CATALOG, built from collections.ts.
 */
import type { CatalogGroup } from '../rules/catalog.js';
import { COLLECTIONS, GROUPS, type Collection } from './collections.js';

export class Catalog {
  readonly collections: readonly Collection[];
  readonly groups: readonly CatalogGroup[];
  private readonly byId: Map<string, Collection>;

  /** Checked at once, as options are: a bad entry stops the server at start, not on a request. */
  constructor(collections: readonly Collection[], groups: readonly CatalogGroup[] = GROUPS) {
    const groupIds = new Set(groups.map((g) => g.id));
    for (const c of collections) {
      const where = `catalog collection ${JSON.stringify(c.id)}`;
      if (!/^[a-z][a-z_]{0,39}$/.test(c.id)) throw new Error(`${where}: an id is 1-40 lower-case letters and underscores`);
      if (!/^pub_[a-z_]+$/.test(c.view)) throw new Error(`${where}: its view must be a public pub_* view, not ${c.view}`);
      if (c.sources.length === 0) throw new Error(`${where}: name its source tables (they carry its version trigger)`);
      if (!groupIds.has(c.group)) throw new Error(`${where}: unknown group ${c.group}`);
      if (!c.properties.some((p) => p.name === c.titleProperty)) throw new Error(`${where}: titleProperty ${c.titleProperty} is not a property`);
    }
    this.collections = collections;
    this.groups = groups;
    this.byId = new Map(collections.map((c) => [c.id, c]));
    if (this.byId.size !== collections.length) throw new Error('catalog: two collections share an id');
  }

  /** The collection with this id, or undefined: the only way an id from a URL reaches SQL. */
  get(id: string): Collection | undefined {
    return this.byId.get(id);
  }

  /** This catalog and more collections (a deployment's own layer; a test's). */
  with(...extra: Collection[]): Catalog {
    return new Catalog([...this.collections, ...extra], this.groups);
  }

  /**
   * The collections whose rows come from any of these tables, in catalog order: what a write to
   * them changes. The write core marks these after a commit (markChanged), so this process's
   * tiles and ETags change at once; other processes hear the triggers' NOTIFY.
   */
  collectionsOfTables(tables: readonly string[]): string[] {
    const written = new Set(tables);
    return this.collections.filter((c) => c.sources.some((t) => written.has(t))).map((c) => c.id);
  }
}

/** The catalog of this product: collections.ts as a value. */
export const CATALOG = new Catalog(COLLECTIONS, GROUPS);

/** The standard catalog's collections of these tables (see Catalog.collectionsOfTables). */
export function collectionsOfTables(tables: readonly string[]): string[] {
  return CATALOG.collectionsOfTables(tables);
}
