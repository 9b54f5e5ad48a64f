// Two tiers (STYLE.md): unit specs need nothing; integration specs get a real PostgreSQL, either the
// machine's (DATABASE_URL / PEEL_TEST_DATABASE_URL) or an embedded one started by the global setup.
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json', diagnostics: false }];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': tsJest },
  moduleNameMapper: {
    '^@peel/shared$': '<rootDir>/shared/src/index.ts',
    '^@peel/migrations$': '<rootDir>/migrations/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  maxWorkers: 2,
  // jest reads the timeout globally, not per project; unit tests finish far below it.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{shared,server,bench}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'client',
      testEnvironment: 'jsdom',
      transform: {
        '^.+\\.tsx?$': [
          'ts-jest',
          { tsconfig: '<rootDir>/client/tsconfig.spec.json', diagnostics: false },
        ],
      },
      moduleNameMapper: {
        ...common.moduleNameMapper,
        '\\.css$': '<rootDir>/client/src/test/style-stub.ts',
      },
      testMatch: ['<rootDir>/client/src/**/*.spec.{ts,tsx}'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/server/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/server/test/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/global-teardown.ts',
    },
  ],
};
