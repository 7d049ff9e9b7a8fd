module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'events-core', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
