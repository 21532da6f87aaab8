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
  };
}

export const DEMO_PASSWORD = 'fengqiao-demo';
