import { CalendarException } from './calendar.exception';

/** Office hours of a working day, China time, 'HH:MM'. `lunch` may be omitted for a continuous day. */
export interface OfficeHours {
  readonly dayStart: string;
  readonly lunch?: readonly [string, string] | null;
  readonly dayEnd: string;
}

/** Typical government office day; centres override it per configuration. */
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  dayStart: '08:30',
  lunch: Object.freeze(['12:00', '14:30'] as const),
  dayEnd: '18:00',
});

/** A working segment as [start, end) in milliseconds after China midnight. */
export type OfficeSegment = readonly [number, number];

const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

function toMs(field: string, value: string): number {
  const m = HHMM_RE.exec(value);
  if (!m) throw new CalendarException('invalid-office-hours', `${field}="${value}" (HH:MM)`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** Validates once and turns office hours into ordered, non-empty segments. */
export function officeSegments(hours: OfficeHours): readonly OfficeSegment[] {
  const start = toMs('dayStart', hours.dayStart);
  const end = toMs('dayEnd', hours.dayEnd);
  const bounds = hours.lunch ? [start, toMs('lunch[0]', hours.lunch[0]), toMs('lunch[1]', hours.lunch[1]), end] : [start, end];
  for (let i = 1; i < bounds.length; i++) {
    if (bounds[i] <= bounds[i - 1]) {
      throw new CalendarException('invalid-office-hours', 'dayStart < lunch start < lunch end < dayEnd required');
    }
  }
  return hours.lunch
    ? [
        [bounds[0], bounds[1]],
        [bounds[2], bounds[3]],
      ]
    : [[bounds[0], bounds[1]]];
}
