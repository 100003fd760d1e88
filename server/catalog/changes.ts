import type { Catalog } from './catalog.js';
import { CATALOG } from './catalog.js';
import { CollectionVersions } from './versions.js';

/**
 * After a committed write to some tables of one hromada: every collection those tables feed
 * (Catalog.collectionsOfTables) is forgotten by this process at once, so the next tile and the
 * next ETag are new. The triggers bumped the versions in the same transaction and NOTIFY the other
 * processes; this only saves this process the wait for its own NOTIFY.
 *
 * The write core of each domain calls this, once per write, with the tables it wrote.
 */
export function markChanged(
  target: CollectionVersions | { versions: CollectionVersions; catalog: Catalog },
  municipalityId: number,
  tables: readonly string[],
): string[] {
  const { versions, catalog } = target instanceof CollectionVersions ? { versions: target, catalog: CATALOG } : target;
  const collections = catalog.collectionsOfTables(tables);
  for (const collection of collections) versions.invalidate(municipalityId, collection);
  return collections;
}
