/**
 * `npm run import -- <what> …`: imports from the files council departments keep. One subcommand
 * per kind of data; each parses its own options and returns its exit code
 * (0 done, 1 the data has problems, 2 the command is wrong).
 *
 * On the embedded database a running server holds the data folder (server/db/lock.ts): the
 * import is then refused at once (exit 1) with the way that works while it runs, the upload on
 * the map. The opener's lock is what protects the folder; this look first only words the refusal.
 */
import { ADDRESS_DATASET } from '../../data-import/addresses/dataset.js';
import { FACILITY_DATASET } from '../../data-import/accessibility/dataset.js';
import { DISTRICT_DATASET } from '../../data-import/districts/dataset.js';
import { REGISTRY_DATASET } from '../../data-import/registry/import.js';
import { BUILDING_DATASET } from '../../data-import/basemap/buildings.js';
import { STREET_DATASET } from '../../data-import/basemap/streets.js';
import { loadConfig } from '../config.js';
import { DataFolderBusyError, liveHolder } from '../db/lock.js';
import { runDatasetImport, usageOf } from './import-dataset.js';
import { runVoteImport, VOTES_USAGE } from './import-votes.js';

/** Every dataset the one importer reads (data-import/kit/run.ts), by its subcommand. */
const SUBCOMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = Object.fromEntries(
  [REGISTRY_DATASET, ADDRESS_DATASET, STREET_DATASET, BUILDING_DATASET, FACILITY_DATASET, DISTRICT_DATASET].map((dataset) => [dataset.name, { run: (argv: string[]) => runDatasetImport(dataset as never, argv), usage: usageOf(dataset.name) }]),
);
// the voting system's export is not a table of places: its own reader (data-import/votes/)
SUBCOMMANDS.votes = { run: runVoteImport, usage: VOTES_USAGE };

const [subcommand, ...rest] = process.argv.slice(2);
const chosen = subcommand ? SUBCOMMANDS[subcommand] : undefined;
if (!chosen) {
  process.stderr.write(
    `${subcommand ? `Невідома команда / unknown subcommand: ${subcommand}\n\n` : ''}` +
    `npm run import -- <${Object.keys(SUBCOMMANDS).join('|')}> …\n\n${Object.values(SUBCOMMANDS).map((s) => s.usage).join('\n\n')}\n`,
  );
  process.exitCode = 2;
} else if (heldBySomeoneElse()) {
  process.exitCode = 1;
} else {
  try {
    process.exitCode = await chosen.run(rest);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  }
}

function heldBySomeoneElse(): boolean {
  let config;
  try {
    config = loadConfig();
  } catch {
    return false; // the subcommand reports a bad setting in its own words
  }
  const holder = config.DATABASE_URL ? null : liveHolder(config.DATA_DIR);
  if (holder) {
    process.stderr.write(`${DataFolderBusyError.line(config.DATA_DIR, holder,
      'upload the file on the map instead (signed in as a registry editor: «Імпорт із таблиці (CSV)», with a preview), or stop it first')}\n`);
  }
  return holder !== null;
}
