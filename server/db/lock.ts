/**
 * The embedded database's data folder belongs to one process at a time. PGlite is PostgreSQL
 * compiled into this process, in single-user mode: two processes on one folder are two
 * PostgreSQL servers writing the same WAL with no shared memory between them. That is how
 * `npm run user:add` next to a running server once left a folder that never started again
 * ("xlog flush request … is not satisfied") and once wrote a user the server did not see.
 * PostgreSQL's own postmaster.pid cannot guard it: inside WebAssembly every PGlite has the same
 * made-up pid.
 *
 * So whoever opens a folder first writes `prozore-misto.lock` into it, created with O_EXCL (only
 * one creator can win), holding who it is: pid, what it is ("the server on port 3000",
 * "npm run user:add"), since when, and which boot of which process. A second opener reads that
 * and refuses with one line that names the holder.
 *
 * Why a pid file and not proper-lockfile: proper-lockfile decides staleness by an mtime it keeps
 * touching, so it cannot say who holds the lock, and a process paused for longer than its
 * timeout (a laptop lid, a debugger) loses a lock it still holds. A pid file says exactly who,
 * and staleness is a fact we can check: the holder is gone when its pid is not alive, or is alive
 * but started at another time (pid reused), or the lock was written on another boot. A crashed
 * holder's lock is therefore taken over by the next opener without anyone deleting files by hand.
 * What it cannot see is a holder on another machine sharing the folder over a network file
 * system; the embedded database is not meant for that (use PostgreSQL).
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'prozore-misto.lock';

/** What the lock file says about its holder. */
export interface LockHolder {
  pid: number;
  /** In words, for the message a second opener prints: "the server on port 3000", "npm run user:add". */
  what: string;
  since: string;
  /** Linux's boot id; a lock from another boot is stale whatever its pid says. */
  boot: string | null;
  /** The process's start time in clock ticks since boot (Linux): tells a reused pid from its holder. */
  started: string | null;
}

/** The folder is held by a live process: the error's message is the one line to print. */
export class DataFolderBusyError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder, todo = 'stop it first') {
    super(DataFolderBusyError.line(dataDir, holder, todo));
  }

  /** The same refusal with advice of the caller's own ("stop it, add the user, start it again"). */
  advising(todo: string): string {
    return DataFolderBusyError.line(this.dataDir, this.holder, todo);
  }

  static line(dataDir: string, holder: LockHolder, todo: string): string {
    const since = holder.since.slice(0, 16).replace('T', ' ');
    return `Папка даних ${dataDir} зайнята (pid ${holder.pid}, ${holder.what}, з ${since} UTC). / ` +
      `The data folder ${dataDir} is in use by ${holder.what} (pid ${holder.pid}, since ${since} UTC): ${todo}.`;
  }
}

export interface DataFolderLock {
  readonly path: string;
  /**
   * Says what this process is once it knows (the server learns its port only after listening);
   * without an argument, writes the lock again as it was (after something overwrote the file).
   */
  describe(what?: string): void;
  /** Removes the lock file; safe to call twice. */
  release(): void;
}

/** Folders this process holds: a lock naming our own pid but absent here is from a previous life. */
const heldHere = new Set<string>();

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // field 22, counted after the command name, which is in parentheses and may hold spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to someone else
  }
}

/** Whether the holder written in a lock file still runs (see the header for the reasoning). */
export function holderIsAlive(holder: LockHolder, path: string): boolean {
  const boot = bootId();
  if (holder.boot && boot && holder.boot !== boot) return false;
  if (holder.pid === process.pid) return heldHere.has(path);
  if (!alive(holder.pid)) return false;
  const started = startTime(holder.pid);
  return !(holder.started && started && holder.started !== started);
}

function readHolder(path: string): LockHolder | null | 'absent' {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return 'absent'; // no folder, no lock
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null; // being written this instant, or cut short by a crash
  }
}

/**
 * Who holds the folder now, if a live process does; null when it is free (or its lock is stale).
 * Only for a better message before opening: the opener's own lock is what protects the folder.
 */
export function liveHolder(dataDir: string): LockHolder | null {
  const path = join(resolve(dataDir), LOCK_FILE);
  const found = readHolder(path);
  return found && found !== 'absent' && holderIsAlive(found, path) ? found : null;
}

function describeSelf(): string {
  const script = process.env.npm_lifecycle_event;
  if (script === 'start') return 'the server (npm start)';
  if (script) return `npm run ${script}`;
  const entry = process.argv[1]?.split(/[\\/]/).slice(-2).join('/');
  return entry ? `the command ${entry}` : 'another program';
}

/** A file written whole or not at all, so a reader never sees half of it. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Takes the folder's lock or throws DataFolderBusyError naming the live holder. A stale lock
 * (dead holder, reused pid, earlier boot, a file a crash left empty) is taken over.
 */
export function lockDataFolder(dataDir: string, what = describeSelf()): DataFolderLock {
  const path = join(resolve(dataDir), LOCK_FILE);
  const since = new Date().toISOString();
  const holder = (): LockHolder => ({ pid: process.pid, what, since, boot: bootId(), started: startTime(process.pid) });
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, JSON.stringify(holder()));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = readHolder(path);
    if (found === 'absent') continue; // released between our two looks
    if (found && holderIsAlive(found, path)) throw new DataFolderBusyError(dataDir, found);
    // An unreadable lock is either being written right now (give its writer a moment) or was cut
    // short by a crash (old): only the second is ours to take.
    if (attempt > 100) throw new Error(`Cannot take the lock ${path}: it keeps changing.`);
    if (!found && Date.now() - mtimeOf(path) < 2000) sleep(100);
    else takeOver(path, found);
  }
  heldHere.add(path);
  let released = false;
  return {
    path,
    describe(description = what) {
      what = description;
      if (!released) writeWhole(path, JSON.stringify(holder()));
    },
    release() {
      if (released) return;
      released = true;
      heldHere.delete(path);
      try {
        unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const sameHolder = (a: LockHolder | null, b: LockHolder | null) =>
  a === null || b === null ? a === b : a.pid === b.pid && a.since === b.since;

/**
 * Removes a stale lock so that the next O_EXCL create can win. Two openers may find the same stale
 * lock at once, and the slower must not delete the fresh lock the faster has just written: so the
 * removal happens under a second O_EXCL file, after looking again that the lock is still the stale
 * one we judged.
 */
function takeOver(path: string, stale: LockHolder | null): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // another opener is taking over; a guard older than seconds was left by a crash mid-takeover
    if (Date.now() - mtimeOf(guard) > 5000) rmSync(guard, { force: true });
    else sleep(50);
    return;
  }
  try {
    const now = readHolder(path);
    if (now !== 'absent' && sameHolder(now, stale) && (now !== null || Date.now() - mtimeOf(path) >= 2000)) unlinkSync(path);
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}
