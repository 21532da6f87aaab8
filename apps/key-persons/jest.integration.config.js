// Integration tests: real PostgreSQL, NATS, Temporal and Keycloak (tools/infra up), and the
// built app (nx run key-persons:build) for the tests that start it as a process.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'key-persons:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 120000,
};
