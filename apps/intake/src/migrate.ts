import 'reflect-metadata';
import { grantAuditAccess } from '@fengqiao/audit';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { INTAKE_SCHEMA } from './config/intake.config';
import { intakeEntities } from './database/intake.entities';
import { intakeMigrations } from './database/intake.migrations';
import { seedReferenceData } from './database/seeds/demo-county.seed';
import { PiiProtector } from './cases/pii-protector';
import { seedDemoHistory } from './database/seeds/demo-history.seed';

/**
 * `node migrate.js [--seed-demo [--seed-history]]`, as the schema owner: intake's migrations, the
 * app role's grants, then categories (and, with --seed-demo, the demo county; with --seed-history
 * also a year of its past cases, once).
 */
async function main() {
  const seedDemo = process.argv.includes('--seed-demo');
  const seedHistory = seedDemo && process.argv.includes('--seed-history');
  const ds = createServiceDataSource({ url: migrationUrlFromEnv(process.env), schema: INTAKE_SCHEMA, entities: intakeEntities, migrations: intakeMigrations });
  const ran = await migrate(ds, INTAKE_SCHEMA);
  const role = appRoleFromEnv(process.env);
  // Audit entries: append and read only (never grantServiceAccess on the audit schema).
  const granted = (await grantServiceAccess(ds, INTAKE_SCHEMA, role)) && (await grantAuditAccess(ds, role));
  await seedReferenceData(ds, seedDemo, new PiiProtector(process.env['PII_KEYRING'], process.env['PII_BLIND_INDEX_KEY']));
  const history = seedHistory ? await seedDemoHistory(ds, { prefix: process.env['FQ_PREFIX'] || undefined }) : undefined;
  await ds.destroy();
  process.stdout.write(
    `intake: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}${seedDemo ? '; demo county seeded' : ''}${
      history ? (history.seeded ? `; demo history: ${history.cases} case(s), ${history.events} event(s)` : '; demo history already seeded') : ''
    }\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`intake migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
