import { CalendarException } from './calendar.exception';
import { chinaDate, formatChinaTime, toInstant } from './china-time';

describe('china-time', () => {
  it('formats an instant in +08:00 whatever it was created from', () => {
    expect(formatChinaTime(new Date(Date.UTC(2026, 10, 24, 15, 59, 59)))).toBe('2026-11-24T23:59:59+08:00');
    expect(formatChinaTime(new Date(Date.UTC(2026, 10, 23, 16, 0, 0)))).toBe('2026-11-24T00:00:00+08:00');
    expect(formatChinaTime(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 7)))).toBe('2026-01-01T08:00:00.007+08:00');
  });

  it('takes the China date, not the UTC date, near midnight', () => {
    expect(chinaDate(new Date(Date.UTC(2026, 10, 23, 16, 30)))).toBe('2026-11-24');
    expect(chinaDate(new Date(Date.UTC(2026, 10, 23, 15, 59, 59)))).toBe('2026-11-23');
    expect(chinaDate(new Date(Date.UTC(2026, 11, 31, 16, 0)))).toBe('2027-01-01');
  });

  it('reads strings without an offset as China time, and honours explicit offsets', () => {
    const expected = Date.UTC(2026, 10, 20, 1, 15);
    expect(toInstant('2026-11-20T09:15').getTime()).toBe(expected);
    expect(toInstant('2026-11-20T09:15:00').getTime()).toBe(expected);
    expect(toInstant('2026-11-20T09:15:00+08:00').getTime()).toBe(expected);
    expect(toInstant('2026-11-20T01:15:00Z').getTime()).toBe(expected);
    expect(toInstant('2026-11-20T03:15:00.000+0200').getTime()).toBe(expected);
    expect(toInstant('2026-11-20').getTime()).toBe(Date.UTC(2026, 10, 19, 16, 0));
    expect(toInstant('2026-11-20T09:15:00.1234+08:00').getTime()).toBe(expected + 123);
  });

  it('round-trips its own output', () => {
    const d = new Date(Date.UTC(2026, 2, 3, 4, 5, 6, 789));
    expect(toInstant(formatChinaTime(d)).getTime()).toBe(d.getTime());
  });

  it.each(['2026-02-30', '2026-11-20T24:00', '2026-11-20T09:60', 'tomorrow', '2026-11-20T09:15+25:00', ''])('rejects %p', (text) =>
    expect(() => toInstant(text)).toThrow(CalendarException),
  );

  it('rejects Invalid Date', () => {
    expect(() => formatChinaTime(new Date(Number.NaN))).toThrow(/Invalid/);
  });
});
