// The cluster test (infra/test/cluster.cluster-spec.ts): its own cluster from tools/infra/infra.sh cluster,
// beside the shared local stack (its Keycloak and S3), with the apps built (nx run-many -t build).
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'infra:cluster',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.cluster-spec.ts'],
  testTimeout: 900000,
};
