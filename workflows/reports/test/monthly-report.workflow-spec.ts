import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  completed,
  createFakeInsights,
  createTimeSkippingEnv,
  DEMO_UNITS,
  quietTemporalLogs,
  skipTo,
  startMonthlyReport,
  startWorkers,
  type FakeInsights,
} from './support/reports.harness';

/*
 * The monthly report under Temporal's time-skipping server: the run reports on the China-time
 * month before its start (a Schedule's runs start on the 5th at 08:00 Asia/Shanghai), one report
 * per county and township, built and stored by insights' activities on the insights queue.
 * (The Java test server has no Schedules: the Schedule itself is triggered on the dev server in
 * monthly-report-schedule.workflow-spec.ts and end to end in apps/gateway/test/reports.e2e-spec.ts.)
 */
jest.setTimeout(120_000);

const PREFIX = 'wf-reports';
let env: TestWorkflowEnvironment;
let insights: FakeInsights;
let workers: { stop(): Promise<void> };

beforeAll(async () => {
  quietTemporalLogs();
  // 00:30 on 1 December in Beijing is still 30 November in UTC.
  env = await createTimeSkippingEnv('2026-12-01T00:30:00+08:00');
  insights = createFakeInsights();
  workers = await startWorkers(env, PREFIX, insights);
});

afterAll(async () => {
  await workers?.stop();
  await env?.teardown();
});

const runAt = async (id: string, input: Parameters<typeof startMonthlyReport>[2] = { queuePrefix: PREFIX }) => {
  const before = insights.calls.length;
  const result = await completed(env, await startMonthlyReport(env, `${PREFIX}.${id}`, input));
  return { result, calls: insights.calls.slice(before) };
};

describe('successful monthly reports', () => {
  it('reports November for a run just after midnight on 1 December, China time (UTC still says 30 November)', async () => {
    const { result, calls } = await runAt('dec-01');
    expect(result.month).toBe('2026-11');
    expect(result.reports.map((r) => r.orgUnit)).toEqual(DEMO_UNITS.map((u) => u.code));
    expect(calls.map((c) => c.name)).toEqual(['reportUnits', ...DEMO_UNITS.flatMap(() => ['buildMonthlyReport', 'storeMonthlyReport'])]);
    expect(new Set(calls.map((c) => c.queue))).toEqual(new Set([`${PREFIX}.insights`]));
    const stored = calls.filter((c) => c.name === 'storeMonthlyReport').map((c) => c.input['workflowId']);
    expect(new Set(stored)).toEqual(new Set([`${PREFIX}.dec-01`]));
  });

  it("reports 2026-11 at the Schedule's time on 5 December 08:00 +08:00, keeping the stored ids (idempotent per month and unit)", async () => {
    const first = [...insights.stored.values()].map((s) => s.id);
    await skipTo(env, '2026-12-05T08:00:00+08:00');
    const { result } = await runAt('dec-05');
    expect(result.month).toBe('2026-11');
    expect(result.reports.map((r) => r.id)).toEqual(first);
    expect(insights.stored.size).toBe(DEMO_UNITS.length);
  });

  it('reports 2026-12 on 5 January 2027 (across the year)', async () => {
    await skipTo(env, '2027-01-05T08:00:00+08:00');
    const { result, calls } = await runAt('jan-05');
    expect(result.month).toBe('2026-12');
    expect(calls.filter((c) => c.name === 'buildMonthlyReport').map((c) => c.input['month'])).toEqual(['2026-12', '2026-12', '2026-12']);
    expect(insights.stored.has('2026-12/621102101')).toBe(true);
  });

  it('reports the month an admin names, for the units named', async () => {
    const { result, calls } = await runAt('admin-2026-10', { month: '2026-10', orgUnits: ['621102101'], queuePrefix: PREFIX, requestedBy: 'admin' });
    expect(result).toEqual({ month: '2026-10', reports: [{ id: expect.any(String), orgUnit: '621102101' }] });
    expect(calls[0]).toMatchObject({ name: 'reportUnits', input: { orgUnits: ['621102101'] } });
    expect(insights.monthsBuilt()).toEqual(['2026-11', '2026-12', '2026-10']);
  });
});

describe('failing monthly reports', () => {
  it('fails a run given something that is not a month, without calling insights', async () => {
    const before = insights.calls.length;
    const handle = await startMonthlyReport(env, `${PREFIX}.bad-month`, { month: '2026-13', queuePrefix: PREFIX });
    await expect(completed(env, handle)).rejects.toThrow();
    expect((await handle.describe()).status.name).toBe('FAILED');
    expect(insights.calls.length).toBe(before);
  });
});
