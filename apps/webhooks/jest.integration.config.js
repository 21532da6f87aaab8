// Integration tests: real PostgreSQL, NATS, Temporal and Keycloak (tools/infra up), and the
// built app (nx run webhooks:build) for the tests that start it as a process.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'webhooks:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
