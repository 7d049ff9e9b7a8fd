// Shared Jest settings of every project. Integration and end-to-end tests run
// against real PostgreSQL and Kafka provided by the global setup, which starts
// them only for a run holding such specs (the test sequencer tells it which).
const { join } = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const infra = join(__dirname, 'tools', 'infra', 'src');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = join(__dirname, target);
}

module.exports = {
  // Node's, shuffling the tests of unit specs by the run's seed (printed: showSeed).
  testEnvironment: join(infra, 'jest-environment.cjs'),
  showSeed: true,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.spec.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testSequencer: join(infra, 'jest-test-sequencer.cjs'),
  globalSetup: join(infra, 'jest-global-setup.cjs'),
  globalTeardown: join(infra, 'jest-global-teardown.cjs'),
  reporters: ['default', join(infra, 'jest-summary-reporter.cjs')],
  testTimeout: 60_000,
  maxWorkers: 2,
};
