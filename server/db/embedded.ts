import { mkdirSync, accessSync, constants } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { lockDataFolder } from './lock.js';
import { DAY_ZONE, parseDate, parseInt8, parseNumeric, TYPE_OID, type Database, type Queryable } from './database.js';

export interface EmbeddedOptions {
  /** Folder that keeps the database between runs; undefined keeps it in memory. */
  dataDir?: string;
  /** A tarball from dumpDataDir() to start from (a restore; a folder given must then be empty). */
  loadDataDir?: Blob;
  /** Who opens the folder, in words, for the refusal a second opener prints (see lock.ts). */
  holder?: string;
}

export interface EmbeddedDatabase extends Database {
  /** The whole data folder as a tarball (gzip), at a checkpoint. */
  dump(): Promise<Blob>;
  /** Updates what the folder's lock says about us (the server once it knows its port). */
  describeHolder(what: string): void;
}

const parsers = {
  [TYPE_OID.int8]: parseInt8,
  [TYPE_OID.numeric]: parseNumeric,
  // PGlite would turn a date into a JS Date at UTC midnight; a date is a calendar day, kept as text.
  [TYPE_OID.date]: parseDate,
};

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<Row>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/**
 * Opens the embedded PGlite+PostGIS database. The first open of a new folder unpacks PostGIS (~15 s).
 * A folder is held by one process at a time: a second opener gets DataFolderBusyError (lock.ts).
 *
 * Durability: every write PGlite makes is a write(2) of its own into the folder (emscripten's
 * NODEFS, no in-process cache), and a commit returns only after its WAL record is written, so a
 * process that is killed (SIGKILL, a crash, the OOM killer) loses no committed transaction: the
 * next open replays the WAL (test/foundation/embedded-crash.test.ts). PGlite does not fsync
 * (it starts PostgreSQL with -F, and NODEFS has no fsync), so a power cut or a kernel crash can
 * lose the last seconds the operating system had not yet written to disk; take backups, or use
 * PostgreSQL where that matters.
 */
export async function openEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  let lock: ReturnType<typeof lockDataFolder> | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    accessSync(options.dataDir, constants.W_OK);
    lock = lockDataFolder(options.dataDir, options.holder);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      extensions: { postgis, pg_trgm },
      parsers,
    });
    // a tarball brings the lock file of whoever dumped it: say again that the folder is ours
    if (options.loadDataDir) lock?.describe();
    await pg.exec(`SET TimeZone = '${DAY_ZONE}'`); // one connection: the setting holds for all
  } catch (error) {
    lock?.release();
    throw error;
  }
  const base = wrap(pg);
  return {
    kind: 'embedded',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onNotify) {
      const unlisten = await pg.listen(channel, onNotify);
      return async () => unlisten();
    },
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
    async dump() {
      // a checkpoint first, so the copy needs no WAL replay to open
      await pg.exec('CHECKPOINT');
      return (await pg.dumpDataDir('gzip')) as Blob;
    },
    describeHolder: (what) => lock?.describe(what),
  };
}
