import type { ScheduleDescription } from '@temporalio/client';
import { matchesWanted, monthlyReportSchedule } from './monthly-report.schedule';

const r = (v: number) => [{ start: v, end: v, step: 1 }];

/** A description as the server returns it for the wanted Schedule (ranges, not loose values). */
function described(
  o: { day?: number; hour?: number; timezone?: string; taskQueue?: string; args?: unknown[]; overlap?: string; catchupWindow?: number } = {},
): ScheduleDescription {
  return {
    spec: {
      calendars: [
        { second: r(0), minute: r(0), hour: r(o.hour ?? 8), dayOfMonth: r(o.day ?? 5), month: [{ start: 1, end: 12, step: 1 }], year: [], dayOfWeek: [] },
      ],
      timezone: o.timezone ?? 'Asia/Shanghai',
    },
    action: { type: 'startWorkflow', workflowType: 'monthlyReport', taskQueue: o.taskQueue ?? 't1.orchestrator', args: o.args ?? [{ queuePrefix: 't1' }] },
    policies: { overlap: o.overlap ?? 'SKIP', catchupWindow: o.catchupWindow ?? 86_400_000, pauseOnFailure: false },
  } as unknown as ScheduleDescription;
}

describe('the monthly report Schedule', () => {
  it('fires on the 5th at 08:00 Beijing time and starts monthlyReport on the orchestrator queue', () => {
    const s = monthlyReportSchedule('t1');
    expect(s.scheduleId).toBe('t1.monthly-report');
    expect(s.spec).toMatchObject({ calendars: [{ dayOfMonth: 5, hour: 8, minute: 0 }], timezone: 'Asia/Shanghai' });
    expect(s.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthlyReport', taskQueue: 't1.orchestrator', args: [{ queuePrefix: 't1' }] });
    expect(monthlyReportSchedule().scheduleId).toBe('monthly-report');
  });

  it('leaves a matching Schedule alone and updates one that differs', () => {
    expect(matchesWanted(described(), 't1')).toBe(true);
    expect(matchesWanted(described({ day: 1 }), 't1')).toBe(false);
    expect(matchesWanted(described({ hour: 0 }), 't1')).toBe(false);
    expect(matchesWanted(described({ timezone: 'UTC' }), 't1')).toBe(false);
    expect(matchesWanted(described({ taskQueue: 'orchestrator' }), 't1')).toBe(false);
    expect(matchesWanted(described({ args: [{ queuePrefix: 't2' }] }), 't1')).toBe(false);
    expect(matchesWanted(described({ args: [] }), 't1')).toBe(false);
    expect(matchesWanted(described({ overlap: 'ALLOW_ALL' }), 't1')).toBe(false);
    expect(matchesWanted(described({ catchupWindow: 60_000 }), 't1')).toBe(false);
  });
});
