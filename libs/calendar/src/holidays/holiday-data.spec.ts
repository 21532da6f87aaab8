import { BUILT_IN_NOTICES } from '../default-calendar';
import { CN_2025 } from './cn-2025';
import { CN_2026 } from './cn-2026';
import { parseHolidayNotice } from './holiday-notice.validator';

// Weekdays computed with the host's Date.UTC, independent of the library's own arithmetic.
const weekdayOf = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
};
const WEEKDAY = { 周日: 0, 周一: 1, 周二: 2, 周三: 3, 周四: 4, 周五: 5, 周六: 6 } as const;

describe.each(BUILT_IN_NOTICES.map((n) => [n.year, n] as const))('built-in notice %i', (year, notice) => {
  it('passes its own validator unchanged (sorted, unique, in year, weekday rules)', () => {
    const parsed = parseHolidayNotice(JSON.parse(JSON.stringify(notice)));
    expect(parsed).toEqual({ ok: true, notice });
  });

  it('lists only dates inside its year', () => {
    for (const date of [...notice.daysOff, ...notice.adjustedWorkdays]) {
      expect(date.slice(0, 5)).toBe(`${year}-`);
      expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date); // a real date
    }
  });

  it('has adjusted working days only on Saturdays or Sundays, and never also as a day off', () => {
    for (const date of notice.adjustedWorkdays) {
      expect([0, 6]).toContain(weekdayOf(date));
      expect(notice.daysOff).not.toContain(date);
    }
  });
});

describe('notice contents as published', () => {
  it('2025: 28 days off, 5 adjusted working days', () => {
    expect(CN_2025.notice).toBe('国办发明电〔2024〕12号');
    expect(CN_2025.publishedOn).toBe('2024-11-12');
    expect(CN_2025.daysOff).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
    expect(CN_2025.adjustedWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('2026: 33 days off, 6 adjusted working days', () => {
    expect(CN_2026.publishedOn).toBe('2025-11-04');
    expect(CN_2026.daysOff).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(CN_2026.adjustedWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  // The weekday names printed in the notices themselves, e.g. "2月15日（农历腊月二十八、周日）至23日（…、周一）".
  it.each([
    ['2025-01-28', '周二'],
    ['2025-02-04', '周二'],
    ['2025-01-26', '周日'],
    ['2025-02-08', '周六'],
    ['2025-05-01', '周四'],
    ['2025-05-05', '周一'],
    ['2025-04-27', '周日'],
    ['2025-05-31', '周六'],
    ['2025-10-01', '周三'],
    ['2025-10-08', '周三'],
    ['2025-09-28', '周日'],
    ['2025-10-11', '周六'],
    ['2026-01-01', '周四'],
    ['2026-01-03', '周六'],
    ['2026-01-04', '周日'],
    ['2026-02-15', '周日'],
    ['2026-02-23', '周一'],
    ['2026-02-14', '周六'],
    ['2026-02-28', '周六'],
    ['2026-04-04', '周六'],
    ['2026-04-06', '周一'],
    ['2026-05-01', '周五'],
    ['2026-05-05', '周二'],
    ['2026-05-09', '周六'],
    ['2026-06-19', '周五'],
    ['2026-06-21', '周日'],
    ['2026-09-25', '周五'],
    ['2026-09-27', '周日'],
    ['2026-10-01', '周四'],
    ['2026-10-07', '周三'],
    ['2026-09-20', '周日'],
    ['2026-10-10', '周六'],
  ] as const)('%s is %s', (date, name) => {
    expect(weekdayOf(date)).toBe(WEEKDAY[name]);
  });

  it('lists every day of each holiday block, with no gaps', () => {
    const blocks: Array<[string, number]> = [
      ['2026-02-15', 9],
      ['2026-10-01', 7],
      ['2026-05-01', 5],
      ['2025-01-28', 8],
      ['2025-10-01', 8],
    ];
    const all = new Set([...CN_2025.daysOff, ...CN_2026.daysOff]);
    for (const [first, length] of blocks) {
      for (let i = 0; i < length; i++) {
        const day = new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
        expect(all.has(day)).toBe(true);
      }
    }
  });
});
