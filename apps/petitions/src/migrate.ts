import 'reflect-metadata';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { grantAuditAccess } from '@fengqiao/audit';
import { PETITIONS_SCHEMA } from './config/petitions.config';
import { petitionsEntities } from './database/petitions.entities';
import { petitionsMigrations } from './database/petitions.migrations';
import { seedDemoOrgUnits } from './database/seeds/demo-org-units.seed';

/**
 * `node migrate.js [--seed-demo]`, as the schema owner: the petitions migrations, the app role's
 * grants, and with --seed-demo the demo county's org units (before the org-tree feed catches up).
 */
async function main() {
  const seedDemoCounty = process.argv.includes('--seed-demo');
  const ds = createServiceDataSource({
    url: migrationUrlFromEnv(process.env),
    schema: PETITIONS_SCHEMA,
    entities: petitionsEntities,
    migrations: petitionsMigrations,
  });
  const ran = await migrate(ds, PETITIONS_SCHEMA);
  const role = appRoleFromEnv(process.env);
  // Audit entries: append and read only; the read outbox as reads and its drainer need.
  const granted = (await grantServiceAccess(ds, PETITIONS_SCHEMA, role)) && (await grantAuditAccess(ds, role));
  const seeded = seedDemoCounty ? await seedDemoOrgUnits(ds) : undefined;
  await ds.destroy();
  process.stdout.write(
    `petitions: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}` +
      `${seeded !== undefined ? `; demo seeded (${seeded} new org unit(s))` : ''}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`petitions migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
