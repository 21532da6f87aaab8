import type { ScheduleDescription } from '@temporalio/client';
import { loadOrchestratorConfig } from '../config/orchestrator.config';
import { checkInRollCallSchedule, parseRollCalls, rollCallMatchesWanted } from './check-in.schedule';

const r = (v: number) => [{ start: v, end: v, step: 1 }];

/** A description as the server returns it for a daily Schedule (ranges; every day of the month and week). */
function described(o: { hour?: number; minute?: number; args?: unknown[] } = {}): ScheduleDescription {
  return {
    spec: {
      calendars: [
        {
          second: r(0),
          minute: r(o.minute ?? 30),
          hour: r(o.hour ?? 9),
          dayOfMonth: [{ start: 1, end: 31, step: 1 }],
          month: [{ start: 1, end: 12, step: 1 }],
          year: [],
          dayOfWeek: [{ start: 0, end: 6, step: 1 }],
        },
      ],
      timezone: 'Asia/Shanghai',
    },
    action: {
      type: 'startWorkflow',
      workflowType: 'checkInRollCall',
      taskQueue: 't1.orchestrator',
      args: o.args ?? [{ county: '621103', hour: 9, minute: 30, queuePrefix: 't1' }],
    },
    policies: { overlap: 'SKIP', catchupWindow: 86_400_000, pauseOnFailure: false },
  } as unknown as ScheduleDescription;
}

describe('the counties whose check-in is rolled call (CHECK_IN_ROLL_CALLS)', () => {
  it('gives each county its own time or the default', () => {
    expect(parseRollCalls(' 621102, 621103@09:30 ,', '10:15')).toEqual([
      { county: '621102', hour: 10, minute: 15 },
      { county: '621103', hour: 9, minute: 30 },
    ]);
    expect(parseRollCalls('')).toEqual([]);
  });

  it('defaults to the demo county at 10:00 Beijing time', () => {
    const c = loadOrchestratorConfig({});
    expect(parseRollCalls(c.CHECK_IN_ROLL_CALLS, c.CHECK_IN_ROLL_CALL_TIME)).toEqual([{ county: '621102', hour: 10, minute: 0 }]);
  });

  it.each([
    ['6211021', /not a county code/],
    ['621102@25:00', /must be HH:MM/],
    ['621102@9', /must be HH:MM/],
    ['621102,621102@08:00', /appears twice/],
  ])('refuses %s', (list, message) => {
    expect(() => parseRollCalls(list)).toThrow(message);
  });

  it('refuses a default time that is no time of day', () => {
    expect(() => parseRollCalls('621102', '10h')).toThrow(/CHECK_IN_ROLL_CALL_TIME/);
  });
});

describe("a county's roll-call Schedule", () => {
  it("fires every day at the county's time, Beijing time, and starts checkInRollCall for that county on the orchestrator queue", () => {
    const s = checkInRollCallSchedule({ county: '621103', hour: 9, minute: 30 }, 't1');
    expect(s.scheduleId).toBe('t1.check-in-roll-call-621103');
    expect(s.spec.calendars).toEqual([expect.not.objectContaining({ dayOfMonth: expect.anything() })]);
    expect(s.spec).toMatchObject({ calendars: [{ hour: 9, minute: 30 }], timezone: 'Asia/Shanghai' });
    expect(s.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'checkInRollCall',
      taskQueue: 't1.orchestrator',
      args: [{ county: '621103', hour: 9, minute: 30, queuePrefix: 't1' }],
    });
    expect(checkInRollCallSchedule({ county: '621102', hour: 10, minute: 0 }).scheduleId).toBe('check-in-roll-call-621102');
  });

  it('leaves a matching Schedule alone and updates one whose time or county differs', () => {
    const c = { county: '621103', hour: 9, minute: 30 };
    expect(rollCallMatchesWanted(described(), c, 't1')).toBe(true);
    expect(rollCallMatchesWanted(described({ hour: 10 }), c, 't1')).toBe(false);
    expect(rollCallMatchesWanted(described({ minute: 0 }), c, 't1')).toBe(false);
    expect(rollCallMatchesWanted(described({ args: [{ county: '621102', hour: 9, minute: 30, queuePrefix: 't1' }] }), c, 't1')).toBe(false);
    // The county's hour changed in the configuration: the input carries it too.
    expect(rollCallMatchesWanted(described({ hour: 8 }), { ...c, hour: 8 }, 't1')).toBe(false);
  });
});
