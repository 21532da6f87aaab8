import type { KeyPersonObligation, KeyPersonRiskLevel } from '@fengqiao/contracts';

/**
 * How often a person on the register must be met, assessed and summed up (月见面、季评估、年总结、
 * 特殊时期日报告), as data: a township adopting stricter local rules adds a version; a supervision run
 * keeps the version it started with (and its continuations carry it), so a change never rewrites a
 * running plan. Periods are calendar days and months (field work does not stop at weekends).
 */
export interface KeyPersonCadence {
  version: number;
  /** Contact every N days by risk level (low: monthly, medium: fortnightly, high: weekly). */
  contactEveryDays: Record<KeyPersonRiskLevel, number>;
  /** A missed contact turns yellow at its due time and red this many days later (the leader is told). */
  contactRedAfterDays: Record<KeyPersonRiskLevel, number>;
  assessmentEveryMonths: number;
  summaryEveryMonths: number;
  /** An assessment or summary not done turns red this many days after its due time. */
  periodicRedAfterDays: number;
  /** A special-period daily report is due at the end of its day (Beijing) and red this many hours later. */
  dailyReportRedAfterHours: number;
}

export const KEY_PERSON_CADENCES: readonly KeyPersonCadence[] = [
  {
    version: 1,
    contactEveryDays: { low: 30, medium: 14, high: 7 },
    contactRedAfterDays: { low: 7, medium: 4, high: 2 },
    assessmentEveryMonths: 3,
    summaryEveryMonths: 12,
    periodicRedAfterDays: 7,
    dailyReportRedAfterHours: 12,
  },
];

export const CURRENT_KEY_PERSON_CADENCE = KEY_PERSON_CADENCES[KEY_PERSON_CADENCES.length - 1]!;

/** The cadence a run keeps (unknown versions fall back to the current one). */
export function keyPersonCadence(version?: number): KeyPersonCadence {
  return KEY_PERSON_CADENCES.find((c) => c.version === version) ?? CURRENT_KEY_PERSON_CADENCE;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Beijing is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** `from` plus whole calendar months in Beijing time; the 31st of a shorter month ends on its last day (民法典 §202). */
export function addMonthsBeijing(fromMs: number, months: number): number {
  const local = new Date(fromMs + BEIJING_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(local.getUTCDate(), lastDay);
  return Date.UTC(y, m, d, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds()) - BEIJING_OFFSET_MS;
}

/** The end of a Beijing day `YYYY-MM-DD` (its next midnight), as epoch ms. */
export function endOfBeijingDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d + 1) - BEIJING_OFFSET_MS;
}

/** The Beijing date of an instant. */
export function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Every Beijing date from `startsOn` to `endsOn`, both included. */
export function daysOf(startsOn: string, endsOn: string, limit = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (let ms = endOfBeijingDay(startsOn) - DAY_MS; beijingDay(ms) <= endsOn && out.length < limit; ms += DAY_MS) out.push(beijingDay(ms));
  return out;
}

/** When an obligation done last at `lastMs` (or counted from registration) is next due, and when it turns red. */
export function nextDue(
  cadence: KeyPersonCadence,
  obligation: Exclude<KeyPersonObligation, 'daily-report'>,
  riskLevel: KeyPersonRiskLevel,
  lastMs: number,
): { dueAt: number; redAt: number } {
  if (obligation === 'contact') {
    const dueAt = lastMs + cadence.contactEveryDays[riskLevel] * DAY_MS;
    return { dueAt, redAt: dueAt + cadence.contactRedAfterDays[riskLevel] * DAY_MS };
  }
  const months = obligation === 'assessment' ? cadence.assessmentEveryMonths : cadence.summaryEveryMonths;
  const dueAt = addMonthsBeijing(lastMs, months);
  return { dueAt, redAt: dueAt + cadence.periodicRedAfterDays * DAY_MS };
}

/** A special-period day's report: due at the day's end, red some hours later. */
export function dailyReportDue(cadence: KeyPersonCadence, day: string): { dueAt: number; redAt: number } {
  const dueAt = endOfBeijingDay(day);
  return { dueAt, redAt: dueAt + cadence.dailyReportRedAfterHours * HOUR_MS };
}

/** Stable key of an obligation in a run and in the service's rows. */
export const obligationKey = (obligation: KeyPersonObligation, periodId?: string, day?: string): string =>
  obligation === 'daily-report' ? `daily-report:${periodId}/${day}` : obligation;
