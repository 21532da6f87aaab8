module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workspace-checks',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 120000,
};
