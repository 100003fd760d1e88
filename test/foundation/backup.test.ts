import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../../server/db/embedded.js';
import { runCommand, templateCopies } from '../support/processes.js';

/** `npm run backup` and `npm run restore` of the embedded database, as an administrator runs them. */

const copies = templateCopies();
const out = mkdtempSync(join(tmpdir(), 'pm-backups-'));
afterAll(() => {
  copies.remove();
  rmSync(out, { recursive: true, force: true });
});

const hromadas = async (dataDir: string) => {
  const db = await openEmbedded({ dataDir });
  try {
    return (await db.query<{ slug: string; name_uk: string }>('SELECT slug, name_uk FROM municipality ORDER BY slug')).rows;
  } finally {
    await db.close();
  }
};

describe('backup and restore of the embedded database', () => {
  it('a restore brings back the data of the backup and undoes what changed since', async () => {
    const dataDir = copies.make();
    const env = { DATA_DIR: dataDir };
    const before = await hromadas(dataDir);

    const backup = await runCommand('backup.ts', ['--out', out], env);
    expect(backup.code).toBe(0);
    const [file] = readdirSync(out);
    expect(file).toMatch(/^prozore-misto-\d{4}-\d{2}-\d{2}-\d{6}\.tar\.gz$/);
    expect(backup.stderr).toContain(join(out, file));

    const db = await openEmbedded({ dataDir });
    await db.query("UPDATE municipality SET name_uk = 'Змінено після копії' WHERE slug = 'slovyansk'");
    await db.close();
    expect(await hromadas(dataDir)).not.toEqual(before);

    const refused = await runCommand('restore.ts', [join(out, file)], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds a database; add --force/);
    expect((await hromadas(dataDir)).find((m) => m.slug === 'slovyansk')!.name_uk).toBe('Змінено після копії');

    const restored = await runCommand('restore.ts', [join(out, file), '--force'], env);
    expect(restored.stderr).toMatch(/^Restored /);
    expect(restored.code).toBe(0);
    expect(await hromadas(dataDir)).toEqual(before);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('.'))).toEqual([]); // nothing left aside
  }, 240_000);

  it('refuses while another process holds the folder, and a file that is not a backup leaves the data as it was', async () => {
    const dataDir = copies.make();
    const env = { DATA_DIR: dataDir };
    const holder = await openEmbedded({ dataDir, holder: 'the server on port 3999' });
    try {
      for (const [script, args] of [['backup.ts', ['--out', out]], ['restore.ts', [ROOT_FILE, '--force']]] as const) {
        const run = await runCommand(script, [...args], env);
        expect({ script, code: run.code, lines: run.stderr.trim().split('\n').length }).toEqual({ script, code: 1, lines: 1 });
        expect(run.stderr).toContain(`in use by the server on port 3999 (pid ${process.pid}`);
      }
    } finally {
      await holder.close();
    }
    const notABackup = await runCommand('restore.ts', [ROOT_FILE, '--force'], env);
    expect(notABackup.code).toBe(1);
    expect(notABackup.stderr).toMatch(/is not a backup made by npm run backup/);
    expect(await hromadas(dataDir)).toHaveLength(2);
  }, 120_000);

  it('on PostgreSQL it names the pg_dump command instead', async () => {
    const run = await runCommand('backup.ts', [], { DATABASE_URL: 'postgres://council@db.example:5432/prozore' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pg_dump --format=custom --file=prozore-misto-\d{4}-\d{2}-\d{2}-\d{6}\.dump "\$DATABASE_URL"/);
  });
});

const ROOT_FILE = new URL('../../package.json', import.meta.url).pathname;
