import type { z } from 'zod';
import type {
  keyPersonObligationMetDataSchema,
  keyPersonRegisteredDataSchema,
  keyPersonRemovedDataSchema,
  keyPersonRiskChangedDataSchema,
  keyPersonWarningDataSchema,
} from '../events/catalogue/data-schemas';
import type { KeyPersonObligation, KeyPersonRiskLevel } from './register';

/**
 * The supervision run of one person on the register (workflow `keyPersonSupervision`, id
 * `key-person-<personId>`): the contact cadence by risk level, the quarterly assessment, the annual
 * summary and special-period daily reports. Its input, signals and activities carry ids, units, levels
 * and times — never a name, an ID number or a phone — so its history holds nothing that names a person.
 */

/** A special period in force for the person's unit (declared by a leader; days are Beijing dates). */
export interface SpecialPeriodRef {
  periodId: string;
  startsOn: string;
  endsOn: string;
}

export interface KeyPersonSupervisionInput {
  personId: string;
  orgUnit: string;
  riskLevel: KeyPersonRiskLevel;
  /** When the person was put on the register (the first contact and assessment are counted from here). */
  registeredAt: string;
  /** Last done of each (absent: counted from registration); a continued run carries them over. */
  lastContactAt?: string;
  lastAssessmentAt?: string;
  lastSummaryAt?: string;
  specialPeriods?: SpecialPeriodRef[];
  /** Daily reports already received, as `<periodId>/<day>` (carried over by continue-as-new). */
  dailyReports?: string[];
  /** Warnings already raised, as `<obligation key>@<dueAt>:<colour>` (carried over so none is raised twice for the same due time). */
  raised?: string[];
  /** The version of the cadence table (libs/rules key-person.cadence.ts) the run keeps. */
  cadenceVersion?: number;
  /** Test isolation: prefix of every task queue the workflow schedules on. */
  queuePrefix?: string;
}

/** Signal names (the key-persons service sends them after its own write). */
export const KeyPersonSignals = {
  contactRecorded: 'keyPersonContactRecorded',
  assessmentApproved: 'keyPersonAssessmentApproved',
  riskChanged: 'keyPersonRiskChanged',
  summaryRecorded: 'keyPersonSummaryRecorded',
  specialPeriodDeclared: 'keyPersonSpecialPeriodDeclared',
  dailyReportRecorded: 'keyPersonDailyReportRecorded',
  removed: 'keyPersonRemoved',
} as const;

export const KeyPersonQueries = { state: 'keyPersonSupervisionState' } as const;

export interface ContactRecordedSignal {
  contactId: string;
  at: string;
}
export interface AssessmentApprovedSignal {
  assessmentId: string;
  at: string;
  riskLevel: KeyPersonRiskLevel;
}
export interface RiskChangedSignal {
  riskLevel: KeyPersonRiskLevel;
  at: string;
}
export interface SummaryRecordedSignal {
  year: number;
  at: string;
}
export type SpecialPeriodDeclaredSignal = SpecialPeriodRef;
export interface DailyReportRecordedSignal {
  periodId: string;
  day: string;
  at: string;
}
export interface RemovedSignal {
  at: string;
}

/** One thing the run waits for, with its clock. `key` is stable: `contact`, `assessment`, `summary`, `daily-report:<periodId>/<day>`. */
export interface SupervisionObligation {
  key: string;
  obligation: KeyPersonObligation;
  dueAt: string;
  /** When it turns red (and the responsible persons' leader is told). */
  redAt: string;
  colour: 'green' | 'yellow' | 'red';
  periodId?: string;
  day?: string;
}

export interface KeyPersonSupervisionState {
  personId: string;
  orgUnit: string;
  riskLevel: KeyPersonRiskLevel;
  cadenceVersion: number;
  lastContactAt: string | null;
  lastAssessmentAt: string | null;
  lastSummaryAt: string | null;
  obligations: SupervisionObligation[];
  specialPeriods: SpecialPeriodRef[];
  removed: boolean;
}

/** What an activity is told about an obligation (ids and times only). */
export interface ObligationRef {
  personId: string;
  orgUnit: string;
  obligation: KeyPersonObligation;
  key: string;
  dueAt: string;
  periodId?: string;
  day?: string;
}

/** Activities the key-persons service runs for supervision runs (task queue `key-persons`). Idempotent by (personId, key, dueAt[, colour]). */
export interface KeyPersonActivities {
  /** A new due time for an obligation (a contact made, a risk change re-plans it): the open row is replaced, history kept. */
  planObligation(input: ObligationRef): Promise<void>;
  /** Done (a contact, an approved assessment, a summary, a daily report): `onTime` when done by the due time. */
  obligationMet(input: ObligationRef & { metAt: string }): Promise<void>;
  /** Yellow when missed, red later: a red one is put before the responsible persons' leader (supervision). */
  raiseWarning(input: ObligationRef & { colour: 'yellow' | 'red'; at: string }): Promise<void>;
}

/** The retention purge (a Temporal Schedule runs workflow `keyPersonPurge` daily). */
export interface KeyPersonPurgeActivities {
  /** Purges archived records whose retention period (the service's setting) has passed by `asOf`; returns how many. */
  purgeArchivedKeyPersons(input: { asOf: string }): Promise<{ purged: number }>;
}

export interface KeyPersonPurgeInput {
  queuePrefix?: string;
}

/** `key-person-<personId>`; an isolation prefix goes in front. */
export const keyPersonWorkflowId = (personId: string, prefix?: string) => (prefix ? `${prefix}.key-person-${personId}` : `key-person-${personId}`);
/** The daily purge Schedule's id. */
export const keyPersonPurgeScheduleId = (prefix?: string) => (prefix ? `${prefix}.key-person-purge` : 'key-person-purge');

/** Event types (subject `fq.evt.<orgUnit>.key-person.<event>`): payloads carry ids, units, categories and levels only. */
export const KeyPersonEvents = {
  registered: 'registered',
  riskChanged: 'risk-changed',
  obligationPlanned: 'obligation-planned',
  obligationMet: 'obligation-met',
  warning: 'warning',
  removed: 'removed',
} as const;
export const KEY_PERSON_AGGREGATE = 'key-person';

export type KeyPersonRegisteredEvent = z.infer<typeof keyPersonRegisteredDataSchema>;
export type KeyPersonRiskChangedEvent = z.infer<typeof keyPersonRiskChangedDataSchema>;
export type KeyPersonObligationPlannedEvent = ObligationRef;
export type KeyPersonObligationMetEvent = z.infer<typeof keyPersonObligationMetDataSchema>;
export type KeyPersonWarningEvent = z.infer<typeof keyPersonWarningDataSchema>;
export type KeyPersonRemovedEvent = z.infer<typeof keyPersonRemovedDataSchema>;
