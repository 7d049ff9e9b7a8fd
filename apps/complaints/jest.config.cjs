module.exports = { ...require('../../jest.preset.cjs'), displayName: 'complaints', rootDir: __dirname };
