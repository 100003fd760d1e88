/**
 * The database a registry benchmark runs on: BENCH_DATABASE_URL (PostgreSQL) or an embedded one
 * in memory, migrated, with the demo seeded at BENCH_SCALE once (a database that already has it is
 * reused), and ANALYZEd so the plans are the ones a running server gets.
 */
import type { Database } from '../../server/db/database.js';
import { openEmbedded } from '../../server/db/embedded.js';
import { openPostgres } from '../../server/db/postgres.js';
import { migrate } from '../../server/db/migrate.js';
import { hasAnyMunicipality, seedDemo } from '../../data-import/demo/index.js';

/** The demo's scale the benchmark asks for (×1 unless BENCH_SCALE). */
export const benchScale = (): number => Number(process.env.BENCH_SCALE ?? 1);

export async function openBenchDatabase(options: { statementTimeoutMs?: number } = {}): Promise<Database> {
  const scale = benchScale();
  const url = process.env.BENCH_DATABASE_URL;
  const db: Database = url ? await openPostgres({ connectionString: url, ...options }) : await openEmbedded({});
  await migrate(db);
  if (!(await hasAnyMunicipality(db))) {
    const t = performance.now();
    await seedDemo(db, { seed: 1, scale });
    console.log(`seeded ×${scale} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  await db.exec('ANALYZE');
  return db;
}
