import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { backends, type BackendKind } from '../support/backends.js';
import { embeddedTemplateDir, postgresTemplateName, ROOT, templateKey, withDatabase } from '../support/template.js';
import { csv, windows1251 } from './support.js';

/**
 * `npm run import -- registry …` as a department runs it: the real entry point in its own
 * process, against a copy of the prepared database (a data folder for the embedded engine, a
 * database made from the template for PostgreSQL). Exit codes: 0 done, 1 bad rows, 2 bad command.
 */

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** A database of the CLI's own, and how to look into it once the CLI has exited. */
async function target(kind: BackendKind): Promise<{ env: Record<string, string>; open: () => Promise<Database>; drop: () => Promise<void> }> {
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'pm-import-cli-'));
    cpSync(embeddedTemplateDir(templateKey()), dir, { recursive: true });
    return { env: { DATA_DIR: dir }, open: () => openEmbedded({ dataDir: dir }), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.DATABASE_URL!;
  const name = `pm_test_cli_${process.pid}_${Date.now() % 100000}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(postgresTemplateName(templateKey()))}`);
  const url = withDatabase(server, name);
  return { env: { DATABASE_URL: url }, open: () => openPostgres({ connectionString: url }), drop: () => admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`) };
}

describe.each(backends())('the import command on %s', (kind) => {
  let db: Awaited<ReturnType<typeof target>>;
  let files: string;
  const importing = (...args: string[]) => cli(['registry', '--municipality', 'slovyansk', ...args], db.env);

  beforeAll(async () => {
    db = await target(kind);
    files = mkdtempSync(join(tmpdir(), 'pm-import-files-'));
    // Bad rows among good ones: line 3 has a date that does not exist, line 4 a wrong ЄДРПОУ.
    writeFileSync(join(files, 'mixed.csv'), windows1251(csv([
      ['Обліковий номер', 'Тип', 'Власник', 'ЄДРПОУ', 'Номер дозволу', 'Чинний до', 'X', 'Y'],
      ['КЛІ-1', 'Кіоск', 'ТОВ «Преса Донбасу»', '34123457', 'К-1', '31.12.2030', '198482,24', '5414204,08'],
      ['КЛІ-2', 'Кіоск', '', '', 'К-2', '31.02.2024', '198898,44', '5414485,75'],
      ['КЛІ-3', 'Кіоск', 'ТОВ «Погане»', '34123458', 'К-3', '31.12.2030', '198014,83', '5413934,51'],
    ], ';')));
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('exits 0 on a good file and prints what it did', async () => {
    const run = await importing('--file', 'data-import/examples/objects-cp1251-6387.csv', '--crs', 'EPSG:6387');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Імпортовано \/ imported: objects-cp1251-6387\.csv → slovyansk \(windows-1251, «;», EPSG:6387\)/);
    expect(run.stdout).toMatch(/створено \/ created 4, оновлено \/ updated 0, без змін \/ unchanged 0, відхилено \/ rejected 0/);
  }, 120_000);

  it('exits 1 on bad rows, one line per problem in Ukrainian with English, and writes nothing', async () => {
    const run = await importing('--file', join(files, 'mixed.csv'), '--crs', 'EPSG:6387');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('рядок 3, поле «Чинний до», значення "31.02.2024": такої дати не існує / no such date');
    expect(lines).toContain('рядок 4, поле «ЄДРПОУ», значення "34123458": неправильна контрольна цифра коду ЄДРПОУ / wrong ЄДРПОУ check digit');
    expect(run.stdout).toMatch(/Нічого не записано \/ nothing written/);
  }, 120_000);

  it('with --dry-run exits 0 and writes nothing', async () => {
    const run = await importing('--file', 'data-import/examples/objects-utf8.csv', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Пробний прогін, нічого не записано \/ dry run, nothing written/);
    expect(run.stdout).toMatch(/створено \/ created 4/);
  }, 120_000);

  it('with --skip-invalid writes the good rows and the rejected ones to a file next to the input', async () => {
    const run = await importing('--file', join(files, 'mixed.csv'), '--crs', 'EPSG:6387', '--skip-invalid', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ written: true, rows: { created: 1, rejected: 2 }, rejectedFile: join(files, 'mixed.rejected.csv') });
    expect(existsSync(join(files, 'mixed.rejected.csv'))).toBe(true);
    expect(readFileSync(join(files, 'mixed.rejected.csv')).includes(windows1251('такої дати не існує'))).toBe(true);
  }, 120_000);

  it('exits 2 on a wrong command: no hromada, an unknown one, an unknown CRS, a missing file', async () => {
    // one after another: two processes must not open one embedded data folder at once
    const runs: Run[] = [];
    for (const args of [
      ['registry', '--file', 'x.csv'],
      ['registry', '--municipality', 'atlantis', '--file', 'data-import/examples/objects-utf8.csv'],
      ['registry', '--municipality', 'slovyansk', '--file', 'data-import/examples/objects-cp1251-6387.csv', '--crs', 'EPSG:1234567'],
      ['registry', '--municipality', 'slovyansk', '--file', join(files, 'no-such.csv')],
      ['registri'],
    ]) runs.push(await cli(args, db.env));
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[1].stderr).toMatch(/Немає громади «atlantis»/);
    expect(runs[2].stderr).toMatch(/Невідома система координат «EPSG:1234567»/);
  }, 180_000);

  it('leaves in the database what exited 0, and nothing of what did not', async () => {
    const database = await db.open();
    try {
      const { rows } = await database.query<{ external_id: string }>(
        "SELECT external_id FROM registry_object WHERE external_id LIKE 'СЛВ-АРХ-%' OR external_id LIKE 'КЛІ-%' OR external_id LIKE 'ПРИКЛ-%' ORDER BY 1",
      );
      expect(rows.map((r) => r.external_id)).toEqual(['КЛІ-1', 'СЛВ-АРХ-0101', 'СЛВ-АРХ-0102', 'СЛВ-АРХ-0103', 'СЛВ-АРХ-0104']);
    } finally {
      await database.close();
    }
  }, 120_000);
});
