import type { ScheduleDescription } from '@temporalio/client';
import { keyPersonPurgeSchedule, purgeMatchesWanted } from './key-person-purge.schedule';

const r = (v: number) => [{ start: v, end: v, step: 1 }];
const all = (start: number, end: number) => [{ start, end, step: 1 }];

/** A description as the server returns it for the wanted Schedule (ranges; every day of the month and week). */
function described(
  o: {
    dayOfMonth?: Array<{ start: number; end: number; step: number }>;
    dayOfWeek?: Array<{ start: number | string; end: number | string; step: number }>;
    hour?: number;
    minute?: number;
    timezone?: string;
    workflowType?: string;
    taskQueue?: string;
    args?: unknown[];
    overlap?: string;
    catchupWindow?: number;
  } = {},
): ScheduleDescription {
  return {
    spec: {
      calendars: [
        {
          second: r(0),
          minute: r(o.minute ?? 30),
          hour: r(o.hour ?? 2),
          dayOfMonth: o.dayOfMonth ?? all(1, 31),
          // As the server answers: months and weekdays by name.
          month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
          year: [],
          dayOfWeek: o.dayOfWeek ?? [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
        },
      ],
      timezone: o.timezone ?? 'Asia/Shanghai',
    },
    action: {
      type: 'startWorkflow',
      workflowType: o.workflowType ?? 'keyPersonPurge',
      taskQueue: o.taskQueue ?? 't1.orchestrator',
      args: o.args ?? [{ queuePrefix: 't1' }],
    },
    policies: { overlap: o.overlap ?? 'SKIP', catchupWindow: o.catchupWindow ?? 86_400_000, pauseOnFailure: false },
  } as unknown as ScheduleDescription;
}

describe('the key-person purge Schedule', () => {
  it('fires every day at 02:30 Beijing time and starts keyPersonPurge on the orchestrator queue', () => {
    const s = keyPersonPurgeSchedule('t1');
    expect(s.scheduleId).toBe('t1.key-person-purge');
    expect(s.spec).toMatchObject({ calendars: [{ hour: 2, minute: 30 }], timezone: 'Asia/Shanghai' });
    expect(s.spec.calendars?.[0]).not.toHaveProperty('dayOfMonth');
    expect(s.action).toMatchObject({ type: 'startWorkflow', workflowType: 'keyPersonPurge', taskQueue: 't1.orchestrator', args: [{ queuePrefix: 't1' }] });
    expect(keyPersonPurgeSchedule().scheduleId).toBe('key-person-purge');
  });

  it('leaves a matching Schedule alone and updates one that differs', () => {
    expect(purgeMatchesWanted(described(), 't1')).toBe(true);
    // Unset day ranges mean every day too.
    expect(purgeMatchesWanted(described({ dayOfMonth: [], dayOfWeek: [] }), 't1')).toBe(true);
    expect(purgeMatchesWanted(described({ dayOfMonth: r(5) }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ dayOfWeek: all(0, 6) }), 't1')).toBe(true);
    expect(purgeMatchesWanted(described({ dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ dayOfWeek: r(1) }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ hour: 3 }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ minute: 0 }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ timezone: 'UTC' }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ workflowType: 'monthlyReport' }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ taskQueue: 'orchestrator' }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ args: [{ queuePrefix: 't2' }] }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ overlap: 'ALLOW_ALL' }), 't1')).toBe(false);
    expect(purgeMatchesWanted(described({ catchupWindow: 60_000 }), 't1')).toBe(false);
  });
});
