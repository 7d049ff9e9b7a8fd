module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'open311', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
