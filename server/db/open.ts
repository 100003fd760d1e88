import type { Config } from '../config.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { openPostgres } from './postgres.js';

export class DatabaseOpenError extends Error {}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else the embedded one. */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE' | 'DB_STATEMENT_TIMEOUT_MS'>,
  onProgress: (message: string) => void = () => {},
): Promise<Database> {
  if (config.DATABASE_URL) {
    const where = new URL(config.DATABASE_URL);
    onProgress(`Connecting to PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname} …`);
    try {
      return await openPostgres({
        connectionString: config.DATABASE_URL,
        max: config.DB_POOL_SIZE,
        statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      });
    } catch (error) {
      throw new DatabaseOpenError(`Cannot reach PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}: ${(error as Error).message}`);
    }
  }
  onProgress(`Opening the embedded PostGIS database in ${config.DATA_DIR} (the first start unpacks PostGIS, ~15 s) …`);
  try {
    return await openEmbedded({ dataDir: config.DATA_DIR });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (['EACCES', 'EROFS', 'EPERM', 'ENOTDIR', 'EEXIST'].includes(e.code ?? '')) {
      throw new DatabaseOpenError(`The data folder ${config.DATA_DIR} is not writable (${e.code}); set DATA_DIR to a writable folder.`);
    }
    throw new DatabaseOpenError(`Cannot open the embedded database in ${config.DATA_DIR}: ${e.message}`);
  }
}
