import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { petitionsEntities } from '../src/database/petitions.entities';
import { petitionsMigrations } from '../src/database/petitions.migrations';
import { seedDemoOrgUnits } from '../src/database/seeds/demo-org-units.seed';

let ctx: TestContext;
let ds: DataSource;

beforeAll(async () => {
  ctx = await createTestContext('petitions_migrations');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'petitions', entities: petitionsEntities, migrations: petitionsMigrations });
  await migrate(ds, 'petitions');
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await ctx?.dispose();
});

describe('petitions migrations and demo tree', () => {
  it('seeds the demo tree once, with materialised paths', async () => {
    expect(await seedDemoOrgUnits(ds)).toBe(7);
    expect(await seedDemoOrgUnits(ds)).toBe(0);
    expect(await ctx.sql(`SELECT path FROM petitions.org_units WHERE code = '621102101202'`)).toEqual([{ path: '/621100/621102/621102101/621102101202/' }]);
  });

  it('runs down and up again (they are reversible)', async () => {
    for (let i = 0; i < petitionsMigrations.length; i++) await ds.undoLastMigration();
    expect(await ctx.sql(`SELECT to_regclass('petitions.petitions') AS t`)).toEqual([{ t: null }]);
    await ds.runMigrations();
    expect(await ctx.sql(`SELECT to_regclass('petitions.documents')::text AS t`)).toEqual([{ t: 'petitions.documents' }]);
  });
});
