module.exports = { ...require('../../jest.preset.cjs'), displayName: 'satisfaction', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
