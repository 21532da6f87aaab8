import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { legalAidEntities } from '../src/database/legal-aid.entities';
import { legalAidMigrations } from '../src/database/legal-aid.migrations';
import { seedDemoOrgUnits } from '../src/database/seeds/demo-org-units.seed';
import { DEMO_PROVIDERS, seedDemoRoster } from '../src/database/seeds/demo-roster.seed';

let ctx: TestContext;
let ds: DataSource;

beforeAll(async () => {
  ctx = await createTestContext('legal_aid_migrations');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'legal_aid', entities: legalAidEntities, migrations: legalAidMigrations });
  await migrate(ds, 'legal_aid');
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await ctx?.dispose();
});

describe('legal-aid migrations and demo data', () => {
  it('seeds the demo tree, two standards and five providers once', async () => {
    expect(await seedDemoOrgUnits(ds)).toBe(7);
    expect(await seedDemoRoster(ds)).toBe(2 + DEMO_PROVIDERS.length);
    expect(await seedDemoOrgUnits(ds)).toBe(0);
    expect(await seedDemoRoster(ds)).toBe(0);
    expect(
      await ctx.sql(
        `SELECT org_unit, version, minimum_living_monthly::float AS low, multiplier::float AS x FROM legal_aid.economic_standards ORDER BY org_unit`,
      ),
    ).toEqual([
      { org_unit: '620000', version: 1, low: 760, x: 2 },
      { org_unit: '621102', version: 1, low: 780, x: 2 },
    ]);
    expect(await ctx.sql(`SELECT org_unit, count(*)::int AS n FROM legal_aid.providers GROUP BY org_unit ORDER BY org_unit`)).toEqual([
      { org_unit: '621102', n: 3 },
      { org_unit: '621102101', n: 1 },
      { org_unit: '621102102', n: 1 },
    ]);
    expect(await ctx.sql(`SELECT name FROM legal_aid.providers WHERE username = 'lawyer.621102'`)).toEqual([{ name: '张明' }]);
    const sources = await ctx.sql<{ source: string }>(`SELECT source FROM legal_aid.economic_standards`);
    expect(sources.every((s) => s.source.startsWith('演示数据'))).toBe(true);
  });

  it('keeps one active assignment per case, and a version number once per unit', async () => {
    await expect(
      ctx.sql(`INSERT INTO legal_aid.economic_standards (org_unit, version, minimum_living_monthly, multiplier, effective_from, source, loaded_by)
               VALUES ('620000', 1, 1, 1, '2026-01-01', 'x', 'x')`),
    ).rejects.toThrow(/duplicate key/);
    const [{ id: provider }] = (await ctx.sql(`SELECT id FROM legal_aid.providers LIMIT 1`)) as [{ id: string }];
    const caseId = '7f1c1a5e-0000-4000-8000-000000000001';
    // The tables are forced under row-level security: the owner says it acts as the service.
    await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('fq.scope', '*', true)`);
      await m.query(
        `INSERT INTO legal_aid.applications (case_id, case_no, org_unit, org_path, status) VALUES ($1, 'LA-1', '621102', '/621100/621102/', 'assignment')`,
        [caseId],
      );
      await m.query(`INSERT INTO legal_aid.assignments (case_id, seq, provider_id, reason, assigned_by, assigned_at) VALUES ($1, 1, $2, 'r', 'a', now())`, [
        caseId,
        provider,
      ]);
    });
    await expect(
      ds.transaction(async (m) => {
        await m.query(`SELECT set_config('fq.scope', '*', true)`);
        await m.query(`INSERT INTO legal_aid.assignments (case_id, seq, provider_id, reason, assigned_by, assigned_at) VALUES ($1, 2, $2, 'r', 'a', now())`, [
          caseId,
          provider,
        ]);
      }),
    ).rejects.toThrow(/assignments_active_case/);
  });

  it('runs down and up again (they are reversible)', async () => {
    await ds.transaction(async (m) => {
      await m.query(`SELECT set_config('fq.scope', '*', true)`);
      await m.query(`DELETE FROM legal_aid.assignments`);
      await m.query(`DELETE FROM legal_aid.applications`);
    });
    for (let i = 0; i < legalAidMigrations.length; i++) await ds.undoLastMigration();
    expect(await ctx.sql(`SELECT to_regclass('legal_aid.applications') AS t`)).toEqual([{ t: null }]);
    await ds.runMigrations();
    expect(await ctx.sql(`SELECT to_regclass('legal_aid.assignments')::text AS t`)).toEqual([{ t: 'legal_aid.assignments' }]);
  });
});
