import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { MunicipalityDirectory } from './municipalities/directory.js';
import type { Catalog } from './catalog/catalog.js';
import type { DatabaseDay } from './catalog/today.js';
import type { CollectionVersions } from './catalog/versions.js';

/** What every part of the server is built from; made once in main.ts (or by a test). */
export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  municipalities: MunicipalityDirectory;
  /** The collections every public face serves (server/catalog/catalog.ts). */
  catalog: Catalog;
  versions: CollectionVersions;
  /** "As of today" for every face: the database's day in Europe/Kyiv. */
  today: DatabaseDay;
}
