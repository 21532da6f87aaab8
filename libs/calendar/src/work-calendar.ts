import { CalendarException } from './calendar.exception';
import { addMonthsToCivil, fromDayNumber, isWeekend, parseCivilDate, toDayNumber } from './civil-date';
import { chinaDayNumber, endOfChinaDay, startOfChinaDay, toInstant, type TimeInput } from './china-time';
import type { HolidayNotice } from './holidays/holiday-notice';
import { parseHolidayNotice } from './holidays/holiday-notice.validator';
import { DEFAULT_OFFICE_HOURS, officeSegments, type OfficeHours } from './office-hours';
import { fractionElapsed, warningColour, type WarningColour } from './warning.policy';

/** A period of a routing rule: so many units of working days, days, months, working hours or minutes. */
export interface Period {
  readonly amount: number;
  readonly unit: 'working-days' | 'days' | 'months' | 'working-hours' | 'minutes';
}

export interface DeadlineResult {
  readonly due: Date;
  /** True when a day in a year without a loaded notice was consulted (weekends-only there). */
  readonly provisional: boolean;
}

/** Collects whether any consulted day fell in an unloaded year. */
interface Probe {
  provisional: boolean;
}

/**
 * Working days and statutory periods in China (UTC+08:00), from the State Council's yearly notices.
 *
 * Pure and deterministic (no clock, no I/O, no Node builtins), so Temporal workflows can use it.
 * Periods follow 民法典 §201–§203 / 民事诉讼法 §85: the start day is not counted, a period ends at
 * 23:59:59 +08:00 of its last day, and a last day that is not a working day rolls forward.
 *
 * Decision on §203: "法定休假日" is read to include ordinary weekends (公休日), as the courts do
 * (民通意见 §198 names 星期日 explicitly, and says that where rest days are swapped the actual rest
 * day counts). So a period whose last day is a Saturday/Sunday or a notice day off rolls to the next
 * working day, while an adjusted working weekend (调休上班) is a working day and does not roll.
 */
export class WorkCalendar {
  private readonly byYear: ReadonlyMap<number, HolidayNotice>;
  private readonly daysOff: ReadonlySet<number>;
  private readonly adjustedWorkdays: ReadonlySet<number>;

  constructor(notices: readonly HolidayNotice[] = []) {
    const byYear = new Map<number, HolidayNotice>();
    const off = new Set<number>();
    const adjusted = new Set<number>();
    for (const candidate of notices) {
      // Re-validate: notices may come from an admin upload, and a bad one silently moves deadlines.
      const parsed = parseHolidayNotice(candidate);
      if (!parsed.ok) {
        throw new CalendarException('invalid-notice', parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      }
      const notice = parsed.notice;
      if (byYear.has(notice.year)) throw new CalendarException('duplicate-notice', String(notice.year));
      byYear.set(notice.year, notice);
      notice.daysOff.forEach((d) => off.add(dayOf(d)));
      notice.adjustedWorkdays.forEach((d) => adjusted.add(dayOf(d)));
    }
    this.byYear = byYear;
    this.daysOff = off;
    this.adjustedWorkdays = adjusted;
  }

  /** The notices this calendar was built from, by year ascending. */
  get notices(): readonly HolidayNotice[] {
    return [...this.byYear.values()].sort((a, b) => a.year - b.year);
  }

  /** A new calendar with one more year's notice (the instance itself never changes). */
  withNotice(notice: HolidayNotice): WorkCalendar {
    return new WorkCalendar([...this.byYear.values(), notice]);
  }

  isLoaded(year: number): boolean {
    return this.byYear.has(year);
  }

  /** `date` is YYYY-MM-DD (a China calendar date) or an instant, whose China date is used. */
  isWorkingDay(date: TimeInput): boolean {
    return this.working(dayFromInput(date), { provisional: false });
  }

  /**
   * The end of the n-th working day after the start day (the start day itself is not counted).
   * n = 0 means "the same day": the end of the start day, or of the next working day.
   */
  addWorkingDays(start: TimeInput, n: number): DeadlineResult {
    assertCount('n', n);
    const probe: Probe = { provisional: false };
    let day = dayFromInput(start);
    if (n === 0) {
      while (!this.working(day, probe)) day++;
    }
    for (let remaining = n; remaining > 0; ) {
      day++;
      if (this.working(day, probe)) remaining--;
    }
    return { due: endOfChinaDay(day), provisional: probe.provisional };
  }

  /** A period of n days (民法典 §201): ends on the n-th calendar day after the start day, rolled over per §203. */
  addCalendarDays(start: TimeInput, n: number): DeadlineResult {
    assertCount('n', n);
    return this.rollOver(dayFromInput(start) + n);
  }

  /** A period of n months (民法典 §202): the corresponding date, or that month's last day, rolled over per §203. */
  addMonths(start: TimeInput, n: number): DeadlineResult {
    assertCount('n', n);
    const target = addMonthsToCivil(fromDayNumber(dayFromInput(start)), n);
    return this.rollOver(toDayNumber(target));
  }

  /**
   * The instant after `hours` of office time from `start` (e.g. "report in within 2 working hours").
   * Time outside office hours, at lunch, and on non-working days does not count.
   */
  addWorkingHours(start: TimeInput, hours: number, officeHours: OfficeHours = DEFAULT_OFFICE_HOURS): DeadlineResult {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new CalendarException('invalid-argument', `hours=${hours} (>= 0)`);
    }
    const segments = officeSegments(officeHours);
    const probe: Probe = { provisional: false };
    let remaining = Math.round(hours * 3_600_000);
    let t = toInstant(start).getTime();
    for (let day = chinaDayNumber(new Date(t)); ; day++) {
      if (!this.working(day, probe)) continue;
      const midnight = startOfChinaDay(day);
      for (const [from, to] of segments) {
        const segStart = midnight + from;
        const segEnd = midnight + to;
        if (t >= segEnd) continue;
        const begin = Math.max(t, segStart);
        if (remaining <= segEnd - begin) return { due: new Date(begin + remaining), provisional: probe.provisional };
        remaining -= segEnd - begin;
        t = segEnd;
      }
    }
  }

  /**
   * A period as routing rules state it. `minutes` are plain elapsed time (hotline-style limits,
   * and short periods for demos and tests); the other units follow the methods above.
   */
  addPeriod(start: TimeInput, period: Period): DeadlineResult {
    switch (period.unit) {
      case 'working-days':
        return this.addWorkingDays(start, period.amount);
      case 'days':
        return this.addCalendarDays(start, period.amount);
      case 'months':
        return this.addMonths(start, period.amount);
      case 'working-hours':
        return this.addWorkingHours(start, period.amount);
      case 'minutes':
        if (!Number.isFinite(period.amount) || period.amount < 0) throw new CalendarException('invalid-argument', `minutes=${period.amount} (>= 0)`);
        return { due: new Date(toInstant(start).getTime() + Math.round(period.amount * 60_000)), provisional: false };
      default:
        throw new CalendarException('invalid-argument', `unit=${String((period as { unit: unknown }).unit)}`);
    }
  }

  fractionElapsed(start: TimeInput, due: TimeInput, now: TimeInput): number {
    return fractionElapsed(start, due, now);
  }

  warningColour(start: TimeInput, due: TimeInput, now: TimeInput, yellowAt = 0.8): WarningColour {
    return warningColour(start, due, now, yellowAt);
  }

  /** §203 roll-over: the last day, or the first working day after it. */
  private rollOver(lastDay: number): DeadlineResult {
    const probe: Probe = { provisional: false };
    let day = lastDay;
    while (!this.working(day, probe)) day++;
    return { due: endOfChinaDay(day), provisional: probe.provisional };
  }

  private working(day: number, probe: Probe): boolean {
    if (!this.byYear.has(fromDayNumber(day).year)) {
      // Never guess an unpublished year: weekends only, and the result is flagged.
      probe.provisional = true;
      return !isWeekend(day);
    }
    if (this.adjustedWorkdays.has(day)) return true;
    if (this.daysOff.has(day)) return false;
    return !isWeekend(day);
  }
}

function dayOf(date: string): number {
  const civil = parseCivilDate(date);
  if (!civil) throw new CalendarException('invalid-date', date);
  return toDayNumber(civil);
}

// A bare YYYY-MM-DD parses as 00:00 +08:00, so it maps to that same China date.
const dayFromInput = (input: TimeInput): number => chinaDayNumber(input);

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new CalendarException('invalid-argument', `${name}=${n} (integer >= 0)`);
}
