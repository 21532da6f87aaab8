module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mediation',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
