import { createTestContext, type TestContext } from '@fengqiao/testing';
import { checkInRollCallScheduleId } from '@fengqiao/contracts';
import { ensureCheckInRollCallSchedules } from '../src/check-in-schedule/check-in.schedule';

// The Java time-skipping server has no Schedules: the roll-call workflow is tested with time skipping in
// workflows/reports/test/check-in-roll-call.workflow-spec.ts, and the per-county Schedules here on the
// real dev server (created, left alone, moved when a county's hour changes in the configuration).
describe('the check-in roll-call Schedules on a real Temporal server', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext('check-in-schedule');
  });
  afterAll(async () => {
    await ctx?.dispose();
  });

  it("keeps one Schedule per county at the county's time, and moves it when the configured time changes", async () => {
    const handles = ['621102', '621103'].map((c) => ctx.temporal.schedule.getHandle(checkInRollCallScheduleId(c, ctx.prefix)));
    try {
      const counties = [
        { county: '621102', hour: 10, minute: 0 },
        { county: '621103', hour: 9, minute: 30 },
      ];
      await expect(ensureCheckInRollCallSchedules(ctx.temporal, counties, ctx.prefix)).resolves.toEqual({ '621102': 'created', '621103': 'created' });
      await expect(ensureCheckInRollCallSchedules(ctx.temporal, counties, ctx.prefix)).resolves.toEqual({ '621102': 'unchanged', '621103': 'unchanged' });

      const later = [counties[0]!, { county: '621103', hour: 11, minute: 45 }];
      await expect(ensureCheckInRollCallSchedules(ctx.temporal, later, ctx.prefix)).resolves.toEqual({ '621102': 'unchanged', '621103': 'updated' });
      await expect(ensureCheckInRollCallSchedules(ctx.temporal, later, ctx.prefix)).resolves.toEqual({ '621102': 'unchanged', '621103': 'unchanged' });

      const d = await handles[1]!.describe();
      expect(d.spec.timezone).toBe('Asia/Shanghai');
      expect(d.spec.calendars?.[0]?.hour).toEqual([{ start: 11, end: 11, step: 1 }]);
      expect(d.spec.calendars?.[0]?.minute).toEqual([{ start: 45, end: 45, step: 1 }]);
      expect(d.action.type === 'startWorkflow' && d.action.workflowType).toBe('checkInRollCall');
      expect(d.action.type === 'startWorkflow' && d.action.args).toEqual([{ county: '621103', hour: 11, minute: 45, queuePrefix: ctx.prefix }]);
    } finally {
      await Promise.all(handles.map((h) => h.delete().catch(() => undefined)));
    }
  });
});
