/** Temporal names shared by the orchestrator, the workflows and the services' activity workers. */
export const WorkflowTypes = { disputePath: 'disputePath' } as const;

/** `dispute-<caseNo>`; an isolation prefix (tests, shared servers) goes in front. */
export const disputeWorkflowId = (caseNo: string, prefix?: string) => (prefix ? `${prefix}.dispute-${caseNo}` : `dispute-${caseNo}`);

export interface DisputePathInput {
  caseId: string;
  caseNo: string;
  orgUnit: string;
  registeredAt: string;
  firstReplyDue: string;
  /** Fraction of a period after which the case turns yellow. */
  yellowAt: number;
  /** Test isolation: prefix of every task queue the workflow schedules on. */
  queuePrefix?: string;
}

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

/** Activities the intake service runs for the dispute path (implemented in apps/intake). */
export interface IntakeActivities {
  recordWarning(input: { caseId: string; caseNo: string; warning: 'green' | 'yellow' | 'red'; reason: string }): Promise<void>;
}
