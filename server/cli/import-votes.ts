/**
 * `npm run import -- votes --municipality slovyansk --file votes.csv [--dry-run] [--json]`: the
 * voting system's export (CSV or JSON, data-import/votes/read.ts) into the council's record of
 * sessions and roll-call votes. Exit codes as every import: 0 imported, 1 the file has problems
 * (each printed, nothing written), 2 the command is wrong.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { importVotes } from '../../data-import/votes/import.js';
import { formatProblem } from '../../data-import/kit/report.js';
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';

export const VOTES_USAGE = `Використання / usage:
  npm run import -- votes --municipality <slug> --file <votes.csv|votes.json> [--dry-run] [--json]
Формат описано в data-import/README.md («Голосування») / the shape: see data-import/README.md`;

export async function runVoteImport(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { municipality: { type: 'string' }, file: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } }));
    if (!values.municipality || !values.file) throw new Error('--municipality і --file обов’язкові / --municipality and --file are required');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${VOTES_USAGE}\n`);
    return 2;
  }
  const say = (message: string) => process.stderr.write(`${message}\n`);
  const db = await openDatabase(loadConfig(), say);
  try {
    await migrate(db);
    const report = await importVotes(db, { municipalitySlug: values.municipality, input: readFileSync(values.file), fileName: basename(values.file), dryRun: values['dry-run'] });
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    for (const p of report.problems) say(formatProblem(p, 'csv'));
    say(`${report.written ? 'Імпортовано / imported' : 'Нічого не записано / nothing written'}: ${report.file}; ` +
      `рядків / rows ${report.rows}, сесій нових / new sessions ${report.sessions.created}, замінено / replaced ${report.sessions.replaced}, голосів / votes ${report.votes}`);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}
