module.exports = { ...require('../../jest.preset.cjs'), displayName: 'asyncapi', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
