/** Where the local infrastructure listens (tools/infra defaults; CI and developers may override). */
export function infraEnv() {
  const env = process.env;
  return {
    /** The schema owner: creates test databases, runs migrations. */
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao',
    /** What the apps log in as: neither owner nor superuser. */
    appDatabaseUrl: env['APP_DATABASE_URL'] ?? 'postgres://fengqiao_app:fengqiao_app@127.0.0.1:5432/fengqiao',
    natsUrl: env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    temporalAddress: env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233',
    temporalNamespace: env['TEMPORAL_NAMESPACE'] ?? 'fengqiao',
    keycloakUrl: env['KEYCLOAK_URL'] ?? 'http://127.0.0.1:8080',
    keycloakRealm: env['KEYCLOAK_REALM'] ?? 'fengqiao',
    /** The attachments' S3 object store (SeaweedFS from tools/infra, dev credentials). */
    s3: {
      S3_ENDPOINT: env['S3_ENDPOINT'] ?? 'http://127.0.0.1:8333',
      S3_REGION: env['S3_REGION'] ?? 'us-east-1',
      S3_BUCKET: env['S3_BUCKET'] ?? 'fengqiao',
      S3_ACCESS_KEY_ID: env['S3_ACCESS_KEY_ID'] ?? 'fengqiao',
      S3_SECRET_ACCESS_KEY: env['S3_SECRET_ACCESS_KEY'] ?? 'fengqiao-dev-secret',
    },
  };
}

export const DEMO_PASSWORD = 'fengqiao-demo';
