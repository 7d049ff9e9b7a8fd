module.exports = { ...require('../../jest.preset.cjs'), displayName: 'auth', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
