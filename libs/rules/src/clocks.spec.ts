import { BUILT_IN_NOTICES, WorkCalendar } from '@fengqiao/calendar';
import { DEFAULT_PERIODS, defaultRoutingRules, resolveRule, type CaseClock, type RoutingRule } from '@fengqiao/contracts';
import {
  colourAt,
  expectedDue,
  HOTLINE_DEADLINE_WARNING_LEAD_MS,
  hotlineDeadlineWarnAt,
  nextChange,
  nextChangeAt,
  partClockId,
  startClock,
  worstColour,
} from './clocks';

const calendar = new WorkCalendar(BUILT_IN_NOTICES);
const rule: RoutingRule = resolveRule(defaultRoutingRules([]), '*', 'ordinary');
const at = (iso: string) => Date.parse(iso);

const clock = (over: Partial<CaseClock>): CaseClock => ({
  id: 'c',
  kind: 'mediation',
  owner: 'centre',
  orgUnit: '621102101',
  startedAt: '2026-03-02T01:00:00.000Z',
  yellowAt: '2026-03-10T01:00:00.000Z',
  due: '2026-03-12T15:59:59.000Z',
  colour: 'green',
  provisional: false,
  counts: true,
  ...over,
});

describe('startClock', () => {
  it('starts a green first-reply clock ending on an adjusted working Saturday (Fri 2026-02-13 → Sat 02-14)', () => {
    expect(
      startClock(
        calendar,
        rule,
        { id: 'first-reply', kind: 'first-reply', owner: 'centre', orgUnit: '621102101', period: 'firstReply' },
        at('2026-02-13T10:00:00+08:00'),
      ),
    ).toEqual({
      id: 'first-reply',
      kind: 'first-reply',
      owner: 'centre',
      orgUnit: '621102101',
      startedAt: '2026-02-13T02:00:00.000Z',
      yellowAt: '2026-02-14T08:23:59.200Z',
      due: '2026-02-14T15:59:59.000Z',
      colour: 'green',
      provisional: false,
      counts: true,
    });
  });

  it('counts 15 working days across Mid-Autumn and National Day (Fri 2026-09-18 → Thu 10-15)', () => {
    // Sun Sep 20 (1), Sep 21–24 (5), Sep 28–30 (8), Oct 8, 9, Sat 10 (11), Oct 12–15 (15).
    const c = startClock(
      calendar,
      rule,
      { id: 'mediation', kind: 'mediation', owner: 'centre', orgUnit: '621102101', period: 'mediation' },
      at('2026-09-18T10:00:00+08:00'),
    );
    expect(c).toMatchObject({ due: '2026-10-15T15:59:59.000Z', yellowAt: '2026-10-10T03:35:59.200Z', provisional: false });
  });

  it('rolls a 30-day period ending in the National Day holiday over (Sep 5 → Oct 5 → Thu Oct 8)', () => {
    const c = startClock(
      calendar,
      rule,
      { id: 'joint-handling', kind: 'joint-handling', owner: 'centre', orgUnit: '621102101', period: 'jointHandling' },
      at('2026-09-05T10:00:00+08:00'),
    );
    expect(c).toMatchObject({ due: '2026-10-08T15:59:59.000Z', yellowAt: '2026-10-01T22:47:59.200Z' });
  });

  it('keeps windows that do not colour the case (counts: false)', () => {
    const c = startClock(
      calendar,
      rule,
      { id: 'rating', kind: 'rating', owner: 'resident', orgUnit: '621102101', period: 'rating', counts: false },
      at('2026-03-02T10:00:00+08:00'),
    );
    expect(c).toMatchObject({ counts: false, due: '2026-03-09T15:59:59.000Z' }); // 7 days → Mon Mar 9
  });

  it('uses the yellow point and the minutes of the rule', () => {
    const short: RoutingRule = { ...rule, yellowAt: 0.5, periods: { ...DEFAULT_PERIODS, feedback: { amount: 10, unit: 'minutes' } } };
    const c = startClock(
      calendar,
      short,
      { id: 'feedback', kind: 'feedback', owner: 'centre', orgUnit: '621102101', period: 'feedback' },
      at('2026-03-02T10:00:00+08:00'),
    );
    expect(c).toMatchObject({ startedAt: '2026-03-02T02:00:00.000Z', yellowAt: '2026-03-02T02:05:00.000Z', due: '2026-03-02T02:10:00.000Z' });
  });

  it('never ends before it starts (a zero period ends at once)', () => {
    const zero: RoutingRule = { ...rule, periods: { ...DEFAULT_PERIODS, feedback: { amount: 0, unit: 'minutes' } } };
    const c = startClock(
      calendar,
      zero,
      { id: 'feedback', kind: 'feedback', owner: 'centre', orgUnit: '621102101', period: 'feedback' },
      at('2026-03-02T10:00:00+08:00'),
    );
    expect(c).toMatchObject({ startedAt: '2026-03-02T02:00:00.000Z', yellowAt: '2026-03-02T02:00:00.000Z', due: '2026-03-02T02:00:00.000Z' });
  });

  it('flags a due date in a year without a loaded notice as provisional', () => {
    const c = startClock(
      calendar,
      rule,
      { id: 'mediation', kind: 'mediation', owner: 'centre', orgUnit: '621102101', period: 'mediation' },
      at('2026-12-28T10:00:00+08:00'),
    );
    expect(c.provisional).toBe(true);
  });
});

describe('colourAt', () => {
  const c = clock({});
  it('is green before the yellow point, yellow from it up to and including the due instant, red after', () => {
    expect(colourAt(c, at(c.yellowAt) - 1)).toBe('green');
    expect(colourAt(c, at(c.yellowAt))).toBe('yellow');
    expect(colourAt(c, at(c.due))).toBe('yellow');
    expect(colourAt(c, at(c.due) + 1)).toBe('red');
  });
});

describe('nextChangeAt / nextChange', () => {
  it('is the yellow point for a green clock, just after the due instant for a yellow one, none for red', () => {
    expect(nextChangeAt(clock({}))).toBe(at('2026-03-10T01:00:00.000Z'));
    expect(nextChangeAt(clock({ colour: 'yellow' }))).toBe(at('2026-03-12T15:59:59.000Z') + 1);
    expect(nextChangeAt(clock({ colour: 'red' }))).toBeUndefined();
  });

  it('is the earliest change among the clocks', () => {
    const clocks = [clock({ id: 'a' }), clock({ id: 'b', colour: 'yellow', due: '2026-03-05T15:59:59.000Z' }), clock({ id: 'c', colour: 'red' })];
    expect(nextChange(clocks)).toBe(at('2026-03-05T15:59:59.000Z') + 1);
    expect(nextChange([clock({ colour: 'red' })])).toBeUndefined();
    expect(nextChange([])).toBeUndefined();
  });
});

describe('worstColour', () => {
  it('is the worst colour of the clocks that count', () => {
    expect(worstColour([])).toBe('green');
    expect(worstColour([clock({ colour: 'yellow' }), clock({ colour: 'green' })])).toBe('yellow');
    expect(worstColour([clock({ colour: 'yellow' }), clock({ colour: 'red' })])).toBe('red');
    expect(worstColour([clock({ colour: 'green' }), clock({ kind: 'judicial-confirmation', colour: 'red', counts: false })])).toBe('green');
  });
});

describe('partClockId', () => {
  it('names a department part clock by kind, department and org unit', () => {
    expect(partClockId('report-in', 'housing', '621100')).toBe('report-in:housing@621100');
    expect(partClockId('department-result', 'public-security', '621102101')).toBe('department-result:public-security@621102101');
  });
});

describe('expectedDue', () => {
  it('is the earliest due time of the running clocks that colour the case', () => {
    const first = clock({ id: 'first-reply', kind: 'first-reply', due: '2026-03-03T09:00:00.000Z' });
    const mediation = clock({ id: 'mediation', due: '2026-03-12T15:59:59.000Z' });
    expect(expectedDue({ status: 'mediation', clocks: [mediation, first] })).toBe('2026-03-03T09:00:00.000Z');
    // A parties' window does not count; a stopped clock has no due time while it stands still.
    const window = clock({ id: 'jc', kind: 'judicial-confirmation', due: '2026-03-02T09:00:00.000Z', counts: false });
    const paused = clock({ id: 'p', due: '2026-03-02T10:00:00.000Z', pausedAt: '2026-03-02T02:00:00.000Z' });
    expect(expectedDue({ status: 'mediation', clocks: [window, paused, mediation] })).toBe('2026-03-12T15:59:59.000Z');
  });

  it('is none once closed or with no clock running', () => {
    expect(expectedDue({ status: 'closed', clocks: [clock({})] })).toBeNull();
    expect(expectedDue({ status: 'handling', clocks: [] })).toBeNull();
    expect(expectedDue({ status: 'handling', clocks: [clock({ counts: false })] })).toBeNull();
  });
});

describe('the 12345 deadline warning', () => {
  it('falls the lead time before the deadline, or at once when the order came in later than that', () => {
    const deadline = at('2026-12-12T18:00:00+08:00');
    expect(HOTLINE_DEADLINE_WARNING_LEAD_MS).toBe(24 * 3_600_000);
    expect(hotlineDeadlineWarnAt(deadline, at('2026-12-07T09:00:00+08:00'))).toBe(at('2026-12-11T18:00:00+08:00'));
    expect(hotlineDeadlineWarnAt(deadline, at('2026-12-12T09:00:00+08:00'))).toBe(at('2026-12-12T09:00:00+08:00'));
  });
});
