module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-bench',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
