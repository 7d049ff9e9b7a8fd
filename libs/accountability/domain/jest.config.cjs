module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'accountability-domain', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
