import { ApplicationFailure } from '@temporalio/common';

/** Why a petitions activity refuses for good: the `type` of its non-retryable Temporal failure. */
export enum PetitionErrorCode {
  InvalidStep = 'InvalidStep',
  /** The same (case, seq) was already stored with another type: the workflow's numbering is broken. */
  ConflictingStep = 'ConflictingStep',
}

function message(code: PetitionErrorCode): string {
  switch (code) {
    case PetitionErrorCode.InvalidStep:
      return '信访步骤数据有误 / The petition step is invalid';
    case PetitionErrorCode.ConflictingStep:
      return '同一序号已记录了不同的步骤 / Another step is stored under this sequence number';
  }
}

/** Retrying cannot help (the data says no): the workflow gets the code and decides. */
export function petitionFailure(code: PetitionErrorCode, detail?: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(detail ? `${message(code)} (${detail})` : message(code), code);
}
