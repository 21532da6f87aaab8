import { randomUUID } from 'node:crypto';
import {
  Commands,
  PetitionClocks,
  PetitionSteps,
  streamName,
  withPrefix,
  type CaseRegisteredData,
  type CaseTransitionData,
  type CloudEvent,
  type PetitionStatsView,
  type StatsView,
} from '@fengqiao/contracts';
import { ensureEventsStream } from '@fengqiao/messaging';
import { createServiceDataSource } from '@fengqiao/persistence';
import { createTestContext, natsCommand, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';
import { INSIGHTS_SCHEMA } from '../src/config/insights.config';
import { createReportsActivities } from '../src/reports/reports.activities';
import { ReportsRepository } from '../src/reports/reports.repository';
import { StatsRepository } from '../src/stats/stats.repository';
import { subtreeRollupsDriftSql } from '../src/projection/subtree-rollups';

/**
 * The petition figures (docs/metrics.md, "Petitions") from events published on JetStream as the
 * petition process publishes them: consumed by the running service in a scrambled order with
 * repeats, answered by `?kind=petition` from the rollups and from the facts of a partial day,
 * the same after `rebuild.js` replays the stream, and in the monthly report of their month only.
 */
let ctx: TestContext;
let insights: RunningApp;

const TOWN = '621102101';
const PATH = `/621100/621102/${TOWN}/`;
const REGISTERED = Date.parse('2026-03-10T02:00:00.000Z'); // 10:00 on 10 March, China time

function event<T>(type: string, data: T, id: string): CloudEvent<T> {
  return { specversion: '1.0', id, source: '/test', type, time: new Date().toISOString(), datacontenttype: 'application/json', data };
}

/** One petition's events, numbered in the order they are made. */
function petition() {
  const caseId = randomUUID();
  const caseNo = `XF${caseId.slice(0, 6)}`;
  const events: CloudEvent[] = [
    event<CaseRegisteredData>(
      'cn.fengqiao.case.registered.v1',
      {
        caseId,
        caseNo,
        kind: 'petition',
        category: 'land',
        severity: 'ordinary',
        orgUnit: TOWN,
        orgPath: PATH,
        registeredAt: new Date(REGISTERED).toISOString(),
        firstReplyDue: new Date(REGISTERED).toISOString(),
        registeredBy: 'petition.li',
      },
      `${caseId}:0`,
    ),
  ];
  const p = {
    events,
    step(type: string, detail: Record<string, unknown> = {}, state: Partial<CaseTransitionData> = {}) {
      const seq = events.length;
      events.push(
        event<CaseTransitionData>(
          `cn.fengqiao.case.${type}.v1`,
          {
            caseId,
            caseNo,
            orgUnit: TOWN,
            orgPath: PATH,
            kind: 'petition',
            category: 'land',
            seq,
            type,
            actor: type === 'warning-changed' ? 'system' : 'petition.li',
            at: new Date(REGISTERED + seq * 86_400_000).toISOString(),
            status: 'acceptance',
            outcome: null,
            warning: 'green',
            rating: null,
            detail,
            ...state,
          },
          `${caseId}:${seq}`,
        ),
      );
      return p;
    },
    warn(clock: string, to: 'yellow' | 'red') {
      return p.step('warning-changed', { clock, from: to === 'red' ? 'yellow' : 'green', to }, { warning: to });
    },
  };
  return p;
}

// A: accepted in time, answered in time, rated 5, review asked.
const a = petition()
  .step(PetitionSteps.accepted, {}, { status: 'handling' })
  .warn(PetitionClocks.handling, 'yellow')
  .step(PetitionSteps.replied, {}, { status: 'replied' })
  .step(PetitionSteps.rated, { score: 5 }, { status: 'replied', rating: 5 })
  .step(PetitionSteps.reviewRequested, {}, { status: 'petition-review', rating: 5 });
// B: accepted after its acceptance clock turned red, answered after the handling clock turned red, rated 3.
const b = petition()
  .warn(PetitionClocks.acceptance, 'yellow')
  .warn(PetitionClocks.acceptance, 'red')
  .step(PetitionSteps.accepted, {}, { status: 'handling' })
  .warn(PetitionClocks.handling, 'red')
  .step(PetitionSteps.replied, {}, { status: 'replied' })
  .step(PetitionSteps.rated, { score: 3 }, { status: 'replied', rating: 3 });
// C: not accepted in time (the decision says so), closed.
const c = petition()
  .step(PetitionSteps.notAccepted, { onTime: true }, { status: 'closed' })
  .step(PetitionSteps.closed, { outcome: 'not-accepted' }, { status: 'closed' });
// D: forwarded, objected (§23), undecided since, its acceptance clock red.
const d = petition()
  .step(PetitionSteps.forwarded, {}, { status: 'forwarded' })
  .step(PetitionSteps.objected, {}, { status: 'acceptance' })
  .warn(PetitionClocks.acceptance, 'red');
// E: answered on time but never rated.
const e = petition().step(PetitionSteps.accepted, {}, { status: 'handling' }).step(PetitionSteps.replied, {}, { status: 'replied' });

const EXPECTED: PetitionStatsView = {
  received: 5,
  acceptanceDue: 5, // A, B, C decided; D undecided and red; E decided
  acceptedTimely: 3, // A, C, E
  timelyAcceptanceRate: 0.6,
  replied: 3, // A, B, E
  repliedOnTime: 2, // A, E
  onTimeClosureRate: 0.6667,
  rated: 2, // A, B
  ratingParticipationRate: 0.6667,
  petitionSatisfactionRate: 0.5, // 5 and 3
  reviewed: 1,
  reviewRate: 0.3333,
};

const statsOf = async (query: Record<string, string>) => {
  const r = await natsCommand<StatsView>(ctx, Commands.insights.stats, query, await ctx.tokenFor('leader.621102'));
  if (!r.ok) throw new Error(`stats: ${JSON.stringify(r)}`);
  return r.value;
};

beforeAll(async () => {
  ctx = await createTestContext('insights-petitions');
  await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
  insights = await startApp('insights', ctx.appEnv());
}, 180_000);

afterAll(async () => {
  await insights?.stop();
  await ctx?.dispose();
});

describe('successful petition figures from the events stream', () => {
  it('applies the petitions published in any order, repeats included, and answers kind=petition', async () => {
    const jsm = await ctx.nats.jetstreamManager();
    await ensureEventsStream(jsm, ctx.prefix);
    const js = ctx.nats.jetstream();
    const all = [a, b, c, d, e].flatMap((p) => p.events);
    // Each petition's steps backwards, the petitions interleaved, and every rating sent twice.
    const order = [...all].reverse().concat(all.filter((x) => x.type === `cn.fengqiao.case.${PetitionSteps.rated}.v1`));
    for (const [i, x] of order.entries())
      await js.publish(withPrefix(ctx.prefix, `fq.evt.${TOWN}.case.${x.type.split('.')[3]}`), JSON.stringify(x), { msgID: `${x.id}#${i}` });
    expect((await jsm.streams.info(streamName(ctx.prefix))).state.messages).toBe(order.length);

    await waitFor(
      async () => {
        const applied = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM insights.processed_events`);
        return applied[0]!.n === all.length;
      },
      { what: 'every petition event applied', timeoutMs: 30_000 },
    );
    const petitions = await statsOf({ orgUnit: TOWN, kind: 'petition' });
    expect(petitions.petition).toEqual(EXPECTED);
    // Satisfaction of petitions is the kind's satisfaction rate; received the same count.
    expect([petitions.received, petitions.satisfactionRate]).toEqual([5, 0.5]);
    // The county over its subtree, and a window inside the registration day (read from the facts, not the rollups).
    expect((await statsOf({ orgUnit: '621102', kind: 'petition', from: '2026-03-01', to: '2026-04-01' })).petition).toEqual(EXPECTED);
    expect((await statsOf({ kind: 'petition', from: '2026-03-10T09:00', to: '2026-03-10T11:00' })).petition).toEqual(EXPECTED);
    expect((await statsOf({ kind: 'petition', from: '2026-04-01', to: '2026-05-01' })).petition).toMatchObject({ received: 0, timelyAcceptanceRate: 0 });
    // Other kinds and the unfiltered figures carry no petition block.
    expect(await statsOf({ orgUnit: TOWN })).not.toHaveProperty('petition');
    expect(await statsOf({ orgUnit: TOWN, kind: 'dispute' })).not.toHaveProperty('petition');
  });

  it('gives identical figures after the read model is rebuilt from the stream', async () => {
    const queries: Record<string, string>[] = [
      { orgUnit: TOWN, kind: 'petition' },
      { kind: 'petition', from: '2026-03-10T09:00', to: '2026-03-10T11:00' },
      { orgUnit: TOWN },
    ];
    const before = await Promise.all(queries.map((q) => statsOf(q)));
    const rollupsBefore = await ctx.sql(`SELECT * FROM insights.rollups ORDER BY org_unit, kind, category, day`);
    const subtreesBefore = await ctx.sql(`SELECT * FROM insights.subtree_rollups ORDER BY path, grain, period, kind, category`);
    expect(subtreesBefore.length).toBeGreaterThan(0);
    // Kept event by event, the subtree rows are the units' rollups summed up their paths (the old reading).
    expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);
    const out = await runAppScript('insights', 'rebuild.js', [], ctx.appEnv());
    expect(out).toMatch(/rebuilt from \d+ event\(s\), 5 case\(s\)/);
    expect(await Promise.all(queries.map((q) => statsOf(q)))).toEqual(before);
    expect(before[0]!.petition).toEqual(EXPECTED);
    expect(await ctx.sql(`SELECT * FROM insights.rollups ORDER BY org_unit, kind, category, day`)).toEqual(rollupsBefore);
    expect(await ctx.sql(`SELECT * FROM insights.subtree_rollups ORDER BY path, grain, period, kind, category`)).toEqual(subtreesBefore);
    expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);
  });

  it('puts a petitions section in the report of the month with petitions only', async () => {
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
      expect(march.petitions?.stats).toEqual((await statsOf({ orgUnit: '621102', kind: 'petition', from: '2026-03-01', to: '2026-04-01' })).petition);
      expect(march.petitions?.change).toMatchObject({ received: 5, timelyAcceptanceRate: 0.6 });
      expect(march.petitions?.previous).toMatchObject({ received: 0 });
      const april = await activities.buildMonthlyReport({ month: '2026-04', unit });
      expect(april).not.toHaveProperty('petitions');
    } finally {
      await ds.destroy();
    }
  });
});
