module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'training-domain', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
