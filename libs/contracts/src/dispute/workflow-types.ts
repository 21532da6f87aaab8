import type { CaseStatus, WarningColour } from '../cases/case.schema';
import type { Caller } from '../messaging/caller';
import type { DepartmentSummons, Outcome } from './actions';

/** A running clock of a case: the centre's procedural clocks and each summoned department's own. */
export interface CaseClock {
  /** `first-reply`, `mediation`, `report-in:housing@621100`, … — unique among a case's running clocks. */
  id: string;
  kind:
    | 'first-reply'
    | 'first-contact'
    | 'mediation'
    | 'joint-handling'
    | 'report-in'
    | 'department-result'
    | 'feedback'
    | 'rating'
    | 'judicial-confirmation'
    | 'return-visit'
    | (typeof import('../petition/petition-steps').PetitionClocks)[keyof typeof import('../petition/petition-steps').PetitionClocks]
    | (typeof import('../legal-aid/legal-aid-steps').LegalAidClocks)[keyof typeof import('../legal-aid/legal-aid-steps').LegalAidClocks];
  /** `centre`, a department code, or `parties` (a window the parties keep, e.g. judicial confirmation). */
  owner: string;
  orgUnit: string;
  startedAt: string;
  yellowAt: string;
  due: string;
  colour: WarningColour;
  /** A day in a year without a loaded holiday notice was used: weekends-only there. */
  provisional: boolean;
  /** Whether the clock colours the case (a parties' window or the rating wait does not). */
  counts: boolean;
  /** Stopped since (a hearing, a material request, the parties' consent): the stop is not counted. */
  pausedAt?: string | null;
  pauseReason?: string | null;
  /** Time stopped so far (ms), added to the due date. */
  pausedMs?: number;
  /** Calendar days granted by approved extensions. */
  extendedDays?: number;
}

/** An extension asked for and not yet decided (one at a time). */
export interface ExtensionRequest {
  clock: string;
  days: number;
  reason: string;
  requestedBy: string;
  at: string;
}

export interface JointPart extends DepartmentSummons {
  reportedInAt: string | null;
  resultAt: string | null;
}

/** What the workflow knows of its case; the query `state` and every update answer with it. */
export interface DisputeState {
  caseNo: string;
  status: CaseStatus;
  outcome: Outcome | null;
  warning: WarningColour;
  ruleVersion: number;
  mediator: { id: string; name: string; team: string; username?: string | null } | null;
  joint: { leadOrgUnit: string; reason: string; parts: JointPart[] } | null;
  feedbackRecorded: boolean;
  rating: number | null;
  judicialConfirmation: 'pending' | 'confirmed' | 'rejected' | 'lapsed' | null;
  clocks: CaseClock[];
  /** An extension waiting for its approver's decision (absent in runs that predate extensions). */
  extensionRequest?: ExtensionRequest | null;
  allowedActions: string[];
  /** Clock controls that fit now (pause, resume, extension), beside the stage's actions. */
  clockActions?: string[];
  /** Transitions recorded so far: the next one's sequence number in the case timeline. */
  seq: number;
}

/** An action as the workflow receives it: who, and the body already checked by its schema. */
export interface ActionRequest<B = unknown> {
  actor: Caller;
  body: B;
}
