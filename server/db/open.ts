import type { Config } from '../config.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { DataFolderBusyError, liveHolder } from './lock.js';
import { openPostgres } from './postgres.js';

export class DatabaseOpenError extends Error {}

export { DataFolderBusyError };

export interface OpenedDatabase extends Database {
  /**
   * Says what this process is, for a second opener's refusal: "the server on port 3000". The
   * embedded database's folder lock carries it; PostgreSQL has many users at once and ignores it.
   */
  describeHolder(what: string): void;
}

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else the embedded one.
 * The embedded one's folder is held by one process at a time: a second opener gets
 * DataFolderBusyError, whose message is one line naming the holder.
 */
export async function openDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR' | 'DB_POOL_SIZE' | 'DB_STATEMENT_TIMEOUT_MS'>,
  onProgress: (message: string) => void = () => {},
  holder?: string,
): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) {
    const where = new URL(config.DATABASE_URL);
    onProgress(`Connecting to PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname} …`);
    try {
      const db = await openPostgres({
        connectionString: config.DATABASE_URL,
        max: config.DB_POOL_SIZE,
        statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      });
      return { ...db, describeHolder: () => {} };
    } catch (error) {
      throw new DatabaseOpenError(`Cannot reach PostgreSQL at ${where.hostname}:${where.port || 5432}${where.pathname}: ${(error as Error).message}`);
    }
  }
  try {
    // refused before the progress line, so that a refusal is the one line printed
    const busy = liveHolder(config.DATA_DIR);
    if (busy) throw new DataFolderBusyError(config.DATA_DIR, busy);
    onProgress(`Opening the embedded PostGIS database in ${config.DATA_DIR} (the first start unpacks PostGIS, ~15 s) …`);
    return await openEmbedded({ dataDir: config.DATA_DIR, holder });
  } catch (error) {
    if (error instanceof DataFolderBusyError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (['EACCES', 'EROFS', 'EPERM', 'ENOTDIR', 'EEXIST'].includes(e.code ?? '')) {
      throw new DatabaseOpenError(`The data folder ${config.DATA_DIR} is not writable (${e.code}); set DATA_DIR to a writable folder.`);
    }
    throw new DatabaseOpenError(`Cannot open the embedded database in ${config.DATA_DIR}: ${e.message}`);
  }
}
