module.exports = { ...require('../../jest.preset.cjs'), displayName: 'infra', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
