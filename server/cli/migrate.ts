/**
 * `npm run migrate`: applies pending migrations to the configured database and exits. The server
 * applies them itself when it starts, so on the embedded database, held by a running server, the
 * advice is a restart.
 */
import { loadConfig } from '../config.js';
import { DataFolderBusyError, openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

try {
  const db = await openDatabase(loadConfig(), say, 'npm run migrate');
  try {
    const applied = await migrate(db, { onApply: (name) => say(`Applying ${name} …`) });
    say(applied.length ? `Applied ${applied.length} migration(s).` : 'The database is up to date.');
  } finally {
    await db.close();
  }
} catch (error) {
  say(error instanceof DataFolderBusyError
    ? error.advising('restart it instead: the server applies pending migrations when it starts')
    : (error as Error).message);
  process.exit(1);
}
