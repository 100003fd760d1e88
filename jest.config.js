/**
 * Jest runs the TypeScript sources as ES modules (node --experimental-vm-modules, see package.json),
 * transformed by SWC. Integration tests share one prepared database template per run (see
 * test/support/global-setup.ts), so each test file opens a copy instead of seeding its own.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
  testTimeout: 60_000,
  maxWorkers: 2,
};
