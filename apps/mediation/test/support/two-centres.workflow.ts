// Test-only workflow: reaches two mediation deployments by naming their task queues, as the
// dispute path does for joint handling (市镇联动).
import { proxyActivities } from '@temporalio/workflow';
import { taskQueue, type AssignedMediator, type MediationActivities } from '@fengqiao/contracts';

export interface TwoCentresInput {
  prefix: string;
  caseId: string;
  caseNo: string;
  at: string;
  reportInDue: string;
  centres: string[];
}

const activitiesAt = (orgUnit: string, prefix: string) =>
  proxyActivities<MediationActivities>({
    taskQueue: taskQueue('mediation', orgUnit, prefix),
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 3, initialInterval: '200 milliseconds' },
  });

/** Summons the housing department at each centre, then has the first centre assign a land mediator. */
export async function twoCentres(input: TwoCentresInput): Promise<AssignedMediator> {
  for (const orgUnit of input.centres) {
    await activitiesAt(orgUnit, input.prefix).openDepartmentPart({
      caseId: input.caseId,
      caseNo: input.caseNo,
      department: 'housing',
      orgUnit,
      leadOrgUnit: input.centres[0]!,
      at: input.at,
      reportInDue: input.reportInDue,
    });
  }
  return activitiesAt(input.centres[0]!, input.prefix).assignMediator({
    caseId: input.caseId,
    caseNo: input.caseNo,
    orgUnit: input.centres[0]!,
    team: 'land',
    at: input.at,
  });
}
