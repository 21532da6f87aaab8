// The doctor against the real local stack (tools/infra up), with one setting broken on purpose.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'doctor:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 120000,
};
