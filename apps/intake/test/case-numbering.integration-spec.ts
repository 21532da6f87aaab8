import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import type { DataSource } from 'typeorm';
import { allocateCaseNo } from '../src/cases/case-number.allocator';
import { intakeMigrations } from '../src/database/intake.migrations';
import { seedReferenceData } from '../src/database/seeds/demo-county.seed';
import { intakeEntities } from '../src/database/intake.entities';

let ctx: TestContext;
let ds: DataSource;

beforeAll(async () => {
  ctx = await createTestContext('numbering');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'intake', entities: intakeEntities, migrations: intakeMigrations, poolSize: 20 });
  await migrate(ds, 'intake');
  await seedReferenceData(ds, true);
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await ctx?.dispose();
});

describe('case numbers on real PostgreSQL', () => {
  it('gives 100 concurrent transactions 100 distinct consecutive numbers', async () => {
    const numbers = await Promise.all(Array.from({ length: 100 }, () => ds.transaction((m) => allocateCaseNo(m, '621102102', 2026))));
    const seqs = numbers.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(numbers[0]).toMatch(/^621102102-2026-\d{6}$/);
  });

  it('returns a rolled-back number to the sequence, leaving no gap', async () => {
    await expect(
      ds.transaction(async (m) => {
        await allocateCaseNo(m, '621102102201', 2026);
        throw new Error('registration failed after numbering');
      }),
    ).rejects.toThrow('registration failed');
    expect(await ds.transaction((m) => allocateCaseNo(m, '621102102201', 2026))).toBe('621102102201-2026-000001');
  });

  it('counts each org unit and year on its own', async () => {
    expect(await ds.transaction((m) => allocateCaseNo(m, '621102101202', 2027))).toBe('621102101202-2027-000001');
  });

  it('runs the migrations down and up again (they are reversible)', async () => {
    for (let i = 0; i < intakeMigrations.length; i++) await ds.undoLastMigration();
    expect(await ctx.sql(`SELECT to_regclass('intake.cases') AS t`)).toEqual([{ t: null }]);
    await ds.runMigrations();
    expect(await ctx.sql(`SELECT to_regclass('intake.cases')::text AS t`)).toEqual([{ t: 'intake.cases' }]);
  });
});
