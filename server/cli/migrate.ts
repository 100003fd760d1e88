/** `npm run migrate`: applies pending migrations to the configured database and exits. */
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

try {
  const db = await openDatabase(loadConfig(), say);
  try {
    const applied = await migrate(db, { onApply: (name) => say(`Applying ${name} …`) });
    say(applied.length ? `Applied ${applied.length} migration(s).` : 'The database is up to date.');
  } finally {
    await db.close();
  }
} catch (error) {
  say((error as Error).message);
  process.exit(1);
}
