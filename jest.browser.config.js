// Browser tests: the built app (npm run build) served by a real server process on a real
// PostgreSQL, driven in Debian's headless chromium by playwright-core.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@peel/shared$': '<rootDir>/shared/src/index.ts',
    '^@peel/migrations$': '<rootDir>/migrations/index.ts',
  },
  testMatch: ['<rootDir>/client/e2e/**/*.e2e.ts'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/test/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120_000,
};
