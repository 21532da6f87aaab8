// Integration tests: real PostgreSQL (tools/infra up), a database of the test's own.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'audit:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 120000,
};
