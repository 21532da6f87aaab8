import { CalendarException } from './calendar.exception';
import { fractionElapsed, warningColour } from './warning.policy';

describe('warning policy (80 % yellow, red when overdue)', () => {
  const start = new Date('2026-11-20T09:00:00+08:00');
  const due = new Date('2026-11-23T23:59:59+08:00');
  const at = (fraction: number) => new Date(start.getTime() + fraction * (due.getTime() - start.getTime()));

  it('reports the share of the period used', () => {
    expect(fractionElapsed(start, due, start)).toBe(0);
    expect(fractionElapsed(start, due, at(0.5))).toBeCloseTo(0.5, 9);
    expect(fractionElapsed(start, due, due)).toBe(1);
    expect(fractionElapsed(start, due, at(1.5))).toBeCloseTo(1.5, 9);
    expect(fractionElapsed(start, due, new Date(start.getTime() - 60_000))).toBe(0);
  });

  it('is green at 79 %, yellow at 80 % and at the due instant, red one second later', () => {
    expect(warningColour(start, due, at(0.79))).toBe('green');
    expect(warningColour(start, due, at(0.8))).toBe('yellow');
    expect(warningColour(start, due, due)).toBe('yellow');
    expect(warningColour(start, due, new Date(due.getTime() + 1000))).toBe('red');
  });

  it('accepts ISO strings and a custom threshold', () => {
    expect(warningColour('2026-11-20T09:00', '2026-11-20T19:00', '2026-11-20T14:00', 0.5)).toBe('yellow');
    expect(warningColour('2026-11-20T09:00', '2026-11-20T19:00', '2026-11-20T13:59', 0.5)).toBe('green');
  });

  it('handles an empty period and rejects nonsense thresholds', () => {
    expect(fractionElapsed(due, due, start)).toBe(0);
    expect(fractionElapsed(due, due, due)).toBe(1);
    expect(() => warningColour(start, due, start, 0)).toThrow(CalendarException);
    expect(() => warningColour(start, due, start, 1.2)).toThrow(CalendarException);
  });
});
