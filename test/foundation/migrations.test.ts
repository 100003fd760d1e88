import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { Database } from '../../server/db/database.js';
import { migrate, MigrationError, pendingMigrations, readMigrations, type Migration } from '../../server/db/migrate.js';
import { backends } from '../support/backends.js';
import { openTestDatabase } from '../support/database.js';

const migration = (name: string, sql: string): Migration => ({ name, sql, checksum: createHash('sha256').update(sql).digest('hex') });

async function tableExists(db: Database, name: string): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0].t !== null;
}

describe.each(backends())('migrations on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('are all applied in a prepared database, and running them again changes nothing', async () => {
    expect(await pendingMigrations(db)).toEqual([]);
    const before = await db.query('SELECT name, checksum, applied_at FROM schema_migration ORDER BY name');
    expect(await migrate(db)).toEqual([]);
    const after = await db.query('SELECT name, checksum, applied_at FROM schema_migration ORDER BY name');
    expect(after.rows).toEqual(before.rows);
    expect(before.rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
  });

  it('a write bumps its collections\' versions, and versions never repeat even after the table is emptied (demo:reset)', async () => {
    const version = async () =>
      (await db.query<{ version: number }>(
        "SELECT version FROM collection_version v JOIN municipality m ON m.id = v.municipality_id WHERE m.slug = 'slovyansk' AND v.collection = 'maf'",
      )).rows[0]?.version;
    const touch = () => db.query("UPDATE registry_object SET address = address WHERE id = (SELECT min(o.id) FROM registry_object o JOIN object_type t ON t.code = o.type_code WHERE t.category = 'maf' AND o.municipality_id = (SELECT id FROM municipality WHERE slug = 'slovyansk'))");
    await touch();
    const first = await version();
    await touch();
    const second = await version();
    expect(second).toBeGreaterThan(first!);
    await db.query('DELETE FROM collection_version');
    await touch();
    expect(await version()).toBeGreaterThan(second!);
  });

  it('a failing migration leaves the database as it was, and the ones before it stay applied', async () => {
    const good = migration('9001_good.sql', 'CREATE TABLE test_good (id int);');
    const bad = migration('9002_bad.sql', 'CREATE TABLE test_half (id int);\nINSERT INTO test_half VALUES (1);\nSELECT no_such_function();');
    const all = [...readMigrations(), good, bad];
    await expect(migrate(db, { migrations: all })).rejects.toThrow(/9002_bad\.sql failed and was rolled back: .*no_such_function/);
    expect(await tableExists(db, 'test_good')).toBe(true);
    expect(await tableExists(db, 'test_half')).toBe(false);
    expect(await pendingMigrations(db, all)).toEqual(['9002_bad.sql']);
  });

  it('refuses to run when an applied migration was edited afterwards, naming the file', async () => {
    const [first, ...rest] = readMigrations();
    const edited = { ...first, checksum: createHash('sha256').update(first.sql + '\n-- edited').digest('hex') };
    const applied = [migration('9001_good.sql', 'CREATE TABLE test_good (id int);')]; // from the test above
    const error = await migrate(db, { migrations: [edited, ...rest, ...applied] }).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain(`Migration ${first.name} was edited after it was applied`);
  });

  it('refuses when an applied migration file has disappeared', async () => {
    const [, ...rest] = readMigrations();
    await expect(pendingMigrations(db, rest)).rejects.toThrow(/was applied to this database but its file is missing/);
  });
});
