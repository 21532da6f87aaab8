import type { DataSource } from 'typeorm';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { insightsMigrations } from '../src/database/insights.migrations';
import { INSIGHTS_SCHEMA } from '../src/config/insights.config';
import { subtreeRollupsDriftSql } from '../src/projection/subtree-rollups';

let ctx: TestContext;
let ds: DataSource;
// The migrations up to the subtree rollups (later ones do not touch what this test checks).
const upToSubtree = insightsMigrations.slice(0, insightsMigrations.findIndex((m) => m.name === 'SubtreeRollups1763900120000') + 1);

beforeAll(async () => {
  ctx = await createTestContext('insights_migrations');
  // Everything before the subtree rollups: a read model as a deployment has it when they arrive.
  const before = createServiceDataSource({ url: ctx.databaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: upToSubtree.slice(0, -1) });
  await migrate(before, INSIGHTS_SCHEMA);
  await before.destroy();
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: upToSubtree });
  await ds.initialize();
}, 60_000);

afterAll(async () => {
  await ds?.destroy();
  await ctx?.dispose();
});

const subtree = (path: string, grain: string, period: string) =>
  ctx.sql(
    `SELECT kind, category, received, first_reply_ms_sum::text AS ms FROM insights.subtree_rollups
     WHERE path = $1 AND grain = $2 AND period = $3 ORDER BY kind, category`,
    [path, grain, period],
  );

describe('insights migrations', () => {
  it('fills the subtree rollups from the rollups already there, and runs down and up again', async () => {
    expect(upToSubtree.at(-1)!.name).toBe('SubtreeRollups1763900120000');
    await ctx.sql(
      `INSERT INTO insights.org_units (code, path) VALUES
         ('621100', '/621100/'), ('621102', '/621100/621102/'), ('621102101', '/621100/621102/621102101/'), ('621102102', '/621100/621102/621102102/')`,
    );
    await ctx.sql(
      `INSERT INTO insights.rollups (org_unit, kind, category, day, received, first_reply_ms_sum) VALUES
         ('621102101', 'dispute', 'land', '2026-03-17', 2, 3000000000),
         ('621102101', 'dispute', 'land', '2026-03-30', 1, 1000),
         ('621102102', 'dispute', 'land', '2026-03-17', 4, 0),
         ('621102102', 'petition', 'other', '2026-04-01', 5, 0),
         ('621102', 'dispute', 'land', '2026-03-02', 7, 0),
         ('999999', 'dispute', 'land', '2026-03-17', 100, 0)`,
    );

    await ds.runMigrations({ transaction: 'each' });
    // A county's month: its own rows and both townships'; the unit no path places counts nowhere.
    expect(await subtree('/621100/621102/', 'month', '2026-03-01')).toEqual([{ kind: 'dispute', category: 'land', received: 14, ms: '3000001000' }]);
    expect(await subtree('/', 'day', '2026-03-17')).toEqual([{ kind: 'dispute', category: 'land', received: 6, ms: '3000000000' }]);
    expect(await subtree('/621100/621102/621102102/', 'month', '2026-04-01')).toEqual([{ kind: 'petition', category: 'other', received: 5, ms: '0' }]);
    expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);

    await ds.undoLastMigration({ transaction: 'each' });
    expect(await ctx.sql(`SELECT to_regclass('insights.subtree_rollups') AS t`)).toEqual([{ t: null }]);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM insights.rollups`)).toEqual([{ n: 6 }]);

    await ds.runMigrations({ transaction: 'each' });
    expect(await subtree('/621100/', 'month', '2026-03-01')).toEqual([{ kind: 'dispute', category: 'land', received: 14, ms: '3000001000' }]);
    expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);
  });
});
