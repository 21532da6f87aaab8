module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-dispute-path',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
