/**
 * The names of every event the services publish (docs/events.md): the CloudEvents `type` and the
 * JetStream subject `fq.evt.<orgUnit>.<aggregate>.<event>` it goes to. The one list: a publisher names
 * its event with these, never with a literal (tools/workspace-checks checks it). Data schemas,
 * descriptions, examples and personal-data fields are in ./catalogue.ts.
 */
import { LegalAidSteps } from '../../legal-aid/legal-aid-steps';
import { PetitionSteps } from '../../petition/petition-steps';
import { KeyPersonEvents, KEY_PERSON_AGGREGATE } from '../../key-persons/supervision';

/** Steps of the dispute path and case handling (workflows/dispute-path, workflows/case-handling) and the clock controls (libs/rules). */
export const DISPUTE_STEP_TYPES = [
  'routed',
  'process-resumed',
  'deadlines-recomputed',
  'warning-changed',
  'replied',
  'assigned',
  'session-recorded',
  'concluded',
  'judicial-confirmation-reminder',
  'judicial-confirmation-recorded',
  'judicial-confirmation-lapsed',
  'escalation-proposed',
  'escalated',
  'department-reported-in',
  'department-result-filed',
  'feedback-recorded',
  'rated',
  'review-opened',
  'return-visit-recorded',
  'reopened',
  'closed',
  'window-closed',
  'clock-paused',
  'clock-resumed',
  'extension-requested',
  'extension-approved',
  'extension-refused',
] as const;

const unique = <T extends string>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * Every step a case's process records in its timeline after registration; each is published as
 * `cn.fengqiao.case.<step>.v1` on `fq.evt.<orgUnit>.case.<step>`.
 */
export const CASE_STEP_TYPES = unique([...DISPUTE_STEP_TYPES, ...Object.values(LegalAidSteps), ...Object.values(PetitionSteps)]);
export type CaseStepType =
  | (typeof DISPUTE_STEP_TYPES)[number]
  | (typeof LegalAidSteps)[keyof typeof LegalAidSteps]
  | (typeof PetitionSteps)[keyof typeof PetitionSteps];

const CASE_STEP_SET = new Set<string>(CASE_STEP_TYPES);
export const isCaseStepType = (type: string): type is CaseStepType => CASE_STEP_SET.has(type);

/** The CloudEvents type of a case step: `cn.fengqiao.case.<step>.v1`. */
export const caseEventType = <S extends CaseStepType>(step: S) => `cn.fengqiao.case.${step}.v1` as const;

export type KeyPersonEventName = (typeof KeyPersonEvents)[keyof typeof KeyPersonEvents];
/** The CloudEvents type of a key-person event: `fq.key-person.<event>` (named before the `cn.fengqiao.*.v1` convention; kept, consumers match on it). */
export const keyPersonEventType = <E extends KeyPersonEventName>(event: E) => `fq.${KEY_PERSON_AGGREGATE}.${event}` as const;

/** The CloudEvents types of the events that are not case steps. */
export const EventTypes = {
  caseRegistered: 'cn.fengqiao.case.registered.v1',
  /** Also a case step (`caseEventType('warning-changed')`): the first version of the dispute path published it with its own data. */
  caseWarningChanged: 'cn.fengqiao.case.warning-changed.v1',
  fieldReportRecorded: 'cn.fengqiao.field-report.recorded.v1',
  fieldReportHandled: 'cn.fengqiao.field-report.handled.v1',
  fieldReportVerified: 'cn.fengqiao.field-report.verified.v1',
  checkInRecorded: 'cn.fengqiao.check-in.recorded.v1',
  checkInMissing: 'cn.fengqiao.check-in.missing.v1',
  checkInRoster: 'cn.fengqiao.check-in.roster.v1',
  orgUnitUpserted: 'cn.fengqiao.org-unit.upserted.v1',
  keyPersonRegistered: keyPersonEventType(KeyPersonEvents.registered),
  keyPersonRiskChanged: keyPersonEventType(KeyPersonEvents.riskChanged),
  keyPersonObligationPlanned: keyPersonEventType(KeyPersonEvents.obligationPlanned),
  keyPersonObligationMet: keyPersonEventType(KeyPersonEvents.obligationMet),
  keyPersonWarning: keyPersonEventType(KeyPersonEvents.warning),
  keyPersonRemoved: keyPersonEventType(KeyPersonEvents.removed),
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes] | ReturnType<typeof caseEventType>;
