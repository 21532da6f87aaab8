import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  Commands,
  parseStatsInstant,
  streamName,
  withPrefix,
  type CaseRegisteredData,
  type CaseTransitionData,
  type CloudEvent,
  type StatsView,
} from '@fengqiao/contracts';
import { ensureEventsStream } from '@fengqiao/messaging';
import { createServiceDataSource } from '@fengqiao/persistence';
import {
  createTestContext,
  keycloakAdmin,
  natsCommand,
  passwordGrant,
  runAppScript,
  startApp,
  waitFor,
  type RunningApp,
  type TestContext,
} from '@fengqiao/testing';
import { projectEvent, selectFacts } from '../src/projection/case-projector';
import { contribution } from '../src/projection/case-facts';
import { refillSubtreeRollups, subtreeRollupsDriftSql } from '../src/projection/subtree-rollups';
import { likePrefix } from '../src/org-units/org-units.repository';
import { StatsRepository } from '../src/stats/stats.repository';
import { addToTotals, statsFromTotals, ZERO_TOTALS, type Totals } from '../src/stats/stats-metrics';
import { INSIGHTS_SCHEMA } from '../src/config/insights.config';

/**
 * The read model on real PostgreSQL and NATS: the seed report's Jingchuan figures loaded through
 * the projection code and answered by the running service's stats command, and the durable
 * consumer applying a case's events once each whatever their order and repeats.
 */
let ctx: TestContext;
let insights: RunningApp;
let leader: { token: string; remove: () => Promise<void> };

const JINGCHUAN = '620821';
const TOWNS = ['620821100', '620821101', '620821102'];
const pathOf = (town: string) => `/620800/${JINGCHUAN}/${town}/`;

function event<T>(type: string, data: T, id: string = randomUUID()): CloudEvent<T> {
  return { specversion: '1.0', id, source: '/test', type, time: new Date().toISOString(), datacontenttype: 'application/json', data };
}

function registered(caseId: string, town: string, registeredAt: string): CloudEvent<CaseRegisteredData> {
  return event('cn.fengqiao.case.registered.v1', {
    caseId,
    caseNo: caseId.slice(0, 8),
    kind: 'dispute',
    category: 'neighbour',
    severity: 'ordinary',
    orgUnit: town,
    orgPath: pathOf(town),
    registeredAt,
    firstReplyDue: registeredAt,
    registeredBy: 'test',
  });
}

function step(
  caseId: string,
  town: string,
  seq: number,
  type: string,
  state: Partial<CaseTransitionData>,
  detail: Record<string, unknown> = {},
): CloudEvent<CaseTransitionData> {
  return event(
    `cn.fengqiao.case.${type}.v1`,
    {
      caseId,
      caseNo: caseId.slice(0, 8),
      orgUnit: town,
      orgPath: pathOf(town),
      kind: 'dispute',
      category: 'neighbour',
      seq,
      type,
      actor: 'test',
      at: '2026-05-02T02:00:00.000Z',
      status: 'first-contact',
      outcome: null,
      warning: 'green',
      rating: null,
      detail,
      ...state,
    },
    `${caseId}:${seq}`,
  );
}

/** A token of a leader of Jingchuan county (a throwaway user; the demo realm has none there). */
async function jingchuanLeader() {
  const password = `it-${randomBytes(12).toString('hex')}`;
  const user = await keycloakAdmin().createUser({
    username: `it.leader.${randomBytes(3).toString('hex')}`,
    password,
    realmRoles: ['leader'],
    attributes: { org_unit: [JINGCHUAN] },
  });
  const r = await passwordGrant('fq-console', user.username, password);
  if (r.status !== 200) throw new Error(`token: ${r.status}`);
  return { token: String(r.body['access_token']), remove: user.remove };
}

const statsOf = async (query: Record<string, string>, token = leader.token) => natsCommand<StatsView>(ctx, Commands.insights.stats, query, token);

beforeAll(async () => {
  ctx = await createTestContext('insights-read-model');
  await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
  insights = await startApp('insights', ctx.appEnv());
  leader = await jingchuanLeader();
}, 180_000);

afterAll(async () => {
  await leader?.remove().catch(() => undefined);
  await insights?.stop();
  await ctx?.dispose();
});

describe('successful Jingchuan figures', () => {
  it('loads 10,057 cases, 5,164 mediated and 4,235 to agreement, and answers a success rate of 0.8201', async () => {
    const ds = await createServiceDataSource({ url: ctx.appDatabaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: [] }).initialize();
    try {
      await ds.transaction(async (m) => {
        for (let i = 0; i < 10_057; i++) {
          const id = randomUUID();
          const town = TOWNS[i % TOWNS.length]!;
          const day = String(1 + (i % 28)).padStart(2, '0');
          await projectEvent(m, registered(id, town, `2025-02-${day}T01:00:00.000Z`), { subtrees: false });
          if (i >= 5_164) continue;
          await projectEvent(m, step(id, town, 1, 'assigned', { status: 'mediation' }), { subtrees: false });
          const outcome = i < 4_235 ? 'agreement' : 'failed';
          await projectEvent(m, step(id, town, 2, 'concluded', { status: 'awaiting-feedback', outcome }, { outcome }), { subtrees: false });
        }
        // A bulk load in one transaction, as rebuild.js does it: the subtree rows summed once.
        await refillSubtreeRollups(m);
      });
    } finally {
      await ds.destroy();
    }
    const r = await statsOf({ orgUnit: JINGCHUAN, from: '2025-01-01', to: '2026-01-01' });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({ received: 10_057, mediated: 5_164, mediationSucceeded: 4_235, mediationSuccessRate: 0.8201 }),
    });
    // The county is the leader's own unit, the default.
    expect(await statsOf({})).toEqual(r);
    // One township: a third of the cases, each rate over its own share.
    const town = await statsOf({ orgUnit: TOWNS[0]! });
    expect(town.ok && town.value.received).toBe(3_353);
  });

  it("refuses a unit outside the caller's subtree and a message without a token", async () => {
    const other = await statsOf({ orgUnit: JINGCHUAN }, await ctx.tokenFor('leader.621102'));
    expect(other).toMatchObject({ ok: false, problem: { status: 403 } });
    expect(await natsCommand(ctx, Commands.insights.stats, {})).toMatchObject({ ok: false, problem: { status: 401 } });
  });
});

describe('successful consumption of the events stream', () => {
  it('applies each event once, in whatever order and however often it arrives', async () => {
    const jsm = await ctx.nats.jetstreamManager();
    await ensureEventsStream(jsm, ctx.prefix);
    const js = ctx.nats.jetstream();
    const caseId = randomUUID();
    const town = '620821199';
    const events = [
      registered(caseId, town, '2025-06-01T03:00:00.000Z'),
      step(caseId, town, 1, 'routed', {}),
      step(
        caseId,
        town,
        2,
        'replied',
        { status: 'awaiting-feedback', outcome: 'resolved-at-first-contact', at: '2025-06-02T02:00:00.000Z' },
        { resolved: true },
      ),
      step(
        caseId,
        town,
        3,
        'warning-changed',
        { status: 'awaiting-feedback', outcome: 'resolved-at-first-contact', warning: 'red' },
        { to: 'red', clock: 'feedback' },
      ),
      step(caseId, town, 4, 'feedback-recorded', { status: 'awaiting-feedback', outcome: 'resolved-at-first-contact' }),
      step(caseId, town, 5, 'rated', { status: 'closed', outcome: 'resolved-at-first-contact', rating: 5 }, { score: 5 }),
      step(caseId, town, 6, 'closed', { status: 'closed', outcome: 'resolved-at-first-contact', rating: 5 }, { rating: 5 }),
    ];
    // Later steps first, the registration last, and the rating twice (a redelivery past the dedupe window).
    const order = [events[5]!, events[3]!, events[6]!, events[1]!, events[5]!, events[2]!, events[4]!, events[0]!];
    for (const [i, e] of order.entries()) {
      const subject = withPrefix(ctx.prefix, `fq.evt.${town}.case.${e.type.split('.')[3]}`);
      await js.publish(subject, JSON.stringify(e), { msgID: `${e.id}#${i}` });
    }
    const stream = await jsm.streams.info(streamName(ctx.prefix));
    expect(stream.state.messages).toBe(order.length);
    const expected: Partial<StatsView> = {
      received: 1,
      closed: 1,
      resolvedAtFirstContact: 1,
      resolved: 1,
      closedOnTime: 0,
      onTimeRate: 0,
      avgFirstReplyHours: 23,
      satisfactionRate: 1,
      warnings: { green: 0, yellow: 0, red: 0 },
    };
    await waitFor(
      async () => {
        const r = await statsOf({ orgUnit: town });
        return r.ok && r.value.received === 1 && r.value.closed === 1 && r.value.satisfactionRate === 1 && r;
      },
      { what: 'the case applied', timeoutMs: 30_000 },
    );
    const r = await statsOf({ orgUnit: town });
    expect(r).toEqual({ ok: true, value: expect.objectContaining(expected) });
    const facts = await ctx.sql(`SELECT last_seq, status, ratings, ever_overdue FROM insights.case_facts WHERE case_id = $1`, [caseId]);
    expect(facts).toEqual([{ last_seq: 6, status: 'closed', ratings: 1, ever_overdue: true }]);
    const applied = await ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM insights.processed_events WHERE case_id = $1`, [caseId]);
    expect(applied).toEqual([{ n: 7 }]);
  });
});

describe('successful subtree rollups', () => {
  const COUNTY = '620822';
  const [EAST, WEST] = ['620822100', '620822101'];
  const placed = (unit: string) => `/620800/${COUNTY}/${unit}/`;
  const registeredIn = (caseId: string, unit: string, orgPath: string | undefined, at: string, category = 'neighbour') => {
    const e = registered(caseId, unit, at);
    return { ...e, data: { ...e.data, orgPath, category } };
  };
  const stepIn = (caseId: string, unit: string, seq: number, type: string, state: Partial<CaseTransitionData>, detail: Record<string, unknown> = {}) =>
    step(caseId, unit, seq, type, { orgPath: placed(unit), ...state }, detail);

  /** What the rows must hold: every case's contribution counted under its unit's current path (the read model's old reading). */
  async function oracle(ds: DataSource, path: string, from?: number, to?: number): Promise<Totals> {
    const facts = await selectFacts(
      ds.manager,
      `JOIN insights.org_units u ON u.code = f.org_unit
       WHERE u.path LIKE $1 AND ($2::timestamptz IS NULL OR f.registered_at >= $2) AND ($3::timestamptz IS NULL OR f.registered_at < $3)`,
      [likePrefix(path), from === undefined ? null : new Date(from), to === undefined ? null : new Date(to)],
    );
    return facts.reduce((t, f) => {
      const c = contribution(f);
      return c ? addToTotals(t, c.counts) : t;
    }, ZERO_TOTALS);
  }

  it('answers every subtree and window as the units below it add up, after a unit is placed late and cases move', async () => {
    const ds = await createServiceDataSource({ url: ctx.appDatabaseUrl, schema: INSIGHTS_SCHEMA, entities: [], migrations: [] }).initialize();
    try {
      const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await ds.transaction(async (m) => {
        // EAST first seen without a path: a root of its own until an event places it.
        await projectEvent(m, registeredIn(a, EAST, undefined, '2025-03-10T02:00:00.000Z'));
        await projectEvent(m, registeredIn(b, WEST, placed(WEST), '2025-03-31T17:00:00.000Z', 'land')); // 1 April, China time
        await projectEvent(m, registeredIn(c, EAST, undefined, '2025-04-15T01:00:00.000Z'));
        expect(await m.query(`SELECT path FROM insights.org_units WHERE code = $1`, [EAST])).toEqual([{ path: `/${EAST}/` }]);
        await projectEvent(
          m,
          stepIn(a, EAST, 1, 'replied', { status: 'closed', outcome: 'resolved-at-first-contact', at: '2025-03-10T05:00:00.000Z' }, { resolved: true }),
        );
        expect(await m.query(`SELECT path FROM insights.org_units WHERE code = $1`, [EAST])).toEqual([{ path: placed(EAST) }]);
        // c moves to WEST and another category; d is registered and mediated in WEST.
        await projectEvent(m, stepIn(c, WEST, 1, 'assigned', { status: 'mediation', category: 'land' }));
        await projectEvent(m, registeredIn(d, WEST, placed(WEST), '2025-05-20T03:00:00.000Z'));
        await projectEvent(m, stepIn(d, WEST, 1, 'assigned', { status: 'mediation' }));
        await projectEvent(m, stepIn(d, WEST, 2, 'concluded', { status: 'awaiting-feedback', outcome: 'agreement', warning: 'red' }));
      });

      // The rows kept event by event are the rows the invariant defines (rows netting to zero aside).
      expect(await ctx.sql(`SELECT count(*)::int AS n FROM insights.subtree_rollups WHERE received <> 0`)).not.toEqual([{ n: 0 }]);
      expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);

      const repo = new StatsRepository(ds);
      const at = (s: string) => parseStatsInstant(s)!;
      const windows: Array<[number | undefined, number | undefined]> = [
        [undefined, undefined],
        [at('2025-01-01'), at('2026-01-01')],
        [at('2025-04-01'), at('2025-05-01')],
        [at('2025-03-15'), at('2025-05-25')],
        [at('2025-03-10T09:00'), at('2025-04-15T08:00')],
        [at('2025-04-01'), undefined],
        [undefined, at('2025-04-20')],
      ];
      const scopes = ['/', '/620800/', `/620800/${COUNTY}/`, placed(EAST), placed(WEST), `/${EAST}/`];
      for (const pathPrefix of scopes)
        for (const [from, to] of windows) {
          const what = `${pathPrefix} ${from === undefined ? '…' : new Date(from).toISOString()} – ${to === undefined ? '…' : new Date(to).toISOString()}`;
          expect({ what, totals: await repo.totals({ pathPrefix, from, to }) }).toEqual({ what, totals: await oracle(ds, pathPrefix, from, to) });
        }
      const county = statsFromTotals(await repo.totals({ pathPrefix: `/620800/${COUNTY}/`, from: at('2025-01-01'), to: at('2026-01-01') }));
      expect(county).toMatchObject({ received: 4, closed: 1, resolvedAtFirstContact: 1, mediated: 2, mediationSucceeded: 1, resolved: 2 });
      // The township's path before it was placed holds nothing any more.
      expect(statsFromTotals(await repo.totals({ pathPrefix: `/${EAST}/` })).received).toBe(0);
      expect(statsFromTotals(await repo.totals({ pathPrefix: placed(EAST) })).received).toBe(1);

      // The org tree reorganised: WEST moves to another county, and its counts (b, c, d) with it.
      const OTHER = '620823';
      await ds.transaction(async (m) => {
        await projectEvent(
          m,
          step(d, WEST, 3, 'assigned', { orgPath: `/620800/${OTHER}/${WEST}/`, status: 'awaiting-feedback', outcome: 'agreement', warning: 'red' }),
        );
      });
      expect(await ctx.sql(`SELECT path FROM insights.org_units WHERE code = $1`, [WEST])).toEqual([{ path: `/620800/${OTHER}/${WEST}/` }]);
      expect(await ctx.sql(subtreeRollupsDriftSql())).toEqual([]);
      for (const pathPrefix of ['/', '/620800/', `/620800/${COUNTY}/`, `/620800/${OTHER}/`, `/620800/${OTHER}/${WEST}/`, placed(WEST)])
        for (const [from, to] of windows) {
          const what = `${pathPrefix} ${from === undefined ? '…' : new Date(from).toISOString()} – ${to === undefined ? '…' : new Date(to).toISOString()}`;
          expect({ what, totals: await repo.totals({ pathPrefix, from, to }) }).toEqual({ what, totals: await oracle(ds, pathPrefix, from, to) });
        }
      expect(statsFromTotals(await repo.totals({ pathPrefix: `/620800/${COUNTY}/` })).received).toBe(1);
      expect(statsFromTotals(await repo.totals({ pathPrefix: `/620800/${OTHER}/` })).received).toBe(3);
    } finally {
      await ds.destroy();
    }
  });
});
