import type { MediationActivities } from '@fengqiao/contracts';
import { withLogContext, type JsonLogger } from '@fengqiao/observability';
import type { CaseworkService } from '../casework/casework.service';
import type { MediatorsService } from '../mediators/mediators.service';

export interface MediationActivityDeps {
  mediators: MediatorsService;
  casework: CaseworkService;
  logger: JsonLogger;
}

/**
 * Activities of the dispute path that touch mediation's data (a factory: deps in, functions
 * out). Every one is idempotent, so Temporal may retry it after it committed. Logs carry ids
 * and codes only, never names or summaries.
 */
export function createMediationActivities({ mediators, casework, logger }: MediationActivityDeps): MediationActivities {
  return {
    assignMediator: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        const assigned = await mediators.assign(input);
        logger.event('mediator assigned', { mediatorId: assigned.id, team: assigned.team, orgUnit: assigned.orgUnit, named: !!input.mediatorId });
        return assigned;
      }),
    releaseMediator: (input) =>
      withLogContext({ caseId: input.caseId }, async () => {
        if (await mediators.release(input.caseId, input.at)) logger.event('mediator released');
      }),
    recordSession: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        await casework.recordSession(input);
        logger.event('session recorded', { seq: input.seq });
      }),
    recordAgreement: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        await casework.recordAgreement(input);
        logger.event('agreement recorded', { confirmationDue: input.confirmationDue });
      }),
    recordJudicialConfirmation: (input) =>
      withLogContext({ caseId: input.caseId }, async () => {
        await casework.recordJudicialConfirmation(input);
        logger.event('judicial confirmation recorded', { result: input.result });
      }),
    openDepartmentPart: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        await casework.openDepartmentPart(input);
        logger.event('department part opened', { department: input.department, orgUnit: input.orgUnit, leadOrgUnit: input.leadOrgUnit });
      }),
    recordReportIn: (input) =>
      withLogContext({ caseId: input.caseId }, async () => {
        await casework.recordReportIn(input);
        logger.event('department reported in', { department: input.department, orgUnit: input.orgUnit });
      }),
    recordDepartmentResult: (input) =>
      withLogContext({ caseId: input.caseId }, async () => {
        await casework.recordDepartmentResult(input);
        logger.event('department result recorded', { department: input.department, orgUnit: input.orgUnit });
      }),
    scheduleReturnVisit: (input) =>
      withLogContext({ caseNo: input.caseNo }, async () => {
        await casework.scheduleReturnVisit(input);
        logger.event('return visit scheduled', { reason: input.reason, due: input.due });
      }),
    completeReturnVisit: (input) =>
      withLogContext({ caseId: input.caseId }, async () => {
        if (await casework.completeReturnVisit(input)) logger.event('return visit completed', { resolved: input.resolved });
      }),
  };
}
