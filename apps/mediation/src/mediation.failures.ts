import { defineFailures } from '@fengqiao/rules';

/**
 * What mediation answers to a command (codes; messages zh-CN / English). Jurisdiction answers are
 * libs/rules' `JurisdictionFailures`; an activity's refusal to a workflow is `mediation.exception.ts`.
 */
export const MediationFailures = defineFailures({
  INVALID_QUERY: { status: 'validation', zh: '查询参数有误', en: 'Invalid query' },
  RETURN_VISITS_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看回访', en: 'Your role may not list return visits' },
  MEDIATORS_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看调解员', en: 'Your role may not list mediators' },
  MEDIATOR_CREATE_FORBIDDEN: { status: 'forbidden', zh: '仅管理员可添加调解员', en: 'Only an admin may add mediators' },
  MEDIATOR_INVALID: { status: 'validation', zh: '调解员信息有误', en: 'The mediator has invalid fields' },
  MEDIATOR_ORG_UNIT_UNKNOWN: {
    status: 'validation',
    zh: '调解员信息有误',
    en: 'The mediator has invalid fields',
    field: { path: 'orgUnit', zh: '未知的单位', en: 'unknown org unit' },
  },
  MEDIATOR_USERNAME_TAKEN: { status: 'conflict', zh: '该登录名已关联调解员', en: 'A mediator with this username exists' },
});
