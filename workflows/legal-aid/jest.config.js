module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'workflow-legal-aid',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
