import 'reflect-metadata';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { MEDIATION_SCHEMA } from './config/mediation.config';
import { mediationEntities } from './database/mediation.entities';
import { mediationMigrations } from './database/mediation.migrations';
import { seedDemo } from './database/seeds/demo-mediators.seed';

/**
 * `node migrate.js [--seed-demo]`, as the schema owner: mediation's migrations, the app
 * role's grants, and with --seed-demo the demo county's org units and mediators.
 */
async function main() {
  const seedDemoCounty = process.argv.includes('--seed-demo');
  const ds = createServiceDataSource({
    url: migrationUrlFromEnv(process.env),
    schema: MEDIATION_SCHEMA,
    entities: mediationEntities,
    migrations: mediationMigrations,
  });
  const ran = await migrate(ds, MEDIATION_SCHEMA);
  const role = appRoleFromEnv(process.env);
  const granted = await grantServiceAccess(ds, MEDIATION_SCHEMA, role);
  const seeded = seedDemoCounty ? await seedDemo(ds) : undefined;
  await ds.destroy();
  process.stdout.write(
    `mediation: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}` +
      `${seeded ? `; demo seeded (${seeded.orgUnits} new org unit(s), ${seeded.mediators} new mediator(s))` : ''}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`mediation migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
