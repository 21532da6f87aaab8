import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { CalendarException } from './calendar.exception';
import { formatChinaTime } from './china-time';
import { CN_2025 } from './holidays/cn-2025';
import { CN_2026 } from './holidays/cn-2026';
import type { HolidayNotice } from './holidays/holiday-notice';
import { defaultCalendar, WorkCalendar } from './index';

const cal = defaultCalendar();
const due = (r: { due: Date }) => formatChinaTime(r.due);

describe('WorkCalendar', () => {
  describe('isWorkingDay', () => {
    it('knows loaded years', () => {
      expect(cal.isLoaded(2025)).toBe(true);
      expect(cal.isLoaded(2026)).toBe(true);
      expect(cal.isLoaded(2027)).toBe(false);
    });

    it.each([
      ['2026-01-04', true], // adjusted Sunday (元旦调休)
      ['2026-01-03', false], // Saturday inside New Year
      ['2026-01-01', false], // Thursday, New Year
      ['2026-01-05', true],
      ['2026-02-14', true], // adjusted Saturday before Spring Festival
      ['2026-02-16', false], // Monday inside Spring Festival
      ['2026-02-23', false], // last day of Spring Festival, a Monday
      ['2026-02-24', true],
      ['2026-02-28', true], // adjusted Saturday after Spring Festival
      ['2026-03-01', false], // ordinary Sunday
      ['2026-10-08', true],
      ['2026-10-10', true], // adjusted Saturday after National Day
      ['2026-11-21', false],
      ['2025-10-08', false], // 2025 National Day ran to Oct 8
      ['2025-10-11', true],
    ])('%s → %p', (date, expected) => {
      expect(cal.isWorkingDay(date)).toBe(expected);
    });

    it('uses the China date of an instant', () => {
      // 2026-01-03T16:30Z is Sunday 2026-01-04 00:30 in China: an adjusted working day.
      expect(cal.isWorkingDay(new Date(Date.UTC(2026, 0, 3, 16, 30)))).toBe(true);
      expect(cal.isWorkingDay(new Date(Date.UTC(2026, 0, 3, 15, 30)))).toBe(false);
    });
  });

  describe('addWorkingDays (start day not counted, ends 23:59:59 +08:00)', () => {
    it('first reply registered on Friday 2026-11-20 is due Monday 2026-11-23', () => {
      const r = cal.addWorkingDays('2026-11-20T10:15:00+08:00', 1);
      expect(due(r)).toBe('2026-11-23T23:59:59+08:00');
      expect(r.provisional).toBe(false);
    });

    it('3 working days from Thursday 2026-11-19 end on Tuesday 2026-11-24', () => {
      expect(due(cal.addWorkingDays('2026-11-19', 3))).toBe('2026-11-24T23:59:59+08:00');
    });

    it('uses the China date, not the UTC date, of a Date input', () => {
      // 2026-11-19T17:00Z = Friday 01:00 in China → next working day is Monday, not Friday.
      expect(due(cal.addWorkingDays(new Date(Date.UTC(2026, 10, 19, 17, 0)), 1))).toBe('2026-11-23T23:59:59+08:00');
    });

    it.each([
      [1, '2026-10-08'], // Oct 1–7 off
      [2, '2026-10-09'],
      [3, '2026-10-10'], // adjusted Saturday
      [4, '2026-10-12'], // Oct 11 is an ordinary Sunday
    ])('from 2026-09-30 across National Day, %i working day(s) → %s', (n, expected) => {
      expect(due(cal.addWorkingDays('2026-09-30T17:45:00+08:00', n))).toBe(`${expected}T23:59:59+08:00`);
    });

    it('Spring Festival 2026: adjusted Saturdays count, the 9 days off do not', () => {
      expect(due(cal.addWorkingDays('2026-02-13', 1))).toBe('2026-02-14T23:59:59+08:00');
      expect(due(cal.addWorkingDays('2026-02-14', 1))).toBe('2026-02-24T23:59:59+08:00');
      expect(due(cal.addWorkingDays('2026-02-14', 5))).toBe('2026-02-28T23:59:59+08:00');
      expect(due(cal.addWorkingDays('2026-02-14', 6))).toBe('2026-03-02T23:59:59+08:00');
    });

    it('15 working days (difficult dispute) from 2026-09-18 skip Mid-Autumn and National Day', () => {
      // Working: 9/20(adj) 21 22 23 24 | 28 29 30 | 10/8 9 10(adj) 12 13 14 15
      expect(due(cal.addWorkingDays('2026-09-18', 15))).toBe('2026-10-15T23:59:59+08:00');
    });

    it('counts from the next working day when registered on a rest day', () => {
      expect(due(cal.addWorkingDays('2026-11-21T09:00:00+08:00', 1))).toBe('2026-11-23T23:59:59+08:00');
    });

    it('n = 0 means the end of the same working day', () => {
      expect(due(cal.addWorkingDays('2026-11-20T10:00', 0))).toBe('2026-11-20T23:59:59+08:00');
      expect(due(cal.addWorkingDays('2026-10-03T10:00', 0))).toBe('2026-10-08T23:59:59+08:00');
    });

    it('is provisional when it reaches 2027 (no notice loaded: weekends only, never guessed)', () => {
      const r = cal.addWorkingDays('2026-12-30', 3);
      // Dec 31 (Thu), Jan 1 2027 (Fri — counted, since 2027 is unknown), Jan 4 (Mon).
      expect(due(r)).toBe('2027-01-04T23:59:59+08:00');
      expect(r.provisional).toBe(true);
      expect(cal.addWorkingDays('2026-12-29', 2).provisional).toBe(false);
    });

    it('stops being provisional once the year is loaded', () => {
      const cn2027: HolidayNotice = {
        year: 2027,
        notice: 'test',
        publishedOn: '2026-11-10',
        daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'],
        adjustedWorkdays: [],
      };
      const withNext = cal.withNotice(cn2027);
      const r = withNext.addWorkingDays('2026-12-30', 3);
      expect(due(r)).toBe('2027-01-05T23:59:59+08:00');
      expect(r.provisional).toBe(false);
      expect(cal.isLoaded(2027)).toBe(false); // the shared calendar is untouched
    });

    it.each([-1, 1.5, Number.NaN])('rejects n = %p', (n) => {
      expect(() => cal.addWorkingDays('2026-11-20', n)).toThrow(CalendarException);
    });
  });

  describe('addCalendarDays (民法典 §201, §203 roll-over)', () => {
    it('ends on the n-th day after the start day when that is a working day', () => {
      // 5 days from Wednesday 2026-11-18 → Monday 2026-11-23.
      const r = cal.addCalendarDays('2026-11-18T16:00:00+08:00', 5);
      expect(due(r)).toBe('2026-11-23T23:59:59+08:00');
      expect(r.provisional).toBe(false);
    });

    it('rolls a last day inside a statutory holiday to the first working day after it', () => {
      expect(due(cal.addCalendarDays('2026-09-16', 15))).toBe('2026-10-08T23:59:59+08:00'); // Oct 1
      expect(due(cal.addCalendarDays('2026-01-16', 30))).toBe('2026-02-24T23:59:59+08:00'); // Feb 15
    });

    // Decision: ordinary weekends are 节假日 for §203 / 民事诉讼法 §85, as in judicial practice.
    it('rolls a last day on an ordinary weekend to Monday', () => {
      expect(due(cal.addCalendarDays('2026-11-06', 15))).toBe('2026-11-23T23:59:59+08:00'); // Sat Nov 21
    });

    it('does not roll a last day on an adjusted working weekend', () => {
      expect(due(cal.addCalendarDays('2026-09-30', 10))).toBe('2026-10-10T23:59:59+08:00'); // Sat, adjusted
      expect(due(cal.addCalendarDays('2026-09-05', 15))).toBe('2026-09-20T23:59:59+08:00'); // Sun, adjusted
    });

    it('is provisional when the last day lies in an unloaded year', () => {
      const r = cal.addCalendarDays('2026-12-01', 60); // Sat 2027-01-30 → Mon 2027-02-01
      expect(due(r)).toBe('2027-02-01T23:59:59+08:00');
      expect(r.provisional).toBe(true);
    });
  });

  describe('addMonths (民法典 §202)', () => {
    it.each([
      ['2025-01-31', 1, '2025-02-28'], // month-end rule
      ['2026-01-31', 1, '2026-02-28'], // Feb 28 2026 is an adjusted working Saturday: no roll-over
      ['2025-03-31', 1, '2025-04-30'],
      ['2026-09-01', 1, '2026-10-08'], // Oct 1 is National Day → roll-over
      ['2025-12-15', 2, '2026-02-24'], // Feb 15 is Spring Festival → roll-over
      ['2026-05-20', 3, '2026-08-20'],
    ])('%s + %i month(s) → %s', (start, n, expected) => {
      const r = cal.addMonths(start, n);
      expect(due(r)).toBe(`${expected}T23:59:59+08:00`);
      expect(r.provisional).toBe(false);
    });

    it('leap February in an unloaded year is provisional', () => {
      const r = cal.addMonths('2024-01-31', 1);
      expect(due(r)).toBe('2024-02-29T23:59:59+08:00');
      expect(r.provisional).toBe(true);
    });
  });

  describe('addWorkingHours (08:30–12:00, 14:30–18:00 by default)', () => {
    it.each([
      ['2026-11-23T09:00', 2, '2026-11-23T11:00:00+08:00'],
      ['2026-11-23T11:00', 2, '2026-11-23T15:30:00+08:00'], // across lunch
      ['2026-11-23T11:00', 1, '2026-11-23T12:00:00+08:00'], // ends exactly at lunch
      ['2026-11-23T12:30', 1, '2026-11-23T15:30:00+08:00'], // starts during lunch
      ['2026-11-23T11:45', 0.5, '2026-11-23T14:45:00+08:00'],
      ['2026-11-23T07:00', 1, '2026-11-23T09:30:00+08:00'], // before office hours
      ['2026-11-23T17:00', 2, '2026-11-24T09:30:00+08:00'], // overnight
      ['2026-11-23T20:00', 2, '2026-11-24T10:30:00+08:00'], // after hours
      ['2026-11-20T17:30', 2, '2026-11-23T10:00:00+08:00'], // over a weekend
      ['2026-09-30T17:00', 2, '2026-10-08T09:30:00+08:00'], // over National Day
      ['2026-10-09T17:00', 2, '2026-10-10T09:30:00+08:00'], // into an adjusted Saturday
      ['2026-11-23T09:00', 8, '2026-11-24T10:00:00+08:00'], // 6.5 h left on Monday, 1.5 h on Tuesday
    ])('%s + %p h → %s', (start, hours, expected) => {
      const r = cal.addWorkingHours(start, hours);
      expect(formatChinaTime(r.due)).toBe(expected);
      expect(r.provisional).toBe(false);
    });

    it('accepts other office hours, with or without lunch', () => {
      const nineToFive = { dayStart: '09:00', dayEnd: '17:00' };
      expect(due(cal.addWorkingHours('2026-11-23T16:00', 2, nineToFive))).toBe('2026-11-24T10:00:00+08:00');
      const shortLunch = { dayStart: '09:00', lunch: ['12:00', '13:00'] as const, dayEnd: '17:00' };
      expect(due(cal.addWorkingHours('2026-11-23T11:30', 1, shortLunch))).toBe('2026-11-23T13:30:00+08:00');
    });

    it('is provisional when it runs into 2027', () => {
      const r = cal.addWorkingHours('2026-12-31T17:30', 2);
      expect(due(r)).toBe('2027-01-01T10:00:00+08:00');
      expect(r.provisional).toBe(true);
    });

    it('rejects bad office hours and negative hours', () => {
      expect(() => cal.addWorkingHours('2026-11-23T09:00', 1, { dayStart: '18:00', dayEnd: '08:30' })).toThrow(CalendarException);
      expect(() => cal.addWorkingHours('2026-11-23T09:00', 1, { dayStart: '08:30', lunch: ['14:30', '12:00'], dayEnd: '18:00' })).toThrow(/办公时间配置无效/);
      expect(() => cal.addWorkingHours('2026-11-23T09:00', 1, { dayStart: '8:30', dayEnd: '18:00' })).toThrow(CalendarException);
      expect(() => cal.addWorkingHours('2026-11-23T09:00', -1)).toThrow(CalendarException);
    });
  });

  describe('construction', () => {
    it('rejects two notices for one year', () => {
      expect(() => new WorkCalendar([CN_2025, CN_2026, CN_2026])).toThrow(expect.objectContaining({ code: 'duplicate-notice' }));
    });

    it('rejects an invalid notice', () => {
      const broken = { ...CN_2026, adjustedWorkdays: ['2026-10-09'] }; // a Friday
      expect(() => new WorkCalendar([broken])).toThrow(expect.objectContaining({ code: 'invalid-notice' }));
    });

    it('without notices treats every year as unloaded', () => {
      const r = new WorkCalendar().addWorkingDays('2026-09-30', 1);
      expect(due(r)).toBe('2026-10-01T23:59:59+08:00');
      expect(r.provisional).toBe(true);
    });

    it('exposes its notices by year', () => {
      expect(cal.notices.map((n) => n.notice)).toEqual([CN_2025.notice, CN_2026.notice]);
    });
  });
});

describe('Temporal-safe source', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
    });

  it.each(sources(__dirname).map((p) => [p.slice(__dirname.length + 1), p]))('%s has only relative imports and no clock', (_, path) => {
    const text = readFileSync(path, 'utf8');
    for (const [, specifier] of text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) expect(specifier).toMatch(/^\.\.?\//);
    expect(text).not.toMatch(/\brequire\s*\(|\bimport\s*\(/);
    expect(text).not.toMatch(/Date\.now\s*\(|new Date\(\s*\)|performance\.|Math\.random/);
  });
});

describe('WorkCalendar.addPeriod (routing-rule periods)', () => {
  const cal = new WorkCalendar([CN_2025, CN_2026]);
  const at = '2026-09-30T10:00:00+08:00';

  it.each([
    [{ amount: 1, unit: 'working-days' as const }, '2026-10-08T15:59:59.000Z'], // Oct 1–7 off: Thu 8 Oct is the first working day
    [{ amount: 5, unit: 'days' as const }, '2026-10-08T15:59:59.000Z'], // Oct 5 falls in the holiday: rolls to Oct 8
    [{ amount: 1, unit: 'months' as const }, '2026-10-30T15:59:59.000Z'],
    [{ amount: 1.5, unit: 'minutes' as const }, '2026-09-30T02:01:30.000Z'],
  ])('%j from 30 Sep 2026 ends at %s', (period, due) => {
    expect(cal.addPeriod(at, period).due.toISOString()).toBe(due);
  });

  it('counts working hours across the National Day holiday', () => {
    // 16:30 on 30 Sep: 1.5 h left that day, the rest on Thu 8 Oct from 08:30.
    expect(cal.addPeriod('2026-09-30T16:30:00+08:00', { amount: 2, unit: 'working-hours' }).due.toISOString()).toBe('2026-10-08T01:00:00.000Z');
  });

  it('refuses a negative number of minutes', () => {
    expect(() => cal.addPeriod(at, { amount: -1, unit: 'minutes' })).toThrow(/minutes/);
  });
});
