module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-hotline-order',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
