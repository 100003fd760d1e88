/**
 * Scratch databases for the benchmark: the demo at a given scale, in a fresh database that is
 * removed afterwards. On PostgreSQL (DATABASE_URL set) a `pm_bench_*` database on that server;
 * otherwise an embedded PGlite data folder in the system's temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import type { Database } from '../../server/db/database.js';
import { seedDemo } from '../../data-import/demo/index.js';

export interface Dataset {
  kind: 'embedded' | 'postgres';
  /** Environment for a server process reading this dataset. */
  env: Record<string, string>;
  /** The PostgreSQL URL, when on PostgreSQL. */
  url?: string;
  /** Seconds spent creating and seeding it. */
  seedSeconds: number;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** What fills a fresh, migrated database: the demo by default (many.ts brings its own). */
export type Filler = (db: Database) => Promise<void>;

/** The demo hromadas `slugs` at `scale` in a fresh database (or what `fill` writes). */
export async function createDataset(scale: number, slugs: string[], say: (m: string) => void, fill?: Filler): Promise<Dataset> {
  const seed = async (db: Database, scale: number, slugs: string[], say: (m: string) => void) => {
    await migrate(db);
    if (fill) await fill(db);
    else await seedDemo(db, { scale, slugs }, (message) => say(`  ${message}`));
  };
  const started = performance.now();
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `pm_bench_${scale}_${process.pid}`;
    const adminUrl = withDatabase(serverUrl, 'postgres');
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    const url = withDatabase(serverUrl, name);
    const db = await openPostgres({ connectionString: url });
    try {
      await seed(db, scale, slugs, say);
      await db.query('ANALYZE'); // what autovacuum would do shortly after seeding
    } finally {
      await db.close();
    }
    return {
      kind: 'postgres',
      env: { DATABASE_URL: url },
      url,
      seedSeconds: (performance.now() - started) / 1000,
      drop: () => admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `pm-bench-${scale}-`));
  const db = await openEmbedded({ dataDir: dir });
  try {
    await seed(db, scale, slugs, say);
    // PGlite has no autovacuum: without statistics it plans the registry view as a nested loop
    // (pub_maf ~100× slower). PostgreSQL's autovacuum would analyze soon after seeding.
    await db.query('ANALYZE');
  } finally {
    await db.close();
  }
  return {
    kind: 'embedded',
    env: { DATA_DIR: dir },
    seedSeconds: (performance.now() - started) / 1000,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
