/**
 * jest for everything. Suffixes say what a test needs:
 *   *.test.ts       unit (pure functions; no services)
 *   *.int.test.ts   integration (real PostgreSQL and Redis from test/support/global-setup.mjs, over HTTP)
 * Every test file gets its own database (a copy of the migrated template) and its own Redis key prefix
 * (test/support/fresh-database.ts). On CI the files run one at a time: the browser tests and the notification
 * crash test each load the two cores heavily, and together they make timings flaky.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/shared', '<rootDir>/test', '<rootDir>/miniapp'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/bench/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/support/worker-env.js'],
  setupFilesAfterEnv: ['<rootDir>/test/support/fresh-database.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
  maxWorkers: process.env.CI ? 1 : 2,
};
