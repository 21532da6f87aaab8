import type { RoutingRule } from './dispute/routing-rules';

/** Temporal names shared by the orchestrator, the workflows and the services' activity workers. */
export const WorkflowTypes = {
  disputePath: 'disputePath',
  caseHandling: 'caseHandling',
  petitionProcess: 'petitionProcess',
  legalAidProcess: 'legalAidProcess',
  /** One run per person on the key-person register (libs/contracts key-persons/supervision.ts). */
  keyPersonSupervision: 'keyPersonSupervision',
  /** The daily retention purge of archived key-person records (a Schedule). */
  keyPersonPurge: 'keyPersonPurge',
  /** One run per 12345 work order with a deadline (libs/contracts hotline/hotline.ts). */
  hotlineOrderDeadline: 'hotlineOrderDeadline',
} as const;

/** Signals every case process takes. `holidaysLoaded`: an admin loaded a year's notice; provisional clocks are computed again. */
export const ProcessSignals = { holidaysLoaded: 'holidaysLoaded' } as const;

/** `dispute-<caseNo>`; an isolation prefix (tests, shared servers) goes in front. */
export const disputeWorkflowId = (caseNo: string, prefix?: string) => (prefix ? `${prefix}.dispute-${caseNo}` : `dispute-${caseNo}`);

/**
 * Input of a dispute run. Runs started before `stages-v2` carry only the first-reply fields;
 * current runs carry the routing rule they keep for life.
 */
export interface DisputePathInput {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  registeredAt: string;
  firstReplyDue: string;
  /** The matter's title and channel as registered (the notices a petition's process issues print them). */
  title?: string;
  channel?: string;
  /** Fraction of a period after which the case turns yellow. */
  yellowAt: number;
  /** Test isolation: prefix of every task queue the workflow schedules on. */
  queuePrefix?: string;
  registeredBy?: string;
  ruleVersion?: number;
  rule?: RoutingRule;
  /** Holiday notices loaded by an admin beyond the built-in years (libs/calendar HolidayNotice). */
  extraNotices?: unknown[];
  /** A case that went some way before its process existed (the seeded history): the run starts there. */
  resume?: ProcessResume;
  /**
   * Legal-aid cases only: the deployment's periods where the law leaves them to local rules (days;
   * libs/rules LegalAidPeriodSettings), filled by the starter from its env. Absent: the law's defaults.
   */
  legalAidSettings?: { materialsDays?: number; objectionWindowDays?: number; closureDays?: number };
}

/**
 * Where a case stands when its process starts late: its status and what it has so far, and when
 * the current stage began — the stage's clock runs from then, so an overdue case is red at once.
 */
export interface ProcessResume {
  status: import('./cases/case.schema').CaseStatus;
  /** Steps already in the case's timeline: the run's next step gets seq + 1. */
  seq: number;
  /**
   * When the current stage began; its clock runs from here. In first-contact: the reply's time if the
   * case was answered but not settled (the first-contact clock), else its registration (first reply).
   */
  stageStartedAt: string;
  outcome: import('./dispute/actions').Outcome | null;
  mediator: { id: string; name: string; team: string; username?: string | null } | null;
  feedbackRecorded: boolean;
}

/** The query answer of runs started before `stages-v2`. */
export interface DisputePathState {
  caseNo: string;
  stage: 'first-contact';
  warning: 'green' | 'yellow' | 'red';
  firstReplyDue: string;
}

/**
 * Task queue names: `<service>@<orgUnit>` reaches the deployment of a service that serves
 * that org unit; plain `<service>` is the fallback. An optional prefix isolates tests.
 * Lives in contracts because workflows (which may import only contracts and calendar) need it.
 */
export function taskQueue(service: string, orgUnit?: string, prefix?: string): string {
  const base = orgUnit ? `${service}@${orgUnit}` : service;
  return prefix ? `${prefix}.${base}` : base;
}
