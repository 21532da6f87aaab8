import { Context } from '@temporalio/activity';
import type { IntakeActivities } from '@fengqiao/contracts';
import { withLogContext } from '@fengqiao/observability';
import type { CasesService } from '../cases/cases.service';

/** Activities of every case process that touch intake's data (a factory: deps in, functions out). */
export function createIntakeActivities(cases: CasesService): IntakeActivities {
  const context = (caseNo: string) => ({ caseNo, workflowId: Context.current().info.workflowExecution?.workflowId });
  return {
    recordWarning: (input) => withLogContext(context(input.caseNo), () => cases.recordWarning(input)),
    recordTransition: (input) => withLogContext(context(input.caseNo), () => cases.recordTransition(input)),
  };
}
