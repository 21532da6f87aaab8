import { disputeWorkflowId, type IntakeActivities } from '@fengqiao/contracts';
import { withLogContext } from '@fengqiao/observability';
import type { CasesService } from '../cases/cases.service';

/** Activities of the dispute path that touch intake's data (a factory: deps in, functions out). */
export function createIntakeActivities(cases: CasesService, prefix?: string): IntakeActivities {
  return {
    recordWarning: (input) => withLogContext({ caseNo: input.caseNo, workflowId: disputeWorkflowId(input.caseNo, prefix) }, () => cases.recordWarning(input)),
  };
}
