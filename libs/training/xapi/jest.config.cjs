module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'xapi', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
