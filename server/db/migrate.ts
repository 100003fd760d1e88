import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url).pathname;

export interface Migration {
  name: string; // file name, e.g. "0003_registry.sql"
  sql: string;
  checksum: string; // sha256 of the file's bytes
}

/** Numbered plain-SQL files, in order. A name must start with digits and end in .sql. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d+_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

// An arbitrary constant: the advisory lock that keeps two app instances starting together on one
// PostgreSQL from applying the same migration twice.
const MIGRATION_LOCK = 7_355_608;

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migration (
  name       text PRIMARY KEY,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface Applied { name: string; checksum: string }

async function appliedMigrations(db: Database): Promise<Map<string, string>> {
  await db.exec(LEDGER);
  const { rows } = await db.query<Applied>('SELECT name, checksum FROM schema_migration');
  return new Map(rows.map((r) => [r.name, r.checksum]));
}

/** Refuses when an applied migration's file was edited or deleted: the database would no longer match the code. */
function checkHistory(migrations: Migration[], applied: Map<string, string>): void {
  const known = new Map(migrations.map((m) => [m.name, m.checksum]));
  for (const [name, checksum] of applied) {
    const now = known.get(name);
    if (now === undefined) {
      throw new MigrationError(`Migration ${name} was applied to this database but its file is missing from migrations/.`);
    }
    if (now !== checksum) {
      throw new MigrationError(
        `Migration ${name} was edited after it was applied (checksum ${checksum.slice(0, 12)}… in the database, ` +
          `${now.slice(0, 12)}… on disk). Restore the file and add a new migration for the change.`,
      );
    }
  }
}

/** Names of migrations not yet applied (for /readyz). */
export async function pendingMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  const applied = await appliedMigrations(db);
  checkHistory(migrations, applied);
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/**
 * Applies every pending migration, each in its own transaction together with its ledger row, so a
 * failing migration leaves the database as it was. Running it twice changes nothing.
 */
export async function migrate(
  db: Database,
  { migrations = readMigrations(), onApply = (_name: string) => {} } = {},
): Promise<string[]> {
  checkHistory(migrations, await appliedMigrations(db));
  const done: string[] = [];
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rows } = await tx.query('SELECT 1 FROM schema_migration WHERE name = $1', [migration.name]);
      if (rows.length > 0) return false; // another instance applied it meanwhile
      onApply(migration.name);
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
      }
      await tx.query('INSERT INTO schema_migration (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
      return true;
    });
    if (applied) done.push(migration.name);
  }
  return done;
}
