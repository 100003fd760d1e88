import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import type { BackendKind } from './backends.js';
import { embeddedTemplateDir, postgresTemplateName, templateKey, withDatabase } from './template.js';

let counter = 0;

/**
 * A database of its own for one test file: a copy of the prepared template (migrated, demo data,
 * test accounts). Embedded: a copied data folder (~3 s to open). PostgreSQL: CREATE DATABASE …
 * TEMPLATE (well under a second). close() removes it.
 */
export async function openTestDatabase(kind: BackendKind): Promise<Database> {
  const key = templateKey();
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'pm-test-'));
    cpSync(embeddedTemplateDir(key), dir, { recursive: true });
    const db = await openEmbedded({ dataDir: dir });
    return { ...db, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const url = process.env.DATABASE_URL!;
  const name = `pm_test_${process.pid}_${++counter}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(postgresTemplateName(key))}`);
  await admin.end();
  const db = await openPostgres({ connectionString: withDatabase(url, name) });
  return {
    ...db,
    close: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await a.end();
    },
  };
}
