// Integration tests: a nats-server of the test's own (the binary tools/infra builds).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'messaging:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 120000,
};
