/**
 * `npm run demo:reset`: recreates the demo hromadas in the configured database (the embedded one
 * in DATA_DIR, or PostgreSQL when DATABASE_URL is set), opened as the server opens it. Applies
 * pending migrations, then deletes every hromada's data and seeds the demo anew in ONE
 * transaction: if seeding fails, the old data is still there.
 *
 *   npm run demo:reset                       both hromadas, default seed, scale 1
 *   npm run demo:reset -- --scale 20         the benchmark's denser data
 *   npm run demo:reset -- --seed 7 --only slovyansk
 *
 * On the embedded database it is refused while the server runs (one process at a time: see
 * server/db/lock.ts). On PostgreSQL, restart the server after: it keeps the hromadas it serves in memory.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { DataFolderBusyError, openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';
import { clearAllDataIn, DEFAULT_SEED, seedDemoIn, type DemoOptions } from '../../data-import/demo/index.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

function readOptions(): DemoOptions {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      scale: { type: 'string' },
      only: { type: 'string' },
    },
  });
  return {
    seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed),
    scale: values.scale === undefined ? 1 : Number(values.scale),
    slugs: values.only?.split(',').map((s) => s.trim()),
  };
}

try {
  const options = readOptions();
  const db = await openDatabase(loadConfig(), say, 'npm run demo:reset');
  try {
    await migrate(db, { onApply: (name) => say(`Applying ${name} …`) });
    const started = Date.now();
    const report = await db.transaction(async (tx) => {
      say('Видаляю дані всіх громад …');
      await clearAllDataIn(tx);
      return seedDemoIn(tx, options, say);
    });
    say(`Демо-громади створено за ${((Date.now() - started) / 1000).toFixed(1)} с (seed ${options.seed}, scale ${options.scale}):`);
    for (const m of report.municipalities) {
      say(`  ${m.slug}: адрес ${m.addresses}, округів ${m.districts}, депутатів ${m.deputies}, МАФ ${m.maf}, ` +
        `реклами ${m.advertising}, об’єктів доступності ${m.facilities}, коментарів ${m.comments}`);
    }
  } finally {
    await db.close();
  }
} catch (error) {
  say(error instanceof DataFolderBusyError
    ? error.advising('stop it first, then demo:reset, then start it again')
    : `demo:reset failed: ${(error as Error).message}`);
  process.exit(1);
}
