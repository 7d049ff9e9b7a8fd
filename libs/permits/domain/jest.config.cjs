module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'permits-domain', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
