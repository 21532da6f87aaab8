/**
 * The legal-aid process (《法律援助法》2021) as other services see it: its statuses, the steps it
 * records in a case's timeline (published as `cn.fengqiao.case.<step>.v1`), its clocks, and the
 * activities the legal-aid service and intake run for it. The workflow (workflows/legal-aid) and the
 * kind declaration (libs/rules) own the rules; this file only names what crosses a service boundary.
 */
import type { ApplicationFacts, EligibilityAssessment } from './eligibility';

/**
 * Statuses of a legal-aid case, in order. `application`: registered, the application's facts not yet
 * given; `refused` / `terminated`: the decision stands unless the applicant objects (§49).
 */
export const LEGAL_AID_STATUSES = [
  'application',
  'legal-aid-review',
  'awaiting-materials',
  'assignment',
  'aid',
  'refused',
  'terminated',
  'objection',
  'closure-filing',
  'quality-review',
  'awaiting-feedback',
  'closed',
] as const;
export type LegalAidStatus = (typeof LEGAL_AID_STATUSES)[number];

/** Timeline step types of the legal-aid process (insights counts from these). */
export const LegalAidSteps = {
  /** The application's facts and the eligibility screening (rule by rule) recorded; the 7-day review starts (§43). */
  applied: 'legal-aid-applied',
  /** A criminal case notified by police, procuratorate or court (§36): no review, a provider within 3 days. */
  notified: 'legal-aid-notified',
  /** The one request listing every missing material (§43); the review clock stops. */
  materialsRequested: 'legal-aid-materials-requested',
  materialsSupplied: 'legal-aid-materials-supplied',
  /** Aid before approval (§44): a limitation period ending within 7 days, or urgent preservation. */
  advanceAid: 'legal-aid-advance-aid',
  granted: 'legal-aid-granted',
  refused: 'legal-aid-refused',
  /** Withdrawn by the applicant, or deemed withdrawn when the materials did not arrive in time (§43). */
  withdrawn: 'legal-aid-withdrawn',
  /** A provider assigned (指派), with the reason it was chosen. */
  assigned: 'legal-aid-assigned',
  /** The aided matter reached a court: the court and its case number (linked back to an originating case). */
  courtFiled: 'legal-aid-court-filed',
  /** Aid terminated for a reason of §48. */
  terminated: 'legal-aid-terminated',
  /** The applicant's objection to the justice bureau (§49), and its decision within 5 days. */
  objected: 'legal-aid-objected',
  objectionDecided: 'legal-aid-objection-decided',
  /** The aided matter ended; the provider's closure materials are due. */
  matterEnded: 'legal-aid-matter-ended',
  closureFiled: 'legal-aid-closure-filed',
  /** The agency's quality review of the closed matter. */
  qualityReviewed: 'legal-aid-quality-reviewed',
  /** The applicant's satisfaction rating, 1–5. */
  rated: 'rated',
  closed: 'closed',
} as const;
export type LegalAidStep = (typeof LegalAidSteps)[keyof typeof LegalAidSteps];

/** Clock ids of the legal-aid process: a `warning-changed` step names one in `detail.clock`. */
export const LegalAidClocks = {
  /** The applicant gives the application's facts; unanswered, the registration lapses (not a staff deadline). */
  application: 'legal-aid-application',
  /** Review decided within 7 days of the application (§43); stopped while materials are awaited. */
  review: 'legal-aid-review',
  /** The applicant supplies the requested materials; not supplied in time counts as withdrawal (§43). */
  materials: 'legal-aid-materials',
  /** A provider assigned within 3 days of approval or of a criminal notification (§36, §43). */
  assignment: 'legal-aid-assignment',
  /** The applicant may object to a refusal or termination (§49); not a staff deadline. */
  objectionWindow: 'legal-aid-objection-window',
  /** The justice bureau decides an objection within 5 days (§49). */
  objection: 'legal-aid-objection',
  /** The provider files closure materials after the matter ends (procedure rules, docs/legal-aid.md). */
  closure: 'legal-aid-closure',
} as const;

/** How a legal-aid case ends (the case's outcome). */
export const LEGAL_AID_OUTCOMES = ['aided', 'refused', 'withdrawn', 'terminated', 'lapsed'] as const;
export type LegalAidOutcome = (typeof LEGAL_AID_OUTCOMES)[number];

/** One step as the legal-aid service stores it; idempotent on (caseId, seq). */
export interface LegalAidStepRecord {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  seq: number;
  type: string;
  actor: string;
  at: string;
  detail: Record<string, unknown>;
  status: string;
}

/** A provider as an assignment names it. */
export interface AssignedProvider {
  id: string;
  name: string;
  type: string;
  organisation: string;
  /** The provider's Keycloak username, if they log in (their "my matters"). */
  username: string | null;
  /** Why this provider: speciality, unit, load — recorded on the assignment (zh-CN). */
  reason: string;
}

/**
 * Blind-index keys of a case's parties (ID numbers only; no plain number leaves intake) and the cases
 * linked to it in the person file: the provider conflict check reads them.
 */
export interface CasePartyKeys {
  applicants: string[];
  opponents: string[];
  linkedCaseIds: string[];
}

/** Failure types an assignment raises (non-retryable): the action is refused with a problem. */
export const AssignmentFailureTypes = {
  conflicted: 'ProviderConflicted',
  full: 'ProviderFull',
  unknown: 'UnknownProvider',
  noneAvailable: 'NoProviderAvailable',
} as const;

/** Activities of the legal-aid service, on task queue `legal-aid` or `legal-aid@<orgUnit>`. Idempotent on (caseId, seq). */
export interface LegalAidActivities {
  /**
   * Stores the application's facts and the parties' keys, screens eligibility against the economic
   * standard in force for the case's org unit, and answers the assessment (also kept in the file).
   */
  recordApplication(input: {
    caseId: string;
    caseNo: string;
    orgUnit: string;
    seq: number;
    at: string;
    actor: string;
    facts: ApplicationFacts;
    parties: CasePartyKeys;
  }): Promise<EligibilityAssessment>;
  /** Stores a step in the legal-aid file (material request, decision, objection, closure, quality review, …). */
  recordLegalAidStep(input: LegalAidStepRecord): Promise<void>;
  /**
   * The named provider, or the best one by speciality, unit and load. Refuses a provider who acts or
   * acted for an opposing party of the case or of a case linked to it, or one at capacity
   * (AssignmentFailureTypes, non-retryable).
   */
  assignProvider(input: {
    caseId: string;
    caseNo: string;
    orgUnit: string;
    seq: number;
    providerId?: string;
    at: string;
    actor: string;
  }): Promise<AssignedProvider>;
  /** Frees the provider's capacity (closure filed, aid terminated). */
  releaseProvider(input: { caseId: string; at: string }): Promise<void>;
}

/** Intake's answer for the conflict check (an activity on `intake`). */
export interface IntakePartyActivities {
  partyKeys(input: { caseId: string }): Promise<CasePartyKeys>;
}
