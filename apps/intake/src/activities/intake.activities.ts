import { disputeWorkflowId, type IntakeActivities } from '@fengqiao/contracts';
import { withLogContext } from '@fengqiao/observability';
import type { CasesService } from '../cases/cases.service';

/** Activities of the dispute path that touch intake's data (a factory: deps in, functions out). */
export function createIntakeActivities(cases: CasesService, prefix?: string): IntakeActivities {
  const context = (caseNo: string) => ({ caseNo, workflowId: disputeWorkflowId(caseNo, prefix) });
  return {
    recordWarning: (input) => withLogContext(context(input.caseNo), () => cases.recordWarning(input)),
    recordTransition: (input) => withLogContext(context(input.caseNo), () => cases.recordTransition(input)),
  };
}
