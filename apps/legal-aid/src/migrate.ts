import 'reflect-metadata';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { grantAuditAccess } from '@fengqiao/audit';
import { LEGAL_AID_SCHEMA } from './config/legal-aid.config';
import { legalAidEntities } from './database/legal-aid.entities';
import { legalAidMigrations } from './database/legal-aid.migrations';
import { seedDemoOrgUnits } from './database/seeds/demo-org-units.seed';
import { seedDemoRoster } from './database/seeds/demo-roster.seed';

/**
 * `node migrate.js [--seed-demo]`, as the schema owner: the legal-aid migrations, the app role's
 * grants, and with --seed-demo the demo county's org units (before the org-tree feed catches up),
 * its economic standards and its providers.
 */
async function main() {
  const seedDemo = process.argv.includes('--seed-demo');
  const ds = createServiceDataSource({
    url: migrationUrlFromEnv(process.env),
    schema: LEGAL_AID_SCHEMA,
    entities: legalAidEntities,
    migrations: legalAidMigrations,
  });
  const ran = await migrate(ds, LEGAL_AID_SCHEMA);
  const role = appRoleFromEnv(process.env);
  // Audit entries: append and read only; the read outbox as reads and its drainer need.
  const granted = (await grantServiceAccess(ds, LEGAL_AID_SCHEMA, role)) && (await grantAuditAccess(ds, role));
  const units = seedDemo ? await seedDemoOrgUnits(ds) : undefined;
  const roster = seedDemo ? await seedDemoRoster(ds) : undefined;
  await ds.destroy();
  process.stdout.write(
    `legal-aid: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}` +
      `${units !== undefined ? `; demo seeded (${units} new org unit(s), ${roster} new standard(s) and provider(s))` : ''}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`legal-aid migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
