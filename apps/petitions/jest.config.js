module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'petitions',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
