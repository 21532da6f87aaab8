import type { Period } from '@fengqiao/calendar';
import { LegalAidClocks, type CaseClock } from '@fengqiao/contracts';

/** The periods of the legal-aid process, by clock. */
export type LegalAidPeriodName = keyof typeof LegalAidClocks;

/** One period, with the article it comes from (docs/legal-aid.md). */
export interface LegalAidPeriod extends Period {
  article: string;
  /** A staff deadline that colours the case (false: a window the applicant keeps). */
  counts: boolean;
  /** Who keeps it: the agency, the provider, the justice bureau, or the applicant. */
  owner: 'legal-aid' | 'provider' | 'justice-bureau' | 'applicant';
}

/**
 * The law's periods as versioned data. A run uses the version in force on the day its case was
 * registered, for life; a new version gets a later `effectiveFrom` (replays stay deterministic).
 */
export interface LegalAidPeriods {
  version: number;
  /** Day (Beijing) from which cases registered use this version. */
  effectiveFrom: string;
  source: string;
  /** Share of a period after which its clock turns yellow. */
  yellowAt: number;
  periods: Record<LegalAidPeriodName, LegalAidPeriod>;
}

/** A deployment's own choices where the law leaves the period to local rules (in days). */
export interface LegalAidPeriodSettings {
  materialsDays?: number;
  objectionWindowDays?: number;
  closureDays?: number;
}

/** Calendar days follow 民法典 §201–§203 as every clock does (libs/calendar). */
export const LEGAL_AID_PERIOD_VERSIONS: readonly LegalAidPeriods[] = [
  {
    version: 1,
    effectiveFrom: '2022-01-01',
    source: '《中华人民共和国法律援助法》（2022年1月1日起施行）；《办理法律援助案件程序规定》（司法部令第148号）',
    yellowAt: 0.7,
    periods: {
      application: { amount: 30, unit: 'days', article: 'local', counts: false, owner: 'applicant' },
      review: { amount: 7, unit: 'days', article: '§43', counts: true, owner: 'legal-aid' },
      materials: { amount: 15, unit: 'days', article: '§43 (local period)', counts: false, owner: 'applicant' },
      assignment: { amount: 3, unit: 'days', article: '§36, §43', counts: true, owner: 'legal-aid' },
      objectionWindow: { amount: 15, unit: 'days', article: '§49 (local period)', counts: false, owner: 'applicant' },
      objection: { amount: 5, unit: 'days', article: '§49', counts: true, owner: 'justice-bureau' },
      closure: { amount: 30, unit: 'days', article: 'procedure rules', counts: true, owner: 'provider' },
    },
  },
];

/**
 * The version in force for a case registered at `registeredAt`, with a deployment's settings laid over
 * the periods the law leaves to local rules (materials, objection window, closure filing).
 */
export function legalAidPeriodsAt(registeredAt: string | number, settings: LegalAidPeriodSettings = {}): LegalAidPeriods {
  const at = typeof registeredAt === 'number' ? registeredAt : Date.parse(registeredAt);
  let found = LEGAL_AID_PERIOD_VERSIONS[0]!;
  for (const v of LEGAL_AID_PERIOD_VERSIONS) if (Date.parse(`${v.effectiveFrom}T00:00:00+08:00`) <= at) found = v;
  const days = (p: LegalAidPeriod, n: number | undefined): LegalAidPeriod => (n && n > 0 ? { ...p, amount: n, unit: 'days' } : p);
  return {
    ...found,
    periods: {
      ...found.periods,
      materials: days(found.periods.materials, settings.materialsDays),
      objectionWindow: days(found.periods.objectionWindow, settings.objectionWindowDays),
      closure: days(found.periods.closure, settings.closureDays),
    },
  };
}

/** The period a legal-aid clock runs on, by its id; undefined for other clocks. */
export function legalAidPeriodOf(periods: LegalAidPeriods, clockId: CaseClock['kind'] | string): LegalAidPeriod | undefined {
  const name = (Object.keys(LegalAidClocks) as LegalAidPeriodName[]).find((n) => LegalAidClocks[n] === clockId);
  return name ? periods.periods[name] : undefined;
}
