/**
 * The write path every domain core runs its changes through: one transaction, the tables written
 * noted as it goes, and once it commits, the collections those tables feed (the catalog's
 * sources) marked changed in this process — others hear the triggers' NOTIFY. A core's own
 * functions bump row_version, stamp updated_at and audit beside each statement.
 */
import type { Actor } from '../audit/audit.js';
import type { Database, Queryable } from '../db/database.js';
import type { Catalog } from './catalog.js';
import { markChanged } from './changes.js';
import type { CollectionVersions } from './versions.js';

/** The tables a write touched, collected inside its transaction. */
export class Written<T extends string = string> {
  readonly tables = new Set<T>();

  wrote(...tables: T[]): void {
    for (const t of tables) this.tables.add(t);
  }
}

export interface WriteStore {
  db: Database;
  /** This process's versions; absent in a command-line process, whose writes the server hears by NOTIFY. */
  versions?: CollectionVersions;
  /** Which collections each table feeds; absent: the built-in catalog. */
  catalog?: Catalog;
}

/** Runs a change in one transaction, then marks what it changed (only if it committed). */
export async function writeAndMark<T extends string, R>(store: WriteStore, actor: Actor, work: (tx: Queryable, written: Written<T>) => Promise<R>): Promise<R> {
  const written = new Written<T>();
  const result = await store.db.transaction((tx) => work(tx, written));
  if (written.tables.size > 0 && store.versions) {
    const target = store.catalog ? { versions: store.versions, catalog: store.catalog } : store.versions;
    markChanged(target, actor.municipalityId, [...written.tables]);
  }
  return result;
}
