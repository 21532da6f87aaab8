module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'key-persons',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
