import { Context } from '@temporalio/activity';
import type { CheckInActivities, IntakeActivities, IntakePartyActivities } from '@fengqiao/contracts';
import { withLogContext } from '@fengqiao/observability';
import type { CasesService } from '../cases/cases.service';
import type { ReferralsService } from '../referrals/referrals.service';
import type { CheckInsService } from '../check-ins/check-ins.service';

/** Activities of every case process that touch intake's data (a factory: deps in, functions out). */
export function createIntakeActivities(
  cases: CasesService,
  referrals: ReferralsService,
  checkIns: CheckInsService,
): IntakeActivities & IntakePartyActivities & CheckInActivities {
  const context = (caseNo: string) => ({ caseNo, workflowId: Context.current().info.workflowExecution?.workflowId });
  return {
    recordWarning: (input) => withLogContext(context(input.caseNo), () => cases.recordWarning(input)),
    recordTransition: (input) =>
      withLogContext(context(input.caseNo), async () => {
        await cases.recordTransition(input);
        // Run on a retry too (the step found written): what a step tells other cases is idempotent.
        await referrals.afterTransition(input);
      }),
    partyKeys: (input) => referrals.partyKeys(input),
    // The daily roll call of a county (the check-in Schedule's workflow): stored once, announced once.
    takeCheckInRollCall: (input) => withLogContext({ orgUnit: input.county }, () => checkIns.takeRollCall(input)),
  };
}
