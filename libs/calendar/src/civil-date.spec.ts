import { addMonthsToCivil, formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber, weekday } from './civil-date';

describe('civil-date', () => {
  it('agrees with Date.UTC on every day 1900–2100 (day numbers and weekdays)', () => {
    const from = Date.UTC(1900, 0, 1) / 86_400_000;
    const to = Date.UTC(2100, 11, 31) / 86_400_000;
    const mismatches: number[] = [];
    for (let n = from; n <= to; n++) {
      const utc = new Date(n * 86_400_000);
      const civil = fromDayNumber(n);
      const ok =
        civil.year === utc.getUTCFullYear() &&
        civil.month === utc.getUTCMonth() + 1 &&
        civil.day === utc.getUTCDate() &&
        toDayNumber(civil) === n &&
        weekday(n) === utc.getUTCDay();
      if (!ok) mismatches.push(n);
    }
    expect(to - from).toBeGreaterThan(73_000);
    expect(mismatches).toEqual([]);
  });

  it.each(['2023-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-1', '20260101', ' 2026-01-01'])('rejects %s', (text) =>
    expect(parseCivilDate(text)).toBeUndefined(),
  );

  it('accepts leap days only in leap years', () => {
    expect(parseCivilDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCivilDate('2000-02-29')).toBeDefined();
    expect(parseCivilDate('1900-02-29')).toBeUndefined();
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-12-15', 2, '2026-02-15'],
    ['2026-05-20', 12, '2027-05-20'],
    ['2026-08-31', 0, '2026-08-31'],
  ])('%s + %i months = %s (民法典 §202)', (start, months, expected) => {
    expect(formatCivilDate(addMonthsToCivil(parseCivilDate(start)!, months))).toBe(expected);
  });
});
