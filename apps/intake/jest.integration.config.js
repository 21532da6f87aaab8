// Integration and end-to-end tests: real PostgreSQL, NATS, Temporal and Keycloak (tools/infra up).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'intake:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
