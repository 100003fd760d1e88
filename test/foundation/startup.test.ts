import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedTemplateDir, ROOT, templateKey } from '../support/template.js';

/** `npm start` as a newcomer runs it: the real entry point in its own process. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const copies: string[] = [];
function copyOfTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-start-'));
  cpSync(embeddedTemplateDir(templateKey()), dir, { recursive: true });
  copies.push(dir);
  return dir;
}
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('starting the server', () => {
  it('a bad setting stops it at once with one line naming the setting', async () => {
    const p = start({ PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    expect(p.output().trim().split('\n')).toHaveLength(1);
    expect(p.output()).toMatch(/Configuration error: PORT/);
  });

  it('an unreachable PostgreSQL is one clear line and a non-zero exit', async () => {
    const p = start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/none/);
    expect(p.output()).not.toMatch(/\n\s+at /);
  });

  it('an unwritable data folder is named', async () => {
    const p = start({ DATA_DIR: '/etc/hostname/data' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toMatch(/data folder \/etc\/hostname\/data is not writable/);
  });

  it('a busy port is named, and the database is closed cleanly', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const p = start({ DATA_DIR: copyOfTemplate(), PORT: String(port) });
    expect(await p.exited).toBe(1);
    blocker.close();
    expect(p.output()).toMatch(new RegExp(`Port ${port} is already in use`));
  }, 60_000);

  it('under MEMORY_MB it starts node again with the budget\'s heap limit, says so, serves, and still stops gracefully', async () => {
    const port = await freePort();
    const p = start({ DATA_DIR: copyOfTemplate(), PORT: String(port), MEMORY_MB: '512' });
    await waitFor(() => /Ready in/.test(p.output()), 120_000);
    // the limit is the serving process's own, read from V8: 256 MB of old space and the young generation
    const limit = Number(/V8 heap limit (\d+) MB/.exec(p.output())?.[1]);
    expect(limit).toBeGreaterThanOrEqual(256);
    expect(limit).toBeLessThanOrEqual(256 + 64);
    expect(p.output()).toMatch(/Memory budget 512 MB: .* tile indexes 85 MB, uploads to import at most 16 MB/);
    expect(p.output().match(/Memory budget/g)).toHaveLength(1);
    // this is the embedded database, which alone holds about a gigabyte: the operator is told
    expect(p.output()).toMatch(/MEMORY_MB=512 is less than the embedded database alone holds .* give at least 1024, or use PostgreSQL/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // SIGTERM reaches the server through the process that started it
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toMatch(/Stopped\./);
  }, 180_000);

  it('on an empty data folder it creates the demo hromadas, serves, stops gracefully on SIGTERM, and a restart keeps the data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pm-fresh-'));
    copies.push(dataDir);
    const port = await freePort();
    const first = start({ DATA_DIR: dataDir, PORT: String(port) });
    await waitFor(() => /Ready in/.test(first.output()), 180_000);
    expect(first.output()).toMatch(/Empty database: creating the demo hromadas/);
    expect(first.output()).toContain(`http://127.0.0.1:${port}/slovyansk/`);
    expect(first.output()).toContain(`http://127.0.0.1:${port}/kryvyi-rih/`);
    const before = await fetch(`http://127.0.0.1:${port}/api/municipalities`).then((r) => r.json());
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/Stopped\./);

    const second = start({ DATA_DIR: dataDir, PORT: String(port) });
    await waitFor(() => /Ready in/.test(second.output()), 60_000);
    expect(second.output()).not.toMatch(/creating the demo/);
    expect(await fetch(`http://127.0.0.1:${port}/api/municipalities`).then((r) => r.json())).toEqual(before);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 300_000);
});
