/**
 * `npm run restore -- <backup.tar.gz> [--force]`: replaces the embedded database in DATA_DIR with
 * a backup made by `npm run backup` (see server/db/backup.ts). Refused while the server runs, and
 * without --force when DATA_DIR already holds a database; the current data stays in place until
 * the backup has been opened and checked.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { restoreDataFolder } from '../db/backup.js';
import { DataFolderBusyError } from '../db/lock.js';

const say = (message: string) => process.stderr.write(`${message}\n`);
const USAGE = 'Usage: npm run restore -- backups/prozore-misto-….tar.gz [--force]';

try {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  const config = loadConfig();
  if (config.DATABASE_URL) {
    say('DATABASE_URL is set: restore PostgreSQL with its own tool, the servers stopped:');
    say('  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>.dump');
    process.exit(1);
  }
  if (positionals.length !== 1) {
    say(USAGE);
    process.exit(2);
  }
  const started = Date.now();
  await restoreDataFolder(positionals[0], config.DATA_DIR, { force: values.force });
  say(`Restored ${config.DATA_DIR} from ${positionals[0]} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  say(error instanceof DataFolderBusyError
    ? error.advising('stop it first, then restore, then start it again')
    : (error as Error).message);
  process.exit(1);
}
