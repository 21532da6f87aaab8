// Unit tests: the judgements of each check on given facts (no servers).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'doctor',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
