module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'complaints-domain', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
