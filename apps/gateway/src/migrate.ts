import 'reflect-metadata';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { GATEWAY_SCHEMA, gatewayMigrations } from './database/gateway.migrations';

/** `node migrate.js`, as the schema owner: the gateway's migrations and the app role's grants. */
async function main() {
  const ds = createServiceDataSource({ url: migrationUrlFromEnv(process.env), schema: GATEWAY_SCHEMA, entities: [], migrations: gatewayMigrations });
  const ran = await migrate(ds, GATEWAY_SCHEMA);
  const role = appRoleFromEnv(process.env);
  const granted = await grantServiceAccess(ds, GATEWAY_SCHEMA, role);
  await ds.destroy();
  process.stdout.write(`gateway: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
