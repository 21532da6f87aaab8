import type { CaseStepType } from '../events/catalogue/event-types';
import type { CaseStatus, WarningColour } from '../cases/case.schema';
import type { Outcome } from './actions';
import type { CaseClock, DisputeState } from './workflow-types';

/** One step of a case, written by intake in one transaction: case row, timeline row, event. */
export interface TransitionRecord {
  caseId: string;
  caseNo: string;
  /** Sequence number within the case: a retried activity writes nothing twice. */
  seq: number;
  /** Timeline type and event name: `replied`, `assigned`, `escalated`, `warning-changed`, … (the event catalogue's case steps). */
  type: CaseStepType;
  actor: string;
  at: string;
  detail: Record<string, unknown>;
  state: Pick<
    DisputeState,
    'status' | 'outcome' | 'warning' | 'mediator' | 'joint' | 'clocks' | 'allowedActions' | 'rating' | 'clockActions' | 'extensionRequest'
  > & {
    deadlines: { firstReplyDue: string | null; mediationDue: string | null; jointHandlingDue: string | null };
  };
  /** Red clocks open a supervision item (督办) for the leader of the clock's org unit. */
  openSupervision?: { clockId: string; orgUnit: string; reason: string; due: string }[];
}

/** Activities the intake service runs for the dispute path (implemented in apps/intake). */
export interface IntakeActivities {
  /** First version (kept so runs started before `stages-v2` replay). */
  recordWarning(input: { caseId: string; caseNo: string; warning: WarningColour; reason: string }): Promise<void>;
  recordTransition(input: TransitionRecord): Promise<void>;
}

export interface AssignedMediator {
  id: string;
  name: string;
  /** The Keycloak username of a mediator who logs in (their "my cases"), if linked. */
  username?: string | null;
  team: string;
  orgUnit: string;
}

/**
 * Activities of the mediation service, reached on `mediation@<orgUnit>`: the deployment that
 * serves that centre. Each returns what it stored; all are idempotent on (caseId, key).
 */
export interface MediationActivities {
  /** Named mediator, or the least-loaded active one of the team at the org unit (fair tie-break). Fails `NoMediatorAvailable` / `UnknownMediator` (non-retryable). */
  assignMediator(input: { caseId: string; caseNo: string; orgUnit: string; team: string; mediatorId?: string; at: string }): Promise<AssignedMediator>;
  /** Frees the mediator's capacity (conclusion, escalation away from the centre, reassignment). */
  releaseMediator(input: { caseId: string; at: string }): Promise<void>;
  recordSession(input: {
    caseId: string;
    caseNo: string;
    seq: number;
    mediatorId: string | null;
    at: string;
    summary: string;
    participants: string[];
  }): Promise<void>;
  recordAgreement(input: { caseId: string; caseNo: string; text: string; at: string; confirmationDue: string }): Promise<void>;
  recordJudicialConfirmation(input: {
    caseId: string;
    result: 'confirmed' | 'rejected' | 'lapsed';
    court: string | null;
    decidedAt: string;
    reference?: string;
  }): Promise<void>;
  /** Opens a department's part at the centre this deployment serves (中心吹哨). */
  openDepartmentPart(input: {
    caseId: string;
    caseNo: string;
    department: string;
    orgUnit: string;
    leadOrgUnit: string;
    at: string;
    reportInDue: string;
  }): Promise<void>;
  recordReportIn(input: { caseId: string; department: string; orgUnit: string; officer: string; at: string }): Promise<void>;
  recordDepartmentResult(input: { caseId: string; department: string; orgUnit: string; officer: string; summary: string; at: string }): Promise<void>;
  /** 回访 for failed or low-rated cases. */
  scheduleReturnVisit(input: { caseId: string; caseNo: string; orgUnit: string; reason: 'failed' | 'low-rating'; at: string; due: string }): Promise<void>;
  completeReturnVisit(input: { caseId: string; by: string; summary: string; resolved: boolean; at: string }): Promise<void>;
}

export type { CaseClock, CaseStatus, Outcome };
