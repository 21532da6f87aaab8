import { CalendarException } from './calendar.exception';
import { daysInMonth, formatDayNumber, toDayNumber } from './civil-date';

/** An instant: a Date, or an ISO 8601 string. Strings without an offset are read as +08:00. */
export type TimeInput = Date | string;

// China has used UTC+08:00 all year since 1991 (no DST); the library never consults the host zone.
export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function parseOffsetMinutes(text: string | undefined): number {
  if (text === undefined) return 8 * 60;
  if (text === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/** Parses without Date.parse so that offset-less strings never depend on the host TZ. */
export function toInstant(input: TimeInput): Date {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw new CalendarException('invalid-date', 'Invalid Date');
    return new Date(ms);
  }
  if (typeof input !== 'string') throw new CalendarException('invalid-date', String(input));
  const m = ISO_RE.exec(input.trim());
  if (!m) throw new CalendarException('invalid-date', input);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offset = parseOffsetMinutes(off);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || Number.isNaN(offset)) {
    throw new CalendarException('invalid-date', input);
  }
  const millis = Number((frac + '000').slice(0, 3));
  const ms = toDayNumber({ year, month, day }) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offset * 60_000;
  return new Date(ms);
}

/** Day number (days since 1970-01-01) of the China calendar date an instant falls on. */
export function chinaDayNumber(input: TimeInput): number {
  return Math.floor((toInstant(input).getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

/** The instant 00:00:00 +08:00 of a China calendar day (by day number). */
export function startOfChinaDay(dayNumber: number): number {
  return dayNumber * DAY_MS - CHINA_OFFSET_MS;
}

/** 民法典 §203(2): a period ends at 24:00; we use 23:59:59 so the due instant is still on that day. */
export function endOfChinaDay(dayNumber: number): Date {
  return new Date(startOfChinaDay(dayNumber) + DAY_MS - 1000);
}

/** YYYY-MM-DD of the instant in China time. */
export function chinaDate(d: Date): string {
  return formatDayNumber(chinaDayNumber(d));
}

/** ISO 8601 in China time with an explicit offset, e.g. 2026-11-24T23:59:59+08:00 (ms only if non-zero). */
export function formatChinaTime(d: Date): string {
  const ms = toInstant(d).getTime();
  const dayNumber = Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
  const inDay = ms + CHINA_OFFSET_MS - dayNumber * DAY_MS;
  const hh = Math.floor(inDay / 3_600_000);
  const mm = Math.floor((inDay % 3_600_000) / 60_000);
  const ss = Math.floor((inDay % 60_000) / 1000);
  const frac = inDay % 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  const fraction = frac === 0 ? '' : `.${String(frac).padStart(3, '0')}`;
  return `${formatDayNumber(dayNumber)}T${two(hh)}:${two(mm)}:${two(ss)}${fraction}+08:00`;
}
