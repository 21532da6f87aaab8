import type { Period } from '@fengqiao/calendar';
import { PetitionClocks, type CaseClock } from '@fengqiao/contracts';

/** The periods of the petition process, by clock. */
export type PetitionPeriodName = keyof typeof PetitionClocks;

/** One period of the regulation, with the article it comes from (docs/deadlines.md). */
export interface PetitionPeriod extends Period {
  article: string;
  /** Whether it is a staff deadline that colours the case (false: a window the petitioner or a receiving body keeps). */
  counts: boolean;
}

/**
 * The regulation's periods as versioned data. A run uses the version in force on the day its case
 * was registered, for life; a new version gets a later `effectiveFrom` (so replays stay deterministic).
 */
export interface PetitionPeriods {
  version: number;
  /** Day (Beijing) from which cases registered use this version. */
  effectiveFrom: string;
  source: string;
  /** Share of a period after which its clock turns yellow. */
  yellowAt: number;
  /** Days an approved extension may add, at most (§34). */
  maxExtensionDays: number;
  periods: Record<PetitionPeriodName, PetitionPeriod>;
}

/**
 * Calendar days (`days`) follow 民法典 §201–§203 as every clock does: the start day is not counted, and a
 * period whose last day is a rest day ends on the next working day (libs/calendar).
 */
export const PETITION_PERIOD_VERSIONS: readonly PetitionPeriods[] = [
  {
    version: 1,
    effectiveFrom: '2022-05-01',
    source: '《信访工作条例》（2022年5月1日起施行）',
    yellowAt: 0.8,
    maxExtensionDays: 30,
    periods: {
      acceptance: { amount: 15, unit: 'days', article: '§22', counts: true },
      forwardNotice: { amount: 15, unit: 'days', article: '§22', counts: true },
      objection: { amount: 5, unit: 'working-days', article: '§23', counts: false },
      handling: { amount: 60, unit: 'days', article: '§34', counts: true },
      reviewWindow: { amount: 30, unit: 'days', article: '§35', counts: false },
      review: { amount: 30, unit: 'days', article: '§35', counts: true },
      reReviewWindow: { amount: 30, unit: 'days', article: '§36', counts: false },
      reReview: { amount: 30, unit: 'days', article: '§36', counts: true },
    },
  },
];

/** The version in force for a case registered at `registeredAt` (the earliest one before any took effect). */
export function petitionPeriodsAt(registeredAt: string | number): PetitionPeriods {
  const at = typeof registeredAt === 'number' ? registeredAt : Date.parse(registeredAt);
  let found = PETITION_PERIOD_VERSIONS[0]!;
  for (const v of PETITION_PERIOD_VERSIONS) if (Date.parse(`${v.effectiveFrom}T00:00:00+08:00`) <= at) found = v;
  return found;
}

/** The period a petition clock runs on, by its id (`petition-handling` → handling); undefined for other clocks. */
export function petitionPeriodOf(periods: PetitionPeriods, clockId: CaseClock['kind'] | string): PetitionPeriod | undefined {
  const name = (Object.keys(PetitionClocks) as PetitionPeriodName[]).find((n) => PetitionClocks[n] === clockId);
  return name ? periods.periods[name] : undefined;
}
