import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../../server/db/embedded.js';
import { DataFolderBusyError, LOCK_FILE, lockDataFolder } from '../../server/db/lock.js';
import { ROOT } from '../support/template.js';
import { runCommand, startServerProcess, templateCopies } from '../support/processes.js';

/**
 * The embedded database's data folder belongs to one process at a time (server/db/lock.ts):
 * a second opener is refused at once with one line naming the holder, and a crashed holder's
 * lock does not keep the folder shut.
 */

const copies = templateCopies();
const empties: string[] = [];
afterAll(() => {
  copies.remove();
  empties.forEach((d) => rmSync(d, { recursive: true, force: true }));
});
function emptyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-lock-'));
  empties.push(dir);
  return dir;
}

/** Another process that takes the folder's lock and keeps it until killed. */
async function holderProcess(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    `const m = await import(${JSON.stringify(join(ROOT, 'server/db/lock.ts'))});
     m.lockDataFolder(process.argv[1], 'the test holder'); console.log('locked'); setInterval(() => {}, 1000);`, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await new Promise<void>((resolve) => child.stdout!.on('data', (d) => String(d).includes('locked') && resolve()));
  return { child, exited };
}

function refusal(dir: string): DataFolderBusyError {
  try {
    lockDataFolder(dir).release();
  } catch (error) {
    if (error instanceof DataFolderBusyError) return error;
    throw error;
  }
  throw new Error('the folder was not refused');
}

const currentBoot = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

describe('the data folder lock', () => {
  it('refuses a second opener, naming the live holder; once the holder is killed, its lock is taken over', async () => {
    const dir = emptyFolder();
    const holder = await holderProcess(dir);
    try {
      const error = refusal(dir);
      expect(error.holder.pid).toBe(holder.child.pid);
      expect(error.message).toContain(`in use by the test holder (pid ${holder.child.pid}`);
      expect(error.message.split('\n')).toHaveLength(1);
    } finally {
      holder.child.kill('SIGKILL');
      await holder.exited;
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // a kill leaves the file behind …
    const lock = lockDataFolder(dir, 'the next opener'); // … and the next opener takes it over
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, what: 'the next opener' });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 30_000);

  it('takes over a lock whose pid is alive but is another process: written on another boot, or before the pid was reused', () => {
    const alivePid = process.ppid;
    for (const stale of [
      { pid: alivePid, what: 'a server before the reboot', since: '2026-01-01T00:00:00Z', boot: 'another-boot', started: null },
      { pid: alivePid, what: 'a server whose pid was reused', since: '2026-01-01T00:00:00Z', boot: currentBoot(), started: '1' },
    ]) {
      const dir = emptyFolder();
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify(stale));
      lockDataFolder(dir, 'the test').release();
    }
  });

  it('takes over a lock file a crash cut short, but not one that is being written this moment', () => {
    const dir = emptyFolder();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    lockDataFolder(dir).release();

    writeFileSync(join(dir, LOCK_FILE), '{"pid":'); // fresh: its writer gets ~2 s, then it is stale too
    const started = Date.now();
    lockDataFolder(dir).release();
    expect(Date.now() - started).toBeGreaterThan(1500);
  });

  it('holds within one process too: the same folder cannot be opened twice, and close() releases it', async () => {
    const dir = copies.make();
    const db = await openEmbedded({ dataDir: dir, holder: 'the first opener' });
    try {
      await expect(openEmbedded({ dataDir: dir })).rejects.toThrow(`in use by the first opener (pid ${process.pid}`);
      expect((await db.query('SELECT count(*)::int AS n FROM municipality')).rows[0]).toEqual({ n: 2 });
    } finally {
      await db.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openEmbedded({ dataDir: dir });
    await again.close();
  }, 90_000);
});

describe('commands while the server runs on the embedded database', () => {
  it('are refused at once with one line naming the server, which keeps serving; after a stop the user is added and signs in', async () => {
    const dataDir = copies.make();
    const env = { DATA_DIR: dataDir };
    const server = await startServerProcess(env);
    const port = new URL(server.url).port;
    const password = 'a long passphrase for olena';
    try {
      const add = await runCommand('user-add.ts', ['--municipality', 'slovyansk', '--login', 'olena', '--name', 'Олена Коваль', '--roles', 'registry_editor'],
        { ...env, PM_PASSWORD: password });
      expect(add.code).toBe(1);
      expect(add.stderr.trim().split('\n')).toHaveLength(1);
      expect(add.stderr).toContain(`is in use by the server on port ${port} (pid ${server.child.pid}`);
      expect(add.stderr).toMatch(/stop it, add the user, then start it again/);
      expect(add.ms).toBeLessThan(15_000); // refused before PostGIS is unpacked, not after

      for (const [script, args, advice] of [
        ['migrate.ts', [], /restart it instead/],
        ['demo-reset.ts', [], /stop it first/],
        ['import.ts', ['registry', '--municipality', 'slovyansk', '--file', join(ROOT, 'package.json')], /upload the file on the map instead/],
        ['backup.ts', [], /stop it, run npm run backup/],
      ] as const) {
        const run = await runCommand(script, [...args], env);
        expect({ script, code: run.code, lines: run.stderr.trim().split('\n').length }).toEqual({ script, code: 1, lines: 1 });
        expect(run.stderr).toContain(`the server on port ${port} (pid ${server.child.pid}`);
        expect(run.stderr).toMatch(advice);
      }

      // and it is still the one working server on the folder
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(await fetch(`${server.url}/api/municipalities`).then((r) => r.json())).toHaveLength(2);
      const second = await startSecondServer(env);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`the server on port ${port} (pid ${server.child.pid}`);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const add = await runCommand('user-add.ts', ['--municipality', 'slovyansk', '--login', 'olena', '--name', 'Олена Коваль', '--roles', 'registry_editor'],
      { ...env, PM_PASSWORD: password });
    expect(add.stderr).toMatch(/User olena \(id \d+\) added to slovyansk/);
    expect(add.code).toBe(0);

    const restarted = await startServerProcess(env);
    try {
      const login = await fetch(`${restarted.url}/slovyansk/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'olena', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      restarted.child.kill('SIGTERM');
    }
    expect(await restarted.exited).toBe(0);
  }, 300_000);
});

/** A second `npm start` on the same folder: it must stop at once, not open the folder. */
async function startSecondServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output };
}
