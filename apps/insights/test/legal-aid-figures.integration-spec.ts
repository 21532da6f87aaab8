import { randomUUID } from 'node:crypto';
import {
  Commands,
  LegalAidClocks,
  LegalAidSteps,
  streamName,
  withPrefix,
  type BoardView,
  type CaseRegisteredData,
  type CaseTransitionData,
  type CloudEvent,
  type LegalAidStatsView,
  type StatsQuery,
  type StatsView,
} from '@fengqiao/contracts';
import { ensureEventsStream } from '@fengqiao/messaging';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createTestContext, natsCommand, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';
import { legalAidTile } from '../src/board/board-card.policy';
import { BoardRepository } from '../src/board/board.repository';
import { INSIGHTS_SCHEMA } from '../src/config/insights.config';
import { createReportsActivities } from '../src/reports/reports.activities';
import { ReportsRepository } from '../src/reports/reports.repository';
import { StatsRepository } from '../src/stats/stats.repository';
import { subtreeRollupsDriftSql } from '../src/projection/subtree-rollups';

/**
 * The legal-aid figures (docs/metrics.md, "Legal aid") from events published on JetStream as the
 * legal-aid process publishes them: consumed by the running service in a scrambled order with
 * repeats, answered by `?kind=legal-aid` through the stats handler from the rollups and from the facts
 * of a partial day, the same after `rebuild.js`, on the board's tile and in the monthly report.
 */
let ctx: TestContext;
let insights: RunningApp;

const TOWN = '621102101';
const PATH = `/621100/621102/${TOWN}/`;
const REGISTERED = Date.parse('2026-03-10T02:00:00.000Z'); // 10:00 on 10 March, China time
const DAY = 86_400_000;

function event<T>(type: string, data: T, id: string): CloudEvent<T> {
  return { specversion: '1.0', id, source: '/test', type, time: new Date().toISOString(), datacontenttype: 'application/json', data };
}

/** One legal-aid case's events, numbered in the order they are made; `day` places a step after registration. */
function legalAidCase() {
  const caseId = randomUUID();
  const caseNo = `FY${caseId.slice(0, 6)}`;
  const events: CloudEvent[] = [
    event<CaseRegisteredData>(
      'cn.fengqiao.case.registered.v1',
      {
        caseId,
        caseNo,
        kind: 'legal-aid',
        category: 'labour',
        severity: 'ordinary',
        orgUnit: TOWN,
        orgPath: PATH,
        registeredAt: new Date(REGISTERED).toISOString(),
        firstReplyDue: new Date(REGISTERED).toISOString(),
        registeredBy: 'clerk.621102101',
      },
      `${caseId}:0`,
    ),
  ];
  const c = {
    events,
    step(type: string, day: number, status: string, detail: Record<string, unknown> = {}, state: Partial<CaseTransitionData> = {}) {
      const seq = events.length;
      events.push(
        event<CaseTransitionData>(
          `cn.fengqiao.case.${type}.v1`,
          {
            caseId,
            caseNo,
            orgUnit: TOWN,
            orgPath: PATH,
            kind: 'legal-aid',
            category: 'labour',
            seq,
            type,
            actor: type === 'warning-changed' ? 'system' : 'legal-aid.621102',
            at: new Date(REGISTERED + day * DAY + seq * 60_000).toISOString(),
            status,
            outcome: null,
            warning: 'green',
            rating: null,
            detail,
            ...state,
          },
          `${caseId}:${seq}`,
        ),
      );
      return c;
    },
  };
  return c;
}

// A: materials requested on day 1 and supplied on day 4, granted on day 6 (3 days of review), assigned in time, rated 5.
const a = legalAidCase()
  .step(LegalAidSteps.applied, 0, 'legal-aid-review', { matter: 'labour' })
  .step(LegalAidSteps.materialsRequested, 1, 'awaiting-materials', { missing: ['劳动合同'] })
  .step(LegalAidSteps.materialsSupplied, 4, 'legal-aid-review', { items: ['劳动合同'] })
  .step(LegalAidSteps.granted, 6, 'assignment')
  .step(LegalAidSteps.assigned, 7, 'aid', { providerId: 'p1', onTime: true })
  .step(LegalAidSteps.rated, 40, 'closed', { score: 5 }, { rating: 5 });
// B: refused on day 2, objected, upheld; rated 2.
const b = legalAidCase()
  .step(LegalAidSteps.applied, 0, 'legal-aid-review', { matter: 'maintenance' })
  .step(LegalAidSteps.refused, 2, 'refused', { reasons: ['economic-test'] })
  .step(LegalAidSteps.objected, 3, 'objection', { reason: '收入计算有误' })
  .step(LegalAidSteps.objectionDecided, 5, 'closed', { decision: 'upheld' })
  .step(LegalAidSteps.rated, 6, 'closed', { score: 2 }, { rating: 2 });
// C: a criminal notification received on registration; assigned on day 5 without onTime: late (due by the end of 13 March).
const c = legalAidCase()
  .step(LegalAidSteps.applied, 0, 'legal-aid-review', { matter: 'criminal-compulsory' })
  .step(LegalAidSteps.notified, 0, 'assignment', { receivedAt: new Date(REGISTERED).toISOString() })
  .step(LegalAidSteps.assigned, 5, 'aid', { providerId: 'p2' });
// D: deemed withdrawn (materials not supplied).
const d = legalAidCase()
  .step(LegalAidSteps.applied, 0, 'legal-aid-review', { matter: 'labour' })
  .step(LegalAidSteps.materialsRequested, 1, 'awaiting-materials', { missing: ['身份证明'] })
  .step(LegalAidSteps.withdrawn, 17, 'closed', { deemed: true });
// E: in review, its review clock red (open).
const e = legalAidCase()
  .step(LegalAidSteps.applied, 0, 'legal-aid-review', { matter: 'pension' })
  .step('warning-changed', 8, 'legal-aid-review', { clock: LegalAidClocks.review, from: 'yellow', to: 'red' }, { warning: 'red' });
// F: granted on day 1, assigned on day 2 (no onTime: within 3 days of the grant), then terminated (§48).
const f = legalAidCase()
  .step(LegalAidSteps.applied, 0, 'legal-aid-review', { matter: 'labour' })
  .step(LegalAidSteps.granted, 1, 'assignment')
  .step(LegalAidSteps.assigned, 2, 'aid', { providerId: 'p1' })
  .step(LegalAidSteps.terminated, 20, 'terminated', { reason: 'own-lawyer' });

const EXPECTED: LegalAidStatsView = {
  received: 6,
  applications: 5, // A, B, D, E, F
  notifications: 1, // C
  decided: 3,
  granted: 2, // A, F
  refused: 1, // B
  grantRate: 0.6667,
  // A 3 days (6 − 3 waiting) + 2 min, B 2 days + 1 min, F 1 day + 1 min (steps are a minute apart): (6 days + 4 min) / 3.
  avgDecisionDays: 2.0009,
  assigned: 3, // A, C, F
  assignedOnTime: 2, // A, F
  onTimeAssignmentRate: 0.6667,
  ratings: 2,
  legalAidSatisfactionRate: 0.5,
  withdrawn: 1,
  terminated: 1,
  objections: 1,
};

const statsOf = async (query: StatsQuery | Record<string, string>) => {
  const r = await natsCommand<StatsView>(ctx, Commands.insights.stats, query, await ctx.tokenFor('leader.621102'));
  if (!r.ok) throw new Error(`stats: ${JSON.stringify(r)}`);
  return r.value;
};

beforeAll(async () => {
  ctx = await createTestContext('insights-legal-aid');
  await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
  insights = await startApp('insights', ctx.appEnv());
}, 180_000);

afterAll(async () => {
  await insights?.stop();
  await ctx?.dispose();
});

describe('successful legal-aid figures from the events stream', () => {
  it('applies the legal-aid steps published in any order, repeats included, and answers kind=legal-aid', async () => {
    const jsm = await ctx.nats.jetstreamManager();
    await ensureEventsStream(jsm, ctx.prefix);
    const js = ctx.nats.jetstream();
    const all = [a, b, c, d, e, f].flatMap((x) => x.events);
    // Each case's steps backwards, the cases interleaved, and every step published a second time.
    const order = [...all].reverse().concat(
      all.filter((_, i) => i % 2 === 0),
      all.filter((_, i) => i % 2 === 1),
    );
    for (const [i, x] of order.entries())
      await js.publish(withPrefix(ctx.prefix, `fq.evt.${TOWN}.case.${x.type.split('.')[3]}`), JSON.stringify(x), { msgID: `${x.id}#${i}` });
    expect((await jsm.streams.info(streamName(ctx.prefix))).state.messages).toBe(order.length);

    await waitFor(
      async () => {
        const applied = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM insights.processed_events`);
        return applied[0]!.n === all.length;
      },
      { what: 'every legal-aid event applied', timeoutMs: 30_000 },
    );
    const legalAid = await statsOf({ orgUnit: TOWN, kind: 'legal-aid' });
    expect(legalAid.legalAid).toEqual(EXPECTED);
    expect([legalAid.received, legalAid.satisfactionRate, legalAid.warnings.red]).toEqual([6, 0.5, 1]);
    const exact = EXPECTED;
    // The county over its subtree, and a window inside the registration day (read from the facts, not the rollups).
    expect((await statsOf({ orgUnit: '621102', kind: 'legal-aid', from: '2026-03-01', to: '2026-04-01' })).legalAid).toEqual(exact);
    expect((await statsOf({ kind: 'legal-aid', from: '2026-03-10T09:00', to: '2026-03-10T11:00' })).legalAid).toEqual(exact);
    expect((await statsOf({ kind: 'legal-aid', from: '2026-04-01', to: '2026-05-01' })).legalAid).toMatchObject({ received: 0, grantRate: 0 });
    // Other kinds and the unfiltered figures carry no legal-aid block.
    expect(await statsOf({ orgUnit: TOWN })).not.toHaveProperty('legalAid');
    expect(await statsOf({ orgUnit: TOWN, kind: 'petition' })).not.toHaveProperty('legalAid');
  });

  it("shows the subtree's legal aid on the board: in review, red, and the month's grant rate", async () => {
    const r = await natsCommand<BoardView>(ctx, Commands.insights.board, { orgUnit: '621102' }, await ctx.tokenFor('leader.621102'));
    if (!r.ok) throw new Error(`board: ${JSON.stringify(r)}`);
    // E is in review with its clock red; nothing waits for materials (D was withdrawn).
    expect(r.value.legalAid).toMatchObject({ underReview: 1, awaitingMaterials: 0, red: 1 });
    expect(r.value.legalAid.month).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7));
    expect(r.value.legalAid.cases.underReview).toBe('/api/v1/cases?orgUnit=621102&kind=legal-aid&status=legal-aid-review');
    // The tile for March (the board's month is today's): the same grant rate as /stats from the 1st.
    const ds = await createServiceDataSource({ url: ctx.appDatabaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: [] }).initialize();
    try {
      const march = legalAidTile('621102', '2026-03', await new BoardRepository(ds).legalAid('/621100/621102/', '2026-03-01'));
      const stats = (await statsOf({ orgUnit: '621102', kind: 'legal-aid', from: '2026-03-01' })).legalAid!;
      expect(march).toMatchObject({ underReview: 1, red: 1, decided: 3, grantRate: stats.grantRate });
      expect(stats.grantRate).toBe(0.6667);
      expect(await new BoardRepository(ds).legalAid('/621100/621102/', '2026-04-01')).toMatchObject({ granted: 0, refused: 0, underReview: 1 });
    } finally {
      await ds.destroy();
    }
  });

  it('gives identical figures after the read model is rebuilt from the stream', async () => {
    const queries: Record<string, string>[] = [
      { orgUnit: TOWN, kind: 'legal-aid' },
      { kind: 'legal-aid', from: '2026-03-10T09:00', to: '2026-03-10T11:00' },
      { orgUnit: TOWN },
    ];
    const before = await Promise.all(queries.map((q) => statsOf(q)));
    const rollupsBefore = await ctx.sql(`SELECT * FROM insights.rollups ORDER BY org_unit, kind, category, day`);
    const subtreesBefore = await ctx.sql(`SELECT * FROM insights.subtree_rollups ORDER BY path, grain, period, kind, category`);
    expect(subtreesBefore.length).toBeGreaterThan(0);
    // Kept event by event, the subtree rows are the units' rollups summed up their paths (the old reading).
    expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);
    const out = await runAppScript('insights', 'rebuild.js', [], ctx.appEnv());
    expect(out).toMatch(/rebuilt from \d+ event\(s\), 6 case\(s\)/);
    expect(await Promise.all(queries.map((q) => statsOf(q)))).toEqual(before);
    expect(before[0]!.legalAid).toMatchObject({ applications: 5, notifications: 1, grantRate: 0.6667, onTimeAssignmentRate: 0.6667 });
    expect(await ctx.sql(`SELECT * FROM insights.rollups ORDER BY org_unit, kind, category, day`)).toEqual(rollupsBefore);
    expect(await ctx.sql(`SELECT * FROM insights.subtree_rollups ORDER BY path, grain, period, kind, category`)).toEqual(subtreesBefore);
    expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);
  });

  it('puts a legal-aid section in the report of the month with legal-aid cases only', async () => {
    const ds = await createServiceDataSource({ url: ctx.appDatabaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: [] }).initialize();
    try {
      const activities = createReportsActivities({
        reports: new ReportsRepository(ds),
        stats: new StatsRepository(ds),
        rules: { redMinOverdue: 1, yellowMinOpenYellow: 1, topCategories: 5 },
        font: { path: '/nonexistent' },
      });
      const unit = { code: '621102', name: '安定区', level: 'county' as const, path: '/621100/621102/' };
      const march = await activities.buildMonthlyReport({ month: '2026-03', unit });
      expect(march.legalAid?.stats).toEqual((await statsOf({ orgUnit: '621102', kind: 'legal-aid', from: '2026-03-01', to: '2026-04-01' })).legalAid);
      expect(march.legalAid?.change).toMatchObject({ received: 6, applications: 5, grantRate: 0.6667 });
      expect(march.legalAid?.previous).toMatchObject({ received: 0 });
      expect(march).not.toHaveProperty('petitions');
      const april = await activities.buildMonthlyReport({ month: '2026-04', unit });
      expect(april).not.toHaveProperty('legalAid');
    } finally {
      await ds.destroy();
    }
  });
});
