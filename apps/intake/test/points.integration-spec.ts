import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Caller, FieldReportVerifiedData, PointsLedgerView, Reply } from '@fengqiao/contracts';
import { createServiceDataSource, migrate } from '@fengqiao/persistence';
import { verifyAuditChain } from '@fengqiao/audit';
import { createTestContext, type TestContext } from '@fengqiao/testing';
import { intakeEntities } from '../src/database/intake.entities';
import { intakeMigrations } from '../src/database/intake.migrations';
import { seedReferenceData } from '../src/database/seeds/demo-county.seed';
import { ReferenceService } from '../src/reference/reference.service';
import { PointsRulesService } from '../src/points/points-rules.service';
import { PointsService } from '../src/points/points.service';

/**
 * The ledger under concurrency on real PostgreSQL: the same report awarded by several deliveries at once
 * awards once; redemptions racing for one balance never take it below zero (the losers get 409); the
 * balance is always the sum of the ledger, and the audit chain holds one entry per change and verifies.
 */
let ctx: TestContext;
let ds: DataSource;
let points: PointsService;
let gridPath: string;
const GRID = '621102101201-02';
const SUB = randomUUID();
const clerk: Caller = { userId: randomUUID(), username: 'clerk.621102101', roles: ['clerk'], orgUnit: '621102101', department: null };

const verified = (reportId: string): FieldReportVerifiedData => ({
  reportId,
  residentSub: SUB,
  residentUsername: 'resident.race',
  kind: 'hazard',
  category: 'other',
  outcome: 'settled',
  gridCode: GRID,
  path: gridPath,
  verifiedBy: 'grid.621102101201',
  at: new Date().toISOString(),
});

const sums = async () =>
  (
    await ctx.sql<{ balance: number; total: number; entries: number }>(
      `SELECT a.balance, (SELECT coalesce(sum(points), 0)::int FROM intake.points_entries e WHERE e.resident_sub = a.resident_sub) AS total,
              (SELECT count(*)::int FROM intake.points_entries e WHERE e.resident_sub = a.resident_sub) AS entries
         FROM intake.points_accounts a WHERE a.resident_sub = $1`,
      [SUB],
    )
  )[0]!;

beforeAll(async () => {
  ctx = await createTestContext('points');
  ds = createServiceDataSource({ url: ctx.databaseUrl, schema: 'intake', entities: intakeEntities, migrations: intakeMigrations, poolSize: 10 });
  await migrate(ds, 'intake');
  await seedReferenceData(ds, true);
  const refs = new ReferenceService(ds);
  points = new PointsService(ds, refs, new PointsRulesService(ds, refs));
  [{ path: gridPath }] = await ctx.sql<{ path: string }>(`SELECT path FROM intake.org_units WHERE code = $1`, [GRID]);
}, 120_000);

afterAll(async () => {
  await ds?.destroy();
  await ctx?.dispose();
});

it('awards a report once when its deliveries race', async () => {
  const data = verified(randomUUID());
  const outcomes = await Promise.all(Array.from({ length: 8 }, () => points.award(data)));
  expect(outcomes.filter((o) => o.awarded)).toHaveLength(1);
  expect(outcomes.filter((o) => !o.awarded && o.why === 'repeat')).toHaveLength(7);
  expect(await sums()).toEqual({ balance: 5, total: 5, entries: 1 });
});

it('skips an event that names no valid resident, awarding nothing', async () => {
  expect(await points.award({ ...verified(randomUUID()), residentSub: '' })).toEqual({ awarded: false, why: 'unreadable' });
  expect(await points.award({ ...verified(randomUUID()), outcome: 'rejected' })).toEqual({ awarded: false, why: 'unreadable' });
  expect((await sums()).entries).toBe(1);
});

it('never lets racing redemptions take the balance below zero', async () => {
  for (let i = 0; i < 3; i++) await points.award(verified(randomUUID()));
  expect((await sums()).balance).toBe(20);
  const replies: Reply<PointsLedgerView>[] = await Promise.all(Array.from({ length: 4 }, () => points.redeem({ sub: SUB, item: '毛巾', points: 10 }, clerk)));
  const statuses = replies.map((r) => (r.ok ? 201 : r.problem.status)).sort();
  expect(statuses).toEqual([201, 201, 409, 409]);
  expect(await sums()).toEqual({ balance: 0, total: 0, entries: 6 });
});

it('redeems once for one Idempotency-Key, however often it is sent at once', async () => {
  await points.award(verified(randomUUID()));
  const key = randomUUID();
  await Promise.all(Array.from({ length: 5 }, () => points.redeem({ sub: SUB, item: '牙膏', points: 2 }, clerk, key)));
  expect(await sums()).toEqual({ balance: 3, total: 3, entries: 8 });
  const audit = await ctx.sql<{ action: string; result: string; n: number }>(
    `SELECT action, result, count(*)::int AS n FROM audit.entries WHERE subject_id = $1 GROUP BY action, result ORDER BY action, result`,
    [SUB],
  );
  expect(audit).toEqual([
    { action: 'award.points', result: 'allowed', n: 5 },
    { action: 'redeem.points', result: 'allowed', n: 3 },
    { action: 'redeem.points', result: 'denied', n: 2 },
  ]);
  expect((await verifyAuditChain((sql, params) => ctx.sql(sql, params))).ok).toBe(true);
});
