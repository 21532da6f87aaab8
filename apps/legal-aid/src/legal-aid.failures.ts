import { ApplicationFailure } from '@temporalio/common';
import { AssignmentFailureTypes } from '@fengqiao/contracts';
import { defineFailures } from '@fengqiao/rules';

/**
 * What the legal-aid service answers to a command (codes; messages zh-CN / English). A case outside
 * the caller's jurisdiction answers like a missing one (its existence is not revealed), as a case does.
 */
export const LegalAidFailures = defineFailures({
  CASE_NOT_FOUND: { status: 'notFound', zh: '法律援助案件不存在', en: 'Legal-aid case not found' },
  DOCUMENT_KIND_UNKNOWN: {
    status: 'validation',
    zh: '文书类型有误',
    en: 'Unknown document kind',
    field: { path: 'kind', zh: '应为 {kinds} 之一', en: 'must be one of {kinds}' },
  },
  DOCUMENT_NOT_ISSUED: { status: 'notFound', zh: '该案件尚未出具此文书', en: 'This document has not been issued for the case' },
  PROVIDER_INVALID: { status: 'validation', zh: '法律援助人员信息有误', en: 'The provider has invalid fields' },
  PROVIDER_NOT_FOUND: { status: 'notFound', zh: '法律援助人员不存在', en: 'Provider not found' },
  PROVIDER_OUTSIDE_JURISDICTION: {
    status: 'forbidden',
    zh: '该单位不在您的辖区内',
    en: 'The org unit is outside your jurisdiction',
    field: { path: 'orgUnit', zh: '超出辖区', en: 'outside your jurisdiction' },
  },
  PROVIDER_USERNAME_TAKEN: {
    status: 'conflict',
    zh: '该登录名已关联其他法律援助人员',
    en: 'Another provider has this username',
    field: { path: 'username', zh: '已被使用', en: 'already in use' },
  },
  STANDARD_INVALID: { status: 'validation', zh: '经济困难标准有误', en: 'The economic standard has invalid fields' },
  STANDARD_OUTSIDE_JURISDICTION: {
    status: 'forbidden',
    zh: '该单位不在您的辖区内',
    en: 'The org unit is outside your jurisdiction',
    field: { path: 'orgUnit', zh: '超出辖区', en: 'outside your jurisdiction' },
  },
});

/**
 * Why an activity refuses for good (the `type` of its non-retryable Temporal failure): the workflow
 * turns an assignment's refusal into the action's problem, so its message is the applicant-facing
 * text (`zh / en`). The assignment codes are the contract's AssignmentFailureTypes.
 */
export const LegalAidActivityFailures = defineFailures({
  InvalidStep: { status: 'validation', zh: '法律援助步骤数据有误', en: 'The legal-aid step is invalid' },
  InvalidApplication: { status: 'validation', zh: '法律援助申请数据有误', en: 'The legal-aid application is invalid' },
  /** The same (case, seq) was already stored with another type: the workflow's numbering is broken. */
  ConflictingStep: { status: 'conflict', zh: '同一序号已记录了不同的步骤', en: 'Another step is stored under this sequence number' },
  [AssignmentFailureTypes.conflicted]: {
    status: 'conflict',
    zh: '{name} 曾为本案或关联案件的对方当事人提供法律服务，存在利益冲突，不能指派',
    en: '{name} acts or acted for an opposing party of this case or of a linked case: a conflict of interest',
  },
  [AssignmentFailureTypes.full]: {
    status: 'conflict',
    zh: '{name} 在办案件已满（{load}/{capacity}），不能再指派',
    en: '{name} has no capacity left ({load}/{capacity} matters in hand)',
  },
  [AssignmentFailureTypes.unknown]: { status: 'validation', zh: '该法律援助人员不存在或已停用', en: 'The provider does not exist or is inactive' },
  [AssignmentFailureTypes.noneAvailable]: {
    status: 'conflict',
    zh: '没有可指派的法律援助人员（专长、所在单位、在办数量或利益冲突不符）',
    en: 'No provider is available (speciality, unit, capacity or conflict of interest)',
  },
});

type ActivityCode = keyof typeof LegalAidActivityFailures.codes & string;

/** The non-retryable failure of an activity: the message is the code's `zh / en`, then any detail for the log. */
export function activityFailure(code: ActivityCode, params?: Record<string, string | number>, detail?: string): ApplicationFailure {
  const p = LegalAidActivityFailures.problem as (code: ActivityCode, ...args: unknown[]) => { detail?: string };
  const message = (params ? p(code, params) : p(code)).detail ?? code;
  return ApplicationFailure.nonRetryable(detail ? `${message} (${detail})` : message, code);
}
