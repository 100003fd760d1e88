/**
 * `npm run backup [-- --out <file.tar.gz or folder>]`: a consistent copy of the embedded database in
 * DATA_DIR, as a dated .tar.gz in ./backups/ (see server/db/backup.ts). Refused while the server
 * runs: stop it, back up (a few seconds), start it. On PostgreSQL it prints the pg_dump command.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { backupDataFolder, backupFileName } from '../db/backup.js';
import { DataFolderBusyError } from '../db/lock.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

try {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const config = loadConfig();
  if (config.DATABASE_URL) {
    say('DATABASE_URL is set: back PostgreSQL up with its own tool, which works while the servers run:');
    say(`  pg_dump --format=custom --file=${backupFileName().replace('.tar.gz', '.dump')} "$DATABASE_URL"`);
    say('(restore: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>.dump)');
    process.exit(1);
  }
  const started = Date.now();
  const file = await backupDataFolder(config.DATA_DIR, values.out ?? 'backups');
  say(`Backed up ${config.DATA_DIR} to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s. Keep a copy off this machine.`);
} catch (error) {
  say(error instanceof DataFolderBusyError
    ? error.advising('stop it, run npm run backup (a few seconds), then start it again')
    : (error as Error).message);
  process.exit(1);
}
