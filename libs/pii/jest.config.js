module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pii',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
