import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedTemplateDir, ROOT, templateKey } from './template.js';

/**
 * The product's entry points as their users run them, each in its own process: `npm start`
 * (server/main.ts) and the commands in server/cli/, on a data folder of the test's own.
 */

const baseEnv = () => ({ PATH: process.env.PATH!, HOME: process.env.HOME!, LOG_LEVEL: 'warn', HOST: '127.0.0.1' });

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `server/main.ts` and resolves once it says it is ready. */
export async function startServerProcess(env: Record<string, string>, readyWithinMs = 120_000): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...baseEnv(), SEED_DEMO: 'never', ...env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => gone || /Ready in/.test(text), readyWithinMs);
  if (gone) throw new Error(`the server exited instead of starting:\n${text}`);
  return { child, url: `http://127.0.0.1:${port}`, output: () => text, exited };
}

export interface CommandRun {
  code: number | null;
  stderr: string;
  stdout: string;
  ms: number;
}

/** Runs one of server/cli/*.ts as `npm run …` does (node with tsx), to its end. */
export function runCommand(script: string, args: string[], env: Record<string, string>): Promise<CommandRun> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${script}`, ...args], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

export async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Data folders copied from the prepared template; remove() deletes every one made. */
export function templateCopies(): { make(): string; remove(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'pm-proc-'));
      cpSync(embeddedTemplateDir(templateKey()), dir, { recursive: true });
      made.push(dir);
      return dir;
    },
    remove: () => made.forEach((d) => rmSync(d, { recursive: true, force: true })),
  };
}
