module.exports = { ...require('../../jest.preset.cjs'), displayName: 'working-days', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
