// Unit tests of the console's pure helpers (no DOM): problem parsing, queues, board counts.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'console',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
