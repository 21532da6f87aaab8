import {
  addMonthsBeijing,
  beijingDay,
  CURRENT_KEY_PERSON_CADENCE,
  dailyReportDue,
  daysOf,
  endOfBeijingDay,
  keyPersonCadence,
  nextDue,
  obligationKey,
} from './key-person.cadence';

const DAY = 24 * 60 * 60 * 1000;
const at = (s: string) => Date.parse(s);
const bj = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
const cadence = keyPersonCadence(1);

describe('the cadence table', () => {
  it('meets low monthly (30 d), medium fortnightly (14 d), high weekly (7 d); red 7 / 4 / 2 days after', () => {
    const last = at('2027-03-01T10:00:00+08:00');
    expect(nextDue(cadence, 'contact', 'low', last)).toEqual({ dueAt: last + 30 * DAY, redAt: last + 37 * DAY });
    expect(nextDue(cadence, 'contact', 'medium', last)).toEqual({ dueAt: last + 14 * DAY, redAt: last + 18 * DAY });
    expect(nextDue(cadence, 'contact', 'high', last)).toEqual({ dueAt: last + 7 * DAY, redAt: last + 9 * DAY });
  });

  it('keeps a run’s version; an unknown version falls back to the current one', () => {
    expect(keyPersonCadence(1).version).toBe(1);
    expect(keyPersonCadence(undefined)).toBe(CURRENT_KEY_PERSON_CADENCE);
    expect(keyPersonCadence(999)).toBe(CURRENT_KEY_PERSON_CADENCE);
  });
});

describe('assessment and summary in calendar months, Beijing time', () => {
  it('assesses quarterly and sums up yearly, red 7 days after due', () => {
    const last = at('2027-03-15T09:00:00+08:00');
    const a = nextDue(cadence, 'assessment', 'low', last);
    expect(bj(a.dueAt)).toBe('2027-06-15T09:00:00.000+08:00');
    expect(a.redAt - a.dueAt).toBe(7 * DAY);
    expect(bj(nextDue(cadence, 'summary', 'high', last).dueAt)).toBe('2028-03-15T09:00:00.000+08:00');
  });

  it('ends on the last day of a shorter month (民法典 §202), leap years included', () => {
    expect(bj(addMonthsBeijing(at('2027-11-30T10:00:00+08:00'), 3))).toBe('2028-02-29T10:00:00.000+08:00');
    expect(bj(addMonthsBeijing(at('2027-05-31T10:00:00+08:00'), 3))).toBe('2027-08-31T10:00:00.000+08:00');
    expect(bj(addMonthsBeijing(at('2027-08-31T10:00:00+08:00'), 3))).toBe('2027-11-30T10:00:00.000+08:00');
    expect(bj(addMonthsBeijing(at('2028-02-29T10:00:00+08:00'), 12))).toBe('2029-02-28T10:00:00.000+08:00');
    expect(bj(addMonthsBeijing(at('2027-10-31T10:00:00+08:00'), 3))).toBe('2028-01-31T10:00:00.000+08:00');
  });

  it('counts the month in Beijing, not UTC (01:00 on the 31st in Beijing is the 30th in UTC)', () => {
    // UTC arithmetic would give 30 June 17:00 UTC = 1 July in Beijing.
    expect(bj(addMonthsBeijing(at('2027-03-31T01:00:00+08:00'), 3))).toBe('2027-06-30T01:00:00.000+08:00');
    expect(bj(addMonthsBeijing(at('2027-01-01T00:30:00+08:00'), 1))).toBe('2027-02-01T00:30:00.000+08:00');
  });
});

describe('Beijing days', () => {
  it('a day ends at the next Beijing midnight (16:00 UTC)', () => {
    expect(new Date(endOfBeijingDay('2027-10-01')).toISOString()).toBe('2027-10-01T16:00:00.000Z');
    expect(new Date(endOfBeijingDay('2027-12-31')).toISOString()).toBe('2027-12-31T16:00:00.000Z');
    expect(new Date(endOfBeijingDay('2028-02-28')).toISOString()).toBe('2028-02-28T16:00:00.000Z');
  });

  it('the Beijing date of an instant', () => {
    expect(beijingDay(at('2027-09-30T16:30:00Z'))).toBe('2027-10-01');
    expect(beijingDay(at('2027-09-30T15:59:59Z'))).toBe('2027-09-30');
  });

  it('lists every day of a period, both ends included, across month and year ends', () => {
    expect(daysOf('2027-10-01', '2027-10-03')).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
    expect(daysOf('2027-12-30', '2028-01-02')).toEqual(['2027-12-30', '2027-12-31', '2028-01-01', '2028-01-02']);
    expect(daysOf('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysOf('2027-10-01', '2027-10-01')).toEqual(['2027-10-01']);
    expect(daysOf('2027-10-02', '2027-10-01')).toEqual([]);
  });

  it('a daily report is due at its day’s end and red 12 hours later', () => {
    const d = dailyReportDue(cadence, '2027-10-01');
    expect(new Date(d.dueAt).toISOString()).toBe('2027-10-01T16:00:00.000Z');
    expect(new Date(d.redAt).toISOString()).toBe('2027-10-02T04:00:00.000Z');
  });

  it('keys obligations stably', () => {
    expect(obligationKey('contact')).toBe('contact');
    expect(obligationKey('daily-report', 'p-1', '2027-10-01')).toBe('daily-report:p-1/2027-10-01');
  });
});
