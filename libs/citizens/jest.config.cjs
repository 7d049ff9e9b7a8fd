module.exports = { ...require('../../jest.preset.cjs'), displayName: 'citizens', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
