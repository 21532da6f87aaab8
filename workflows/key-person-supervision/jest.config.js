module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-key-person-supervision',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
