import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openEmbedded } from '../../server/db/embedded.js';
import { ROOT, TEST_PASSWORD } from '../support/template.js';
import { startServerProcess, templateCopies, waitFor } from '../support/processes.js';

/**
 * A process holding the embedded database is killed (SIGKILL: no shutdown, no checkpoint) in the
 * middle of writes, and the folder opens again with every committed change and none of the
 * uncommitted ones (see "Durability" in server/db/embedded.ts for what this does and does not cover).
 */

const copies = templateCopies();
afterAll(() => copies.remove());

describe('killing the embedded database in the middle of writes', () => {
  it('the server: every owner an editor was told is saved is there after the restart, with its audit entry', async () => {
    const dataDir = copies.make();
    const server = await startServerProcess({ DATA_DIR: dataDir });
    const login = await fetch(`${server.url}/slovyansk/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'editor', password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const saved: { id: number; name: string }[] = [];
    let n = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const name = `Аварійний власник ${++n}`;
        try {
          const res = await fetch(`${server.url}/slovyansk/api/registry/owners`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'legal_entity', name }),
          });
          if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
          saved.push({ id: ((await res.json()) as { id: number }).id, name });
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    const writers = Promise.all([writer(), writer(), writer(), writer()]);
    await waitFor(() => saved.length >= 40, 120_000);
    killed = true;
    server.child.kill('SIGKILL'); // with three or four requests in flight
    expect(await server.exited).toBe(null);
    await writers;

    const db = await openEmbedded({ dataDir }); // takes over the dead server's lock, replays the WAL
    try {
      const ids = saved.map((s) => s.id);
      const { rows } = await db.query<{ id: number; name: string }>('SELECT id, name FROM owner WHERE id = ANY($1) ORDER BY id', [ids]);
      expect(rows).toEqual([...saved].sort((a, b) => a.id - b.id));
      const { rows: [audit] } = await db.query<{ n: number }>(
        "SELECT count(DISTINCT entity_id)::int AS n FROM audit_log WHERE entity = 'owner' AND action = 'create' AND entity_id = ANY($1)",
        [ids.map(String)],
      );
      expect(audit.n).toBe(ids.length);
    } finally {
      await db.close();
    }

    const restarted = await startServerProcess({ DATA_DIR: dataDir });
    try {
      expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
    } finally {
      restarted.child.kill('SIGTERM');
    }
    expect(await restarted.exited).toBe(0);
  }, 300_000);

  it('a writer of transactions: each committed one is whole, none is half there', async () => {
    const dataDir = copies.make();
    // 50 single-row INSERTs per transaction, so that the kill almost surely lands inside one
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      const { openEmbedded } = await import(${JSON.stringify(join(ROOT, 'server/db/embedded.ts'))});
      const db = await openEmbedded({ dataDir: process.argv[1], holder: 'the crash test writer' });
      await db.exec('CREATE TABLE crash_probe (batch int, n int, PRIMARY KEY (batch, n))');
      for (let batch = 1; ; batch++) {
        await db.transaction(async (tx) => {
          for (let n = 1; n <= 50; n++) await tx.query('INSERT INTO crash_probe VALUES ($1, $2)', [batch, n]);
        });
        process.stdout.write('committed ' + batch + '\\n');
      }`, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let committed = 0;
    child.stdout!.on('data', (d) => {
      for (const m of String(d).matchAll(/committed (\d+)/g)) committed = Math.max(committed, Number(m[1]));
    });
    await waitFor(() => committed >= 30, 120_000);
    child.kill('SIGKILL');
    await exited;

    const db = await openEmbedded({ dataDir });
    try {
      const { rows } = await db.query<{ batch: number; rows: number }>('SELECT batch, count(*)::int AS rows FROM crash_probe GROUP BY batch ORDER BY batch');
      const last = rows.at(-1)!.batch;
      expect(last).toBeGreaterThanOrEqual(committed); // a commit may land before its line is read
      expect(rows).toEqual(Array.from({ length: last }, (_, i) => ({ batch: i + 1, rows: 50 })));
      // and beyond a killed process, a power cut: commits reach the disk (PGlite's default is fsync off)
      expect((await db.query('SHOW fsync')).rows).toEqual([{ fsync: 'on' }]);
      expect((await db.query('SHOW wal_sync_method')).rows).toEqual([{ wal_sync_method: 'fsync' }]);
    } finally {
      await db.close();
    }
  }, 180_000);
});
