module.exports = { ...require('../../jest.preset.cjs'), displayName: 'permits', rootDir: __dirname };
