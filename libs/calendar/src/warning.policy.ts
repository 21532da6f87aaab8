import { CalendarException } from './calendar.exception';
import { toInstant, type TimeInput } from './china-time';

export type WarningColour = 'green' | 'yellow' | 'red';

/** Share of the period used: 0 at start, 1 at due, above 1 when overdue; never negative. */
export function fractionElapsed(start: TimeInput, due: TimeInput, now: TimeInput): number {
  const s = toInstant(start).getTime();
  const d = toInstant(due).getTime();
  const n = toInstant(now).getTime();
  if (d <= s) return n < d ? 0 : 1; // empty period: either not started or used up
  return Math.max(0, (n - s) / (d - s));
}

/** Local rule: yellow once `yellowAt` of the period is used, red only once the due instant has passed. */
export function warningColour(start: TimeInput, due: TimeInput, now: TimeInput, yellowAt = 0.8): WarningColour {
  if (!(yellowAt > 0 && yellowAt <= 1)) {
    throw new CalendarException('invalid-argument', `yellowAt=${yellowAt} (0 < yellowAt <= 1)`);
  }
  if (toInstant(now).getTime() > toInstant(due).getTime()) return 'red';
  return fractionElapsed(start, due, now) >= yellowAt ? 'yellow' : 'green';
}
