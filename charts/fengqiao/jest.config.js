// The chart's checks: renders it with helm (built by tools/infra/infra.sh tools helm) and asserts on the YAML.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'chart-fengqiao',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
