/**
 * The server itself, once main.ts has read the configuration (and started node again under the
 * memory budget where one is set): open the database (embedded unless DATABASE_URL), apply
 * migrations, seed the demo hromadas into an empty database, serve, and shut down gracefully on
 * SIGTERM/SIGINT. Imported by main.ts only when it is to serve, so a process that only starts
 * node again under the budget does not load the app.
 */
import type { Config } from './config.js';
import { DatabaseOpenError, DataFolderBusyError, openDatabase, type OpenedDatabase } from './db/open.js';
import { migrate, MigrationError } from './db/migrate.js';
import { createContext, createLogger, listen, PortInUseError } from './server.js';
import { hasAnyMunicipality, seedDemo } from '../data-import/demo/index.js';
import { gradeUngradedFacilities } from './accessibility/core/grading.js';

/** Start-up failures whose message is the whole story (one line, no stack). */
export const KNOWN_FAILURES = [DatabaseOpenError, DataFolderBusyError, MigrationError, PortInUseError];

export async function serve(config: Config, say: (message: string) => void): Promise<void> {
  const logger = createLogger(config);
  let db: OpenedDatabase | undefined;
  try {
    const started = Date.now();
    db = await openDatabase(config, say, 'the server (npm start), starting');
    const applied = await migrate(db, { onApply: (name) => say(`Applying migration ${name} …`) });
    if (applied.length) say(`Applied ${applied.length} migration(s).`);
    if (config.SEED_DEMO === 'auto' && !(await hasAnyMunicipality(db))) {
      say('Empty database: creating the demo hromadas (Слов’янськ, Кривий Ріг) …');
      await seedDemo(db, {}, say).catch(async (error) => {
        // another instance starting on the same empty PostgreSQL seeded it first: fine
        if (!(await hasAnyMunicipality(db!))) throw error;
        say('Another instance created the demo hromadas meanwhile.');
      });
    }
    const graded = await gradeUngradedFacilities(db);
    if (graded) say(`Graded ${graded} facilities for the accessibility map.`);
    if (db.kind === 'embedded') {
      // PGlite runs no autovacuum, so nothing else keeps planner statistics: without them a
      // registry view plans ~30× slower. A few seconds at start keeps them current.
      await db.exec('ANALYZE');
    }
    const ctx = await createContext(config, db, logger);
    const running = await listen(ctx);
    db.describeHolder(`the server on port ${new URL(running.url).port}`);
    say(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${db.kind === 'embedded' ? 'the embedded PostGIS' : 'PostgreSQL'}:`);
    for (const m of ctx.municipalities.list()) say(`  ${running.url}/${m.slug}/  — ${m.nameUk}`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: finishing requests in flight, then closing the database …`);
      await running.close();
      await ctx.versions.stop();
      await db!.close();
      say('Stopped.');
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  } catch (error) {
    await db?.close().catch(() => {});
    throw error;
  }
}
