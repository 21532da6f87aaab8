module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hotline-12345',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
