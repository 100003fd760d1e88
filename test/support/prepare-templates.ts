import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { createUser } from '../../server/auth/users.js';
import { seedDemo } from '../../data-import/demo/index.js';
import type { Role } from '../../server/auth/sessions.js';
import { backends } from './backends.js';
import { CACHE_DIR, embeddedTemplateDir, postgresTemplateName, templateKey, TEST_PASSWORD, TEST_USERS, withDatabase } from './template.js';

/** Migrates, seeds the demo hromadas and adds the test accounts. */
async function prepare(db: Database): Promise<void> {
  await migrate(db);
  await seedDemo(db, { seed: 1 });
  await db.exec('ANALYZE'); // as the server does at start (PGlite has no autovacuum)
  for (const slug of ['slovyansk', 'kryvyi-rih']) {
    const { rows } = await db.query<{ id: number }>(
      'SELECT d.id FROM deputy d JOIN municipality m ON m.id = d.municipality_id WHERE m.slug = $1 AND d.district_id IS NOT NULL ORDER BY d.id LIMIT 1',
      [slug],
    );
    for (const user of TEST_USERS) {
      await createUser(db, {
        municipalitySlug: slug, login: user.login, displayName: `Тест ${user.login}`, password: TEST_PASSWORD,
        roles: [...user.roles] as Role[], deputyId: (user.roles as readonly string[]).includes('deputy') ? rows[0].id : null,
      });
    }
  }
}

async function prepareEmbedded(key: string): Promise<void> {
  const dir = embeddedTemplateDir(key);
  if (existsSync(dir)) return;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Templates of other days or other code; spare recent ones, another run may be copying them.
  for (const old of readdirSync(CACHE_DIR)) {
    const path = join(CACHE_DIR, old);
    if (old.startsWith('embedded-') && Date.now() - statSync(path).mtimeMs > 2 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
  const building = `${dir}.building-${process.pid}`;
  const db = await openEmbedded({ dataDir: building });
  try {
    await prepare(db);
  } finally {
    await db.close();
  }
  // appears whole or not at all; a concurrent run may have finished the same template first
  if (existsSync(dir)) rmSync(building, { recursive: true, force: true });
  else renameSync(building, dir);
}

async function preparePostgres(key: string, url: string): Promise<void> {
  const name = postgresTemplateName(key);
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', ['pm_template_%']);
    if (rows.some((r) => r.datname === name)) return;
    // Templates of other days or other code, older than two hours (as for the embedded ones: a
    // concurrent run of other code, a helper's worktree say, may still clone its own between files).
    // The age is that of the database's directory; reading it needs a superuser, as tests have.
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database
        WHERE datname LIKE 'pm_template_%'
          AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '2 hours'`,
    ).catch(() => ({ rows: rows as { datname: string }[] }));
    for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(r.datname)}`).catch(() => {});
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name + '_building_' + process.pid)}`);
    const building = `${name}_building_${process.pid}`;
    const db = await openPostgres({ connectionString: withDatabase(url, building) });
    try {
      await prepare(db);
    } finally {
      await db.close();
    }
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(building)} RENAME TO ${pg.escapeIdentifier(name)}`).catch(async (error) => {
      // a concurrent run finished the same template first
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)}`);
      if (!/already exists/.test(String(error))) throw error;
    });
  } finally {
    await admin.end();
  }
}

/** Run by jest's global setup in a child process (jest loads global setup as CommonJS; this is ESM). */
async function prepareTemplates(): Promise<void> {
  const key = templateKey();
  const started = Date.now();
  for (const kind of backends()) {
    if (kind === 'embedded') await prepareEmbedded(key);
    else await preparePostgres(key, process.env.DATABASE_URL!);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (Number(seconds) > 1) process.stderr.write(`\nPrepared test database template ${key} in ${seconds} s\n`);
  process.stdout.write(key); // read by global-setup.cjs
}

prepareTemplates().catch((error) => {
  process.stderr.write(`Preparing the test database template failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
