import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CACHE_DIR = join(ROOT, '.test-cache');

/** Test accounts present in every test database, one per role per demo hromada. */
export const TEST_PASSWORD = 'test-password-1';
export const TEST_USERS = [
  { login: 'admin', roles: ['admin'] },
  { login: 'editor', roles: ['registry_editor'] },
  { login: 'moderator', roles: ['moderator'] },
  { login: 'deputy', roles: ['deputy'] },
  { login: 'official', roles: ['official'] },
] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Names the prepared test database by what it is made of — the migrations, the demo generator,
 * the test accounts and today's date (the demo's permits are dated relative to today) — so a
 * change to any of them prepares a new one and a stale one is never used.
 */
export function templateKey(): string {
  // Fixed by the global setup for the whole run, so editing a file mid-run changes nothing.
  if (process.env.PM_TEMPLATE_KEY) return process.env.PM_TEMPLATE_KEY;
  const hash = createHash('sha256');
  for (const file of [...filesUnder(join(ROOT, 'migrations')), ...filesUnder(join(ROOT, 'data-import/demo')), join(ROOT, 'test/support/template.ts'), join(ROOT, 'test/support/prepare-templates.ts')].sort()) {
    hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  }
  hash.update(new Date().toISOString().slice(0, 10));
  return hash.digest('hex').slice(0, 12);
}

export const embeddedTemplateDir = (key: string) => join(CACHE_DIR, `embedded-${key}`);
export const postgresTemplateName = (key: string) => `pm_template_${key}`;

/** The same server with another database name. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
