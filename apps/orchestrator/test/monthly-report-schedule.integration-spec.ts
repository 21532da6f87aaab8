import { createTestContext, type TestContext } from '@fengqiao/testing';
import { keyPersonPurgeScheduleId, monthlyReportScheduleId, WorkflowTypes } from '@fengqiao/contracts';
import { ensureKeyPersonPurgeSchedule } from '../src/key-person-schedule/key-person-purge.schedule';
import { ensureMonthlyReportSchedule } from '../src/reports-schedule/monthly-report.schedule';

// Every orchestrator start brings the Schedule to what the code wants, and leaves it alone when it
// already is: checked against the real Temporal server, whose descriptions differ in shape from
// the options they were created with (ranges, milliseconds, decoded arguments).
describe('the monthly report Schedule on a real Temporal server', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('schedule');
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('is created once, then left unchanged, and put back after someone alters it', async () => {
    const handle = ctx.temporal.schedule.getHandle(monthlyReportScheduleId(ctx.prefix));

    await expect(ensureMonthlyReportSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('created');
    await expect(ensureMonthlyReportSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('unchanged');

    await handle.update((s) => ({ ...s, spec: { ...s.spec, calendars: [{ dayOfMonth: 1, hour: 0, minute: 0 }] } }));
    await expect(ensureMonthlyReportSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('updated');

    await handle.update((s) => ({ ...s, action: s.action.type === 'startWorkflow' ? { ...s.action, args: [{ queuePrefix: 'someone-else' }] } : s.action }));
    await expect(ensureMonthlyReportSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('updated');

    await expect(ensureMonthlyReportSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('unchanged');
    const d = await handle.describe();
    expect(d.spec.calendars?.[0]?.dayOfMonth).toEqual([{ start: 5, end: 5, step: 1 }]);
    expect(d.action.type === 'startWorkflow' && d.action.args).toEqual([{ queuePrefix: ctx.prefix }]);
  });
});

describe('the key-person purge Schedule on a real Temporal server', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('kp-purge-schedule');
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it('is created once, then left unchanged (every day as the server describes it), and put back after someone alters it', async () => {
    const handle = ctx.temporal.schedule.getHandle(keyPersonPurgeScheduleId(ctx.prefix));
    try {
      await expect(ensureKeyPersonPurgeSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('created');
      await expect(ensureKeyPersonPurgeSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('unchanged');

      await handle.update((s) => ({ ...s, spec: { ...s.spec, calendars: [{ dayOfMonth: 1, hour: 2, minute: 30 }] } }));
      await expect(ensureKeyPersonPurgeSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('updated');
      await expect(ensureKeyPersonPurgeSchedule(ctx.temporal, ctx.prefix)).resolves.toBe('unchanged');
      const d = await handle.describe();
      expect(d.spec.calendars?.[0]?.hour).toEqual([{ start: 2, end: 2, step: 1 }]);
      expect(d.action.type === 'startWorkflow' && d.action.workflowType).toBe(WorkflowTypes.keyPersonPurge);
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });
});
