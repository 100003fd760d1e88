// Jest loads global setup as CommonJS, so the ESM TypeScript that prepares the database templates
// runs in a child process under tsx (see prepare-templates.ts).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = function globalSetup() {
  execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'prepare-templates.ts')], {
    stdio: 'inherit',
    env: process.env,
  });
};
