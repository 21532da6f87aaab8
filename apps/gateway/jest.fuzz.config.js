// API fuzzing with schemathesis (`npx nx run gateway:fuzz`): real servers, like the integration tests.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'gateway:fuzz',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.fuzz-spec.ts'],
  testTimeout: 2400000,
};
