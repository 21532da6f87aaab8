import 'reflect-metadata';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { INSIGHTS_SCHEMA } from './config/insights.config';
import { insightsMigrations } from './database/insights.migrations';

/** `node migrate.js`, as the schema owner: insights' migrations and the app role's grants. */
async function main() {
  const ds = createServiceDataSource({ url: migrationUrlFromEnv(process.env), schema: INSIGHTS_SCHEMA, entities: [], migrations: insightsMigrations });
  const ran = await migrate(ds, INSIGHTS_SCHEMA);
  const role = appRoleFromEnv(process.env);
  const granted = await grantServiceAccess(ds, INSIGHTS_SCHEMA, role);
  await ds.destroy();
  process.stdout.write(`insights: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`insights migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
