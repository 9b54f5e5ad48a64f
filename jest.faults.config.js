// The fault suite (npm run test:faults): real server processes under load while PostgreSQL is
// restarted, a server is killed or stopped, two instances share a database, a lock is held; and
// backup/restore with pg_dump. Databases as for the integration tests (global setup); the
// PostgreSQL-restart test starts an embedded PostgreSQL of its own.
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
  testMatch: ['<rootDir>/server/test/faults/**/*.fault-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/test/global-teardown.ts',
  // Each test runs several server processes: one file at a time on these 2-core machines.
  maxWorkers: 1,
  testTimeout: 240_000,
};
