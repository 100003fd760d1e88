// Jest loads global setup as CommonJS, so the ESM TypeScript that prepares the database templates
// runs in a child process under tsx (see prepare-templates.ts). It prints the template's key,
// which the test workers inherit through the environment.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = function globalSetup() {
  // The browser tests serve client/dist; build it once here, before workers run side by side.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'ensure-client.mjs')], { stdio: 'inherit' });
  const key = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'prepare-templates.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
    encoding: 'utf8',
  }).trim();
  if (!/^[0-9a-f]{12}$/.test(key)) throw new Error(`preparing the test database template printed no key: ${key}`);
  process.env.PM_TEMPLATE_KEY = key;
};
