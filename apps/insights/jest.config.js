module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'insights',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
