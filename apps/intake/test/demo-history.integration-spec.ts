import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Commands, type StatsView } from '@fengqiao/contracts';
import { ensureEventsStream, OutboxRelay } from '@fengqiao/messaging';
import { chinaDate } from '@fengqiao/calendar';
import { createTestContext, natsCommand, runAppScript, startApp, waitFor, type RunningApp, type TestContext } from '@fengqiao/testing';

/**
 * Issue 5 item 5: `migrate.js --seed-demo --seed-history` writes a year of the demo county's past
 * cases once, numbered through the live sequences, with their timeline and outbox events; intake's
 * relay publishes them and insights' read model answers the seed reports' proportions. Open cases'
 * registrations carry where they stand (`resume`), closed ones are `historical`.
 */
let ctx: TestContext;
let apps: RunningApp[] = [];
let first: string;
const COUNTY_PATH = '/621100/621102/';

beforeAll(async () => {
  ctx = await createTestContext('demo-history');
  // The owner is bound by the case tables' row-level security too: read as the service.
  await ctx.sql(`SELECT set_config('fq.scope', '*', false)`);
  first = await runAppScript('intake', 'migrate.js', ['--seed-demo', '--seed-history'], ctx.migrationEnv());
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await ctx?.dispose();
});

const count = async (sql: string, params: unknown[] = []) => Number((await ctx.sql<{ n: string }>(sql, params))[0]!.n);

describe('successful seeding of a year of history', () => {
  it('writes a few thousand cases with their events', () => {
    const m = /demo history: (\d+) case\(s\), (\d+) event\(s\)/.exec(first);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(2000);
  });

  it('writes nothing the second time', async () => {
    const before = await Promise.all([
      count(`SELECT count(*) AS n FROM intake.cases`),
      count(`SELECT count(*) AS n FROM intake.outbox`),
      count(`SELECT count(*) AS n FROM intake.case_timeline`),
    ]);
    const again = await runAppScript('intake', 'migrate.js', ['--seed-demo', '--seed-history'], ctx.migrationEnv());
    expect(again).toMatch(/demo history already seeded/);
    const after = await Promise.all([
      count(`SELECT count(*) AS n FROM intake.cases`),
      count(`SELECT count(*) AS n FROM intake.outbox`),
      count(`SELECT count(*) AS n FROM intake.case_timeline`),
    ]);
    expect(after).toEqual(before);
  });

  it('numbers cases <orgUnit>-<year>-<seq> from the live sequences, without gaps or repeats', async () => {
    const groups = await ctx.sql<{ org_unit: string; year: string; n: string; max: string; last: number; bad: string }>(`
      SELECT c.org_unit, split_part(c.case_no, '-', 2) AS year, count(*) AS n, max(split_part(c.case_no, '-', 3)::int) AS max, s.last_value AS last,
             count(*) FILTER (WHERE c.case_no !~ ('^' || c.org_unit || '-\\d{4}-\\d{6}$')) AS bad
      FROM intake.cases c JOIN intake.case_sequences s ON s.org_unit = c.org_unit AND s.year = split_part(c.case_no, '-', 2)::int
      GROUP BY c.org_unit, split_part(c.case_no, '-', 2), s.last_value`);
    expect(new Set(groups.map((g) => g.org_unit)).size).toBe(7);
    for (const g of groups) {
      expect(Number(g.bad)).toBe(0);
      // n numbers, the highest n, the counter at n: 1…n each once, and a live registration gets n + 1.
      expect([Number(g.max), Number(g.last)]).toEqual([Number(g.n), Number(g.n)]);
    }
  });

  it('keeps no ID or phone numbers, and a timeline row with a step number per event', async () => {
    expect(await count(`SELECT count(*) AS n FROM intake.case_parties WHERE id_number_enc IS NOT NULL OR phone_enc IS NOT NULL`)).toBe(0);
    const [cases, events, steps, registered] = await Promise.all([
      count(`SELECT count(*) AS n FROM intake.cases`),
      // The case events (the seed also announces the demo grids it adds: cn.fengqiao.org-unit.upserted.v1).
      count(`SELECT count(*) AS n FROM intake.outbox WHERE type LIKE 'cn.fengqiao.case.%'`),
      count(`SELECT count(*) AS n FROM intake.case_timeline WHERE seq IS NOT NULL`),
      count(`SELECT count(*) AS n FROM intake.outbox WHERE type = 'cn.fengqiao.case.registered.v1'`),
    ]);
    expect(registered).toBe(cases);
    expect(events).toBe(cases + steps);
    expect(
      await count(
        `SELECT count(*) AS n FROM intake.cases c WHERE c.last_seq <> (SELECT coalesce(max(seq), 0) FROM intake.case_timeline t WHERE t.case_id = c.id)`,
      ),
    ).toBe(0);
  });

  it('starts a process for every open case where it stands, and none for a closed one', async () => {
    const rows = await ctx.sql<{
      status: string;
      last_seq: number;
      workflow_id: string;
      kind: string;
      case_no: string;
      created_at: Date;
      data: Record<string, unknown>;
    }>(
      `SELECT c.status, c.last_seq, c.workflow_id, c.kind, c.case_no, c.created_at, o.event->'data' AS data
         FROM intake.cases c JOIN intake.outbox o ON o.type = 'cn.fengqiao.case.registered.v1' AND (o.event->'data'->>'caseId')::uuid = c.id`,
    );
    const open = rows.filter((r) => r.status !== 'closed');
    const closed = rows.filter((r) => r.status === 'closed');
    expect(open.length).toBeGreaterThan(20);
    expect(closed.every((r) => r.data['historical'] === true && r.data['resume'] === undefined)).toBe(true);
    for (const r of open) {
      expect(r.data['historical']).toBeUndefined();
      const resume = r.data['resume'] as { status: string; seq: number; stageStartedAt: string };
      // The process's first step is last_seq + 1: the transition recorder takes it.
      expect(resume).toMatchObject({ status: r.status, seq: r.last_seq });
      expect(r.data['registeredAt']).toBe(r.created_at.toISOString());
      expect(Date.parse(resume.stageStartedAt)).toBeGreaterThanOrEqual(r.created_at.getTime());
    }
    // Each kind's own process id (FQ_PREFIX in front, as intake's registrations name them).
    for (const r of rows) expect(r.workflow_id).toBe(`${ctx.prefix}.${r.kind}-${r.case_no}`);
    expect(new Set(open.map((r) => r.kind)).size).toBeGreaterThan(1);
  });

  it('shows people by name in timelines and as assignees', async () => {
    expect(await count(`SELECT count(*) AS n FROM intake.case_timeline WHERE actor = 'clerk.621102101'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM intake.case_timeline WHERE actor = '受理员 巉口镇'`)).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) AS n FROM intake.cases WHERE assignee->>'id' = 'clerk.621102101' AND assignee->>'name' <> '受理员 巉口镇'`)).toBe(0);
  });

  it('has the outcome mix of the seed reports in the case table', async () => {
    const [row] = await ctx.sql<Record<string, string>>(`
      SELECT count(*) AS received, count(*) FILTER (WHERE status = 'closed') AS closed,
             count(*) FILTER (WHERE status <> 'closed' AND warning = 'red') AS red, count(*) FILTER (WHERE status <> 'closed' AND warning = 'yellow') AS yellow,
             count(*) FILTER (WHERE kind = 'complaint') AS complaints, count(*) FILTER (WHERE kind = 'dispute') AS disputes,
             count(*) FILTER (WHERE rating >= 4) AS satisfied, count(rating) AS rated
      FROM intake.cases`);
    const n = (k: string) => Number(row![k]);
    expect(n('closed') / n('received')).toBeGreaterThan(0.97);
    expect(n('closed') / n('received')).toBeLessThan(0.995);
    expect(n('red') + n('yellow')).toBeGreaterThan(0);
    expect(n('disputes') / n('received')).toBeCloseTo(0.7, 1);
    expect(n('complaints')).toBeGreaterThan(0);
    expect(n('satisfied') / n('rated')).toBeGreaterThan(0.85);
  });
});

describe('the history in the outbox bulk lane', () => {
  it('lets a live event written meanwhile be relayed ahead of the whole history', async () => {
    const live = randomUUID();
    await ctx.sql(
      `INSERT INTO intake.outbox (id, subject, type, event) VALUES ($1, 'fq.evt.621102101.case.registered', 'cn.fengqiao.case.registered.v1', $2)`,
      [live, JSON.stringify({ id: live, data: { probe: true } })],
    );
    const ds = await new DataSource({ type: 'postgres', url: ctx.databaseUrl }).initialize();
    const jsm = await ctx.nats.jetstreamManager();
    // A relay of this test's own, on a stream of its own: intake is not running yet, the history waits unpublished.
    const probePrefix = `${ctx.prefix}probe`;
    const stream = await ensureEventsStream(jsm, probePrefix);
    try {
      const relay = new OutboxRelay({ dataSource: ds, schema: 'intake', js: ctx.nats.jetstream(), subjectPrefix: probePrefix, batchSize: 1 });
      // One row a pass: the live rows (the probe, and the seed's announcements of the demo grids) go first.
      const live = Number((await ctx.sql<{ n: string }>(`SELECT count(*) AS n FROM intake.outbox WHERE NOT bulk AND published_at IS NULL`))[0]!.n);
      for (let i = 0; i < live; i++) await expect(relay.relayOnce()).resolves.toBe(1);
    } finally {
      await ds.destroy();
      await jsm.streams.delete(stream);
    }
    const [row] = await ctx.sql<{ published: boolean; bulk_published: string; bulk_waiting: string }>(
      `SELECT (SELECT published_at IS NOT NULL FROM intake.outbox WHERE id = $1) AS published,
              count(*) FILTER (WHERE bulk AND published_at IS NOT NULL) AS bulk_published,
              count(*) FILTER (WHERE bulk AND published_at IS NULL) AS bulk_waiting
       FROM intake.outbox`,
      [live],
    );
    expect(row!.published).toBe(true);
    expect(Number(row!.bulk_published)).toBe(0);
    expect(Number(row!.bulk_waiting)).toBeGreaterThan(10_000);
    // Gone again, so the read model below counts the history only.
    await ctx.sql(`DELETE FROM intake.outbox WHERE id = $1`, [live]);
  });
});

describe('successful read model of the history', () => {
  it("fills insights from the relayed events: the county's statistics for the past year in the reports' proportions", async () => {
    await runAppScript('insights', 'migrate.js', [], ctx.migrationEnv());
    apps = await Promise.all([startApp('intake', ctx.appEnv()), startApp('insights', ctx.appEnv())]);
    const [expected] = await ctx.sql<{ received: string; closed: string }>(
      `SELECT count(*) AS received, count(*) FILTER (WHERE status = 'closed') AS closed FROM intake.cases WHERE starts_with(org_path, $1)`,
      [COUNTY_PATH],
    );
    const token = await ctx.tokenFor('leader.621102');
    const today = chinaDate(new Date());
    const yearAgo = chinaDate(new Date(Date.parse(`${today}T00:00:00+08:00`) - 365 * 86_400_000));
    const query = { orgUnit: '621102', from: yearAgo, to: today };
    const stats = await waitFor(
      async () => {
        const r = await natsCommand<StatsView>(ctx, Commands.insights.stats, query, token);
        return r.ok && r.value.received === Number(expected!.received) && r.value.closed === Number(expected!.closed) && r.value;
      },
      { what: 'the read model caught up with the history', timeoutMs: 400_000, intervalMs: 2_000 },
    );
    expect(stats.mediationSuccessRate).toBeGreaterThanOrEqual(0.8);
    expect(stats.mediationSuccessRate).toBeLessThanOrEqual(0.84);
    expect(stats.closureRate).toBeGreaterThan(0.97);
    // Petitions (3 % of the cases) end in a written reply and legal aid (2 %) in aid, not a settlement: closed, never
    // "resolved" (docs/metrics.md).
    expect(stats.resolutionRate).toBeGreaterThanOrEqual(0.91);
    expect(stats.satisfactionRate).toBeGreaterThan(0.85);
    expect(stats.avgFirstReplyHours).toBeGreaterThan(2);
    expect(stats.avgFirstReplyHours).toBeLessThan(8);
    expect(stats.onTimeRate).toBeGreaterThan(0.9);
    expect(stats.warnings.red + stats.warnings.yellow).toBeGreaterThan(0);
  }, 480_000);
});

describe('the open cases of the history are live', () => {
  it('get their processes from the orchestrator, which take over where each case stands and offer its actions', async () => {
    const openCount = await count(`SELECT count(*) AS n FROM intake.cases WHERE status <> 'closed'`);
    const before = new Map(
      (await ctx.sql<{ id: string; last_seq: number }>(`SELECT id, last_seq FROM intake.cases WHERE status <> 'closed'`)).map((r) => [r.id, r.last_seq]),
    );
    apps.push(await startApp('orchestrator', ctx.appEnv()));
    // Every open case's first new step is `process-resumed`, numbered right after its history.
    const resumed = await waitFor(
      async () => {
        const rows = await ctx.sql<{ case_id: string; seq: number; status: string; allowed: number; kind: string }>(
          `SELECT t.case_id, t.seq, c.status, jsonb_array_length(c.allowed_actions) AS allowed, c.kind
           FROM intake.case_timeline t JOIN intake.cases c ON c.id = t.case_id WHERE t.type = 'process-resumed'`,
        );
        return rows.length === openCount && rows;
      },
      { what: 'every open case of the history resumed', timeoutMs: 300_000, intervalMs: 2_000 },
    );
    for (const r of resumed) expect(r.seq).toBe(before.get(r.case_id)! + 1);
    expect(resumed.filter((r) => r.status !== 'closed').every((r) => r.allowed > 0)).toBe(true);
    expect(new Set(resumed.map((r) => r.kind)).size).toBeGreaterThan(1);
    // Exactly the open ones: no closed case got a process.
    expect(resumed.every((r) => before.has(r.case_id))).toBe(true);
  }, 360_000);
});
