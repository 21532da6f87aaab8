module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-petition',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
