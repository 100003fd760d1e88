import { mkdirSync, accessSync, constants, fsyncSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
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
 * Durability. Every write PGlite makes is a write(2) of its own into the folder (emscripten's
 * NODEFS keeps no cache), and a commit returns once its WAL record is written: a process that is
 * killed (SIGKILL, a crash, the OOM killer) loses no committed transaction, the next open replays
 * the WAL (test/foundation/embedded-crash.test.ts). What PGlite does not do by itself is fsync: it
 * starts PostgreSQL with -F (fsync off), its fdatasync is a no-op and NODEFS has no fsync, so a
 * power cut or a kernel crash could lose the commits of the last seconds, or tear a data page
 * being written. So we start it with fsync on, WAL synced by fsync (the one call that reaches
 * the file system here), and give NODEFS the fsync it lacks. Cost, measured on the 2-core
 * development machine (ext4 on a virtual disk), 200 single-row commits on a copy of the test
 * database: 3.4-3.7 ms a commit without, 3.9-5.4 ms with; imports and seeding commit once, so
 * they hardly notice.
 */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const giveNodefsFsync = (mod: { FS: { filesystems: Record<string, { stream_ops: Record<string, unknown> }> } }) => {
      // a directory's stream has no file descriptor (nfd): PostgreSQL's fsync of a directory is then a no-op, as before
      mod.FS.filesystems.NODEFS.stream_ops.fsync = (stream: { nfd?: number }) => {
        if (stream.nfd !== undefined) fsyncSync(stream.nfd);
        return 0;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), giveNodefsFsync as never] } };
  }
}

const durableStartParams = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c', 'fsync=on', '-c', 'wal_sync_method=fsync',
];

/**
 * Opens the embedded PGlite+PostGIS database. The first open of a new folder unpacks PostGIS (~15 s).
 * A folder is held by one process at a time: a second opener gets DataFolderBusyError (lock.ts).
 * Commits are durable (see DurableNodeFS above).
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
      ...(options.dataDir ? { fs: new DurableNodeFS(options.dataDir), startParams: durableStartParams } : {}),
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
