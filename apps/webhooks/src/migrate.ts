import 'reflect-metadata';
import { DEMO_ORG_UNITS, demoOrgPath } from '@fengqiao/contracts';
import { appRoleFromEnv, createServiceDataSource, grantServiceAccess, migrate, migrationUrlFromEnv } from '@fengqiao/persistence';
import { WEBHOOKS_SCHEMA } from './config/webhooks.config';
import { webhooksMigrations } from './database/webhooks.migrations';
import { applyOrgUnit } from './org-units/org-units';

/**
 * `node migrate.js [--seed-demo]`, as the schema owner: the webhooks schema's migrations, the app
 * role's grants, and with --seed-demo the demo county's units in the service's copy of the org tree.
 */
async function main() {
  const ds = createServiceDataSource({ url: migrationUrlFromEnv(process.env), schema: WEBHOOKS_SCHEMA, entities: [], migrations: webhooksMigrations });
  const ran = await migrate(ds, WEBHOOKS_SCHEMA);
  const role = appRoleFromEnv(process.env);
  const granted = await grantServiceAccess(ds, WEBHOOKS_SCHEMA, role);
  if (process.argv.includes('--seed-demo'))
    for (const u of DEMO_ORG_UNITS) await applyOrgUnit(ds, { code: u.code, parent: u.parent, path: demoOrgPath(u.code) });
  await ds.destroy();
  process.stdout.write(`webhooks: ${ran.length} migration(s) applied; ${granted ? `access granted to ${role}` : `role ${role} not found, no grants`}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`webhooks migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
