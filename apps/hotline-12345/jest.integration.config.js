// Integration and end-to-end tests: real PostgreSQL, NATS, Temporal and Keycloak (tools/infra up), and the
// built apps (nx run hotline-12345:build, gateway:build, intake:build, orchestrator:build) started as processes.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hotline-12345:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 180000,
};
