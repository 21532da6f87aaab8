import 'reflect-metadata';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { GATEWAY_SCHEMA, gatewayMigrations } from './database/gateway.migrations';

async function main() {
  const url = process.env['DATABASE_URL'] ?? 'postgres://fengqiao:fengqiao@127.0.0.1:5432/fengqiao';
  const ds = createServiceDataSource({ url, schema: GATEWAY_SCHEMA, entities: [], migrations: gatewayMigrations });
  const ran = await migrate(ds, GATEWAY_SCHEMA);
  await ds.destroy();
  process.stdout.write(`gateway: ${ran.length} migration(s) applied\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway migrate failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
