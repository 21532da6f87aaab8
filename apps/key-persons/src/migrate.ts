import 'reflect-metadata';
import { grantAuditAccess } from '@fengqiao/audit';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { DEV_BLIND_INDEX_KEY, piiCipherFromEnv } from '@fengqiao/pii';
import { KEY_PERSONS_SCHEMA } from './config/key-persons.config';
import { keyPersonsEntities } from './database/key-persons.entities';
import { keyPersonsMigrations } from './database/key-persons.migrations';
import { seedDemoOrgUnits } from './database/seeds/demo-org-units.seed';
import { seedDemoPersons } from './database/seeds/demo-persons.seed';

/**
 * `node migrate.js [--seed-demo]`, as the schema owner: the register's migrations, the app role's
 * grants (its schema; the audit log append-and-read only), and with --seed-demo the demo county's
 * org units and six invented persons (their runs start when the service starts).
 */
async function main() {
  const seedDemo = process.argv.includes('--seed-demo');
  const ds = createServiceDataSource({
    url: migrationUrlFromEnv(process.env),
    schema: KEY_PERSONS_SCHEMA,
    entities: keyPersonsEntities,
    migrations: keyPersonsMigrations,
  });
  const ran = await migrate(ds, KEY_PERSONS_SCHEMA);
  const role = appRoleFromEnv(process.env);
  const granted = (await grantServiceAccess(ds, KEY_PERSONS_SCHEMA, role)) && (await grantAuditAccess(ds, role));
  let seeded: { units: number; persons: number } | undefined;
  if (seedDemo) {
    const units = await seedDemoOrgUnits(ds);
    const persons = await seedDemoPersons(
      ds,
      piiCipherFromEnv(process.env['PII_KEYRING']),
      Buffer.from(process.env['PII_BLIND_INDEX_KEY'] || DEV_BLIND_INDEX_KEY, 'base64'),
    );
    seeded = { units, persons };
  }
  await ds.destroy();
  process.stdout.write(
    `key-persons: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}` +
      `${seeded ? `; demo seeded (${seeded.units} new org unit(s), ${seeded.persons} new person(s))` : ''}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`key-persons migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
