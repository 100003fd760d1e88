/**
 * The one write path of the registry. Every writer — the editor API, the spreadsheet import, the
 * demo generator — changes registry tables inside registryWrite(), the platform's writeAndMark()
 * (server/catalog/write.ts) over the registry's tables: one transaction, then the maf and
 * advertising collections marked. row_version, updated_at and the audit row are written by the
 * core functions beside each statement (objects.ts, owners.ts, documents.ts, photos.ts; set-based
 * for the import in data-import/registry/).
 */
import type { Actor } from '../../audit/audit.js';
import type { Queryable } from '../../db/database.js';
import { writeAndMark, Written as TablesWritten, type WriteStore } from '../../catalog/write.js';

export type { Actor };

export type RegistryTable = 'registry_object' | 'owner' | 'permit' | 'payment' | 'registry_photo' | 'object_type';

export type Written = TablesWritten<RegistryTable>;
export type RegistryStore = WriteStore;

/** Runs a registry change in one transaction, then marks what it changed (only if it committed). */
export function registryWrite<T>(store: RegistryStore, actor: Actor, work: (tx: Queryable, written: Written) => Promise<T>): Promise<T> {
  return writeAndMark<RegistryTable, T>(store, actor, work);
}
