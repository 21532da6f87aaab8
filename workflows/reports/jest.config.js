module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-reports',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
