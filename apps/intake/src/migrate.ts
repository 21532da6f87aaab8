import 'reflect-metadata';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { INTAKE_SCHEMA } from './config/intake.config';
import { intakeMigrations } from './database/intake.migrations';
import { seedReferenceData } from './database/seeds/demo-county.seed';
import { intakeEntities } from './database/intake.entities';

/** `node migrate.js [--seed-demo]`: runs intake's migrations, then seeds categories (and the demo county). */
async function main() {
  const url = process.env['DATABASE_URL'] ?? 'postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao';
  const ds = createServiceDataSource({ url, schema: INTAKE_SCHEMA, entities: intakeEntities, migrations: intakeMigrations });
  const ran = await migrate(ds, INTAKE_SCHEMA);
  await seedReferenceData(ds, process.argv.includes('--seed-demo'));
  await ds.destroy();
  process.stdout.write(`intake: ${ran.length} migration(s) applied${process.argv.includes('--seed-demo') ? ', demo county seeded' : ''}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`intake migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
