import 'reflect-metadata';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { HOTLINE_SCHEMA } from './config/hotline.config';
import { hotlineEntities } from './database/hotline.entities';
import { hotlineMigrations } from './database/hotline.migrations';

/** `node migrate.js`, as the schema owner: the adapter's migrations and the app role's grants on its schema. */
async function main() {
  const ds = createServiceDataSource({
    url: migrationUrlFromEnv(process.env),
    schema: HOTLINE_SCHEMA,
    entities: hotlineEntities,
    migrations: hotlineMigrations,
  });
  const ran = await migrate(ds, HOTLINE_SCHEMA);
  const role = appRoleFromEnv(process.env);
  const granted = await grantServiceAccess(ds, HOTLINE_SCHEMA, role);
  await ds.destroy();
  process.stdout.write(`hotline-12345: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`hotline-12345 migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
