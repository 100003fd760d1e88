/**
 * Backup and restore of the embedded database's data folder.
 *
 * A backup is PGlite's own dumpDataDir() tarball (gzip), taken after a CHECKPOINT by a process
 * that holds the folder's lock: a consistent copy that opens without WAL replay, and one PGlite
 * itself can load (`loadDataDir`). It is taken with the server stopped, because the running
 * server holds the folder (lock.ts) and a backup through it would stall every request for the
 * seconds the dump takes; a stop of a few seconds is the honest price of the embedded engine.
 * Councils that cannot stop use PostgreSQL and pg_dump (README, "Running in production").
 *
 * A restore unpacks the tarball into a folder of its own and opens it before it touches the
 * current data; only then are the current folder's contents moved aside and the restored ones
 * moved in, entry by entry, inside the data folder itself (a Docker volume's mount point cannot
 * be renamed, and renames across file systems are not atomic). The old contents are deleted
 * only when every entry is in place.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openEmbedded } from './embedded.js';
import { DataFolderBusyError, liveHolder, LOCK_FILE, lockDataFolder } from './lock.js';

/** Folders a restore keeps inside the data folder while it works. */
const RESTORING = '.restoring';
const BEFORE_RESTORE = '.before-restore';

export class BackupError extends Error {}

/** `prozore-misto-2026-12-01-104205.tar.gz`: the moment in UTC, sortable, one per second. */
export function backupFileName(at = new Date()): string {
  const iso = at.toISOString(); // 2026-12-01T10:42:05.123Z
  return `prozore-misto-${iso.slice(0, 10)}-${iso.slice(11, 19).replaceAll(':', '')}.tar.gz`;
}

/**
 * Writes a backup of dataDir to `out`: a file named *.tar.gz, or a folder (made when missing) to
 * put a dated file in; returns the file's path. Throws DataFolderBusyError while another process
 * (the server) holds the folder.
 */
export async function backupDataFolder(dataDir: string, out: string, holder = 'npm run backup'): Promise<string> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) throw new BackupError(`There is no database in ${dataDir} to back up.`);
  const intoFolder = !out.endsWith('.tar.gz') || (existsSync(out) && statSync(out).isDirectory());
  const file = intoFolder ? join(out, backupFileName()) : out;
  if (existsSync(file)) throw new BackupError(`${file} already exists; name another file.`);
  const db = await openEmbedded({ dataDir, holder });
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await (await db.dump()).arrayBuffer());
  } finally {
    await db.close();
  }
  // whole or not at all: a backup cut short by a full disk must not look like a backup
  if (intoFolder) mkdirSync(out, { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
  return file;
}

export interface RestoreOptions {
  /** Replace a data folder that holds a database. */
  force?: boolean;
  holder?: string;
}

function isGzip(file: string): boolean {
  const head = readFileSync(file).subarray(0, 2);
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Replaces the database in dataDir with the one in a backup file. Refuses while another process
 * holds the folder, refuses to replace a database without force, and leaves the current data
 * untouched when the backup does not open.
 */
export async function restoreDataFolder(file: string, dataDir: string, options: RestoreOptions = {}): Promise<void> {
  const busy = existsSync(dataDir) ? liveHolder(dataDir) : null; // the first thing to say, whatever the file
  if (busy) throw new DataFolderBusyError(dataDir, busy);
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`No backup file ${file}.`);
  if (!isGzip(file)) throw new BackupError(`${file} is not a backup made by npm run backup (a .tar.gz).`);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataFolder(dataDir, options.holder ?? 'npm run restore');
  try {
    const aside = join(dataDir, BEFORE_RESTORE);
    if (existsSync(aside)) {
      throw new BackupError(`An earlier restore was interrupted and left the data it replaced in ${resolve(aside)}; ` +
        'look into it, move or delete it, then restore again.');
    }
    const current = readdirSync(dataDir).filter((name) => name !== LOCK_FILE && name !== RESTORING);
    if (current.length > 0 && !options.force) {
      throw new BackupError(`${dataDir} already holds a database; add --force to replace it with the backup ` +
        '(back it up first with npm run backup if you may want it again).');
    }

    const restoring = join(dataDir, RESTORING);
    rmSync(restoring, { recursive: true, force: true });
    try {
      const db = await openEmbedded({ dataDir: restoring, loadDataDir: new Blob([readFileSync(file)]), holder: options.holder ?? 'npm run restore' });
      try {
        await db.query('SELECT count(*) FROM municipality'); // it is one of ours, and it opens
      } finally {
        await db.close();
      }
    } catch (error) {
      rmSync(restoring, { recursive: true, force: true });
      throw new BackupError(`The backup ${file} does not open (${(error as Error).message}); ${dataDir} is unchanged.`);
    }

    mkdirSync(aside);
    const moved: string[] = [];
    try {
      for (const name of current) {
        renameSync(join(dataDir, name), join(aside, name));
        moved.push(name);
      }
      for (const name of readdirSync(restoring)) {
        if (name !== LOCK_FILE) renameSync(join(restoring, name), join(dataDir, name));
      }
    } catch (error) {
      throw new BackupError(`The restore stopped half-way (${(error as Error).message}): the data it replaced is in ` +
        `${resolve(aside)} (${moved.length} of ${current.length} entries), the backup's in ${resolve(restoring)}.`);
    }
    rmSync(restoring, { recursive: true, force: true });
    rmSync(aside, { recursive: true, force: true });
  } finally {
    lock.release();
  }
}
