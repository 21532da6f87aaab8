import { PiiException } from './pii.exception';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True if YYYY-MM-DD names a real Gregorian date (so 2023-02-29 is false). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= lengths[month - 1];
}

/** YYYY-MM-DD in China time (UTC+08:00, no DST); a string must already be a real YYYY-MM-DD. */
export function chinaDateOf(input: Date | string): string {
  if (typeof input === 'string') {
    const m = DATE_RE.exec(input);
    if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
      throw new PiiException('invalid-argument', `today="${input}" (YYYY-MM-DD)`);
    }
    return input;
  }
  const ms = input.getTime();
  if (Number.isNaN(ms)) throw new PiiException('invalid-argument', 'today is an Invalid Date');
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
