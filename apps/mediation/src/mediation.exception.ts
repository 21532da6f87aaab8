import { ApplicationFailure } from '@temporalio/common';

/** Why a mediation activity refuses for good: the `type` of its non-retryable Temporal failure. */
export enum MediationErrorCode {
  NoMediatorAvailable = 'NoMediatorAvailable',
  UnknownMediator = 'UnknownMediator',
  NoAgreement = 'NoAgreement',
  UnknownDepartmentPart = 'UnknownDepartmentPart',
}

function message(code: MediationErrorCode): string {
  switch (code) {
    case MediationErrorCode.NoMediatorAvailable:
      return '当前没有可指派的调解员 / No mediator available';
    case MediationErrorCode.UnknownMediator:
      return '调解员不存在、已停用或不属于该单位 / Unknown, inactive or other-unit mediator';
    case MediationErrorCode.NoAgreement:
      return '该案件没有调解协议 / The case has no mediation agreement';
    case MediationErrorCode.UnknownDepartmentPart:
      return '该部门未被召集处置此案件 / The department was not summoned for this case';
  }
}

/** Retrying cannot help (the data says no): the workflow gets the code and decides. */
export function mediationFailure(code: MediationErrorCode, detail?: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(detail ? `${message(code)} (${detail})` : message(code), code);
}
