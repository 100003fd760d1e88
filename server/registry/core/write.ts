/**
 * The one write path of the registry. Every writer — the editor API, the spreadsheet import, the
 * demo generator — changes registry tables inside registryWrite(): one transaction, the tables it
 * wrote noted as it goes, and once it commits, the collections built from those tables are marked
 * changed in this process (others hear the triggers' NOTIFY). row_version, updated_at and the
 * audit row are written by the core functions beside each statement (objects.ts, owners.ts,
 * documents.ts, photos.ts; set-based for the import in data-import/registry/).
 */
import type { CollectionVersions } from '../../catalog/versions.js';
import type { Database, Queryable } from '../../db/database.js';
import type { Catalog } from '../../catalog/catalog.js';
import { markChanged } from '../../catalog/changes.js';

import type { Actor } from '../../audit/audit.js';

export type { Actor };

export type RegistryTable = 'registry_object' | 'owner' | 'permit' | 'payment' | 'registry_photo' | 'object_type';

/** The tables a write touched, collected inside its transaction. */
export class Written {
  readonly tables = new Set<RegistryTable>();

  wrote(...tables: RegistryTable[]): void {
    for (const t of tables) this.tables.add(t);
  }
}

export interface RegistryStore {
  db: Database;
  /** This process's versions; absent in a command-line process, whose writes the server hears by NOTIFY. */
  versions?: CollectionVersions;
  /** Which collections each table feeds; absent: the built-in catalog. */
  catalog?: Catalog;
}

/** Runs a registry change in one transaction, then marks what it changed (only if it committed). */
export async function registryWrite<T>(store: RegistryStore, actor: Actor, work: (tx: Queryable, written: Written) => Promise<T>): Promise<T> {
  const written = new Written();
  const result = await store.db.transaction((tx) => work(tx, written));
  if (written.tables.size > 0 && store.versions) {
    const target = store.catalog ? { versions: store.versions, catalog: store.catalog } : store.versions;
    markChanged(target, actor.municipalityId, [...written.tables]);
  }
  return result;
}
