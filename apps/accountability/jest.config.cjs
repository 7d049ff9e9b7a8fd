module.exports = { ...require('../../jest.preset.cjs'), displayName: 'accountability', rootDir: __dirname };
