// Integration tests: the real Temporal dev server (tools/infra up).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'orchestrator:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 120000,
};
