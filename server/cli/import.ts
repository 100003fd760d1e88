/**
 * `npm run import -- <what> …`: imports from the files council departments keep. One subcommand
 * per kind of data; each parses its own options and returns its exit code
 * (0 done, 1 the data has problems, 2 the command is wrong).
 */
import { ADDRESS_DATASET } from '../../data-import/addresses/dataset.js';
import { REGISTRY_DATASET } from '../../data-import/registry/import.js';
import { runDatasetImport, usageOf } from './import-dataset.js';

/** Every dataset the one importer reads (data-import/kit/run.ts), by its subcommand. */
const SUBCOMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; usage: string }> = Object.fromEntries(
  [REGISTRY_DATASET, ADDRESS_DATASET].map((dataset) => [dataset.name, { run: (argv: string[]) => runDatasetImport(dataset as never, argv), usage: usageOf(dataset.name) }]),
);

const [subcommand, ...rest] = process.argv.slice(2);
const chosen = subcommand ? SUBCOMMANDS[subcommand] : undefined;
if (!chosen) {
  process.stderr.write(
    `${subcommand ? `Невідома команда / unknown subcommand: ${subcommand}\n\n` : ''}` +
    `npm run import -- <${Object.keys(SUBCOMMANDS).join('|')}> …\n\n${Object.values(SUBCOMMANDS).map((s) => s.usage).join('\n\n')}\n`,
  );
  process.exitCode = 2;
} else {
  try {
    process.exitCode = await chosen.run(rest);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  }
}
