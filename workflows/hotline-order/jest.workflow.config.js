// Workflow tests: Temporal's time-skipping test server and replay of committed histories.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-hotline-order:workflow',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.workflow-spec.ts'],
  testTimeout: 120000,
};
