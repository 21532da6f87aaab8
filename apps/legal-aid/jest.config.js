module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'legal-aid',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
