/**
 * `npm run user:add -- --municipality slovyansk --login editor --name "Олена Коваль" --roles registry_editor`
 * A deputy's account is tied to their record by name or district, not by an id nothing shows:
 * `npm run user:add -- --municipality slovyansk --login koval --name "Олена Коваль" --deputy "Коваль Олена"`
 * or `--district 5` (the role 'deputy' is then implied).
 * The password is read from the PM_PASSWORD environment variable or, when absent, asked on the terminal
 * (never an argument: it would land in the shell history and the process list).
 * On the embedded database it is refused while the server runs (one process at a time: see
 * server/db/lock.ts): stop, add, start — or, with an admin account, use «Облікові записи» in the map.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config.js';
import { DataFolderBusyError, openDatabase } from '../db/open.js';
import { migrate } from '../db/migrate.js';
import { createUser } from '../auth/users.js';
import type { Role } from '../auth/sessions.js';
import { resolveDeputy } from '../districts/core/accounts.js';

const say = (message: string) => process.stderr.write(`${message}\n`);

try {
  const { values } = parseArgs({
    options: {
      municipality: { type: 'string' },
      login: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string', default: '' },
      'deputy-id': { type: 'string' },
      deputy: { type: 'string' },
      district: { type: 'string' },
    },
  });
  for (const required of ['municipality', 'login', 'name'] as const) {
    if (!values[required]) throw new Error(`--${required} is required. Usage: npm run user:add -- --municipality slovyansk --login editor --name "Олена Коваль" --roles registry_editor`);
  }
  let password = process.env.PM_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    password = await rl.question('Password: ');
    rl.close();
  }
  const db = await openDatabase(loadConfig(), () => {}, 'npm run user:add');
  try {
    await migrate(db);
    let deputyId = values['deputy-id'] ? Number(values['deputy-id']) : null;
    const roles = values.roles!.split(',').map((r) => r.trim()).filter(Boolean) as Role[];
    if (values.deputy || values.district) {
      if (values.district && !/^\d{1,4}$/.test(values.district)) throw new Error(`--district: a district number, got "${values.district}"`);
      const deputy = await resolveDeputy(db, values.municipality!, { name: values.deputy, district: values.district ? Number(values.district) : undefined });
      deputyId = deputy.id;
      if (!roles.includes('deputy')) roles.push('deputy');
      say(`Депутат / deputy: ${deputy.fullName}${deputy.districtNumber ? `, округ № ${deputy.districtNumber}` : ''}`);
    }
    const id = await createUser(db, {
      municipalitySlug: values.municipality!,
      login: values.login!,
      displayName: values.name!,
      password,
      roles,
      deputyId,
    });
    say(`User ${values.login} (id ${id}) added to ${values.municipality}.`);
  } finally {
    await db.close();
  }
} catch (error) {
  say(error instanceof DataFolderBusyError
    ? error.advising('stop it, add the user, then start it again (or, signed in as an admin, add it in the map: «Облікові записи»)')
    : (error as Error).message);
  process.exit(1);
}
