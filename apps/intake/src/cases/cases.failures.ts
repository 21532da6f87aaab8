import { defineFailures } from '@fengqiao/rules';

/** What intake answers about cases, their actions and supervision items (codes; messages zh-CN / English). */
export const CaseFailures = defineFailures({
  CASE_INVALID: { status: 'validation', zh: '案件信息不完整或有误', en: 'The case has invalid fields' },
  CASE_KIND_UNKNOWN: {
    status: 'validation',
    zh: '案件信息不完整或有误',
    en: 'The case has invalid fields',
    field: { path: 'kind', zh: '未知的案件类型', en: 'unknown kind' },
  },
  /** The kind's `closesMatterAfter`: the person's same matter was concluded for good (a petition's re-review, §36). */
  MATTER_CLOSED: {
    status: 'conflict',
    zh: '同一事项已在案件 {caseNo} 中作出终结性意见（复核），依法不再受理',
    en: 'The same matter was concluded for good in case {caseNo} (re-review) and is not accepted again',
  },
  /** Another registrar's case (outside the caller's reach) already carries this external reference. */
  EXTERNAL_REF_TAKEN: {
    status: 'conflict',
    zh: '外部编号 {id} 已登记为另一单位的案件',
    en: 'The external reference {id} is already registered as a case outside your jurisdiction',
  },
  KIND_NOT_FOR_INTEGRATORS: {
    status: 'forbidden',
    zh: '接入方只能登记以下类型的案件：{kinds}',
    en: "An integrator's account registers these kinds only: {kinds}",
  },
  REGISTER_OUTSIDE_JURISDICTION: { status: 'forbidden', zh: '不能为辖区外的单位登记案件', en: 'The org unit is outside your jurisdiction' },
  PROCESS_STARTING: {
    status: 'unavailable',
    zh: '案件已登记，流程正在启动，请用同一 Idempotency-Key 重试',
    en: 'Registered; its process is starting: retry with the same Idempotency-Key',
  },
  CASE_NOT_FOUND: { status: 'notFound', zh: '案件不存在', en: 'Case not found' },
  INVALID_QUERY: { status: 'validation', zh: '查询参数有误', en: 'Invalid query' },
  /** Open311's public view (no api_key) lists one unit's subtree: the caller has no jurisdiction of its own. */
  PUBLIC_READ_UNIT_REQUIRED: {
    status: 'validation',
    zh: '查询参数有误',
    en: 'Invalid query',
    field: { path: 'orgUnit', zh: '不带 api_key 的查询须指定单位', en: 'a read without an api_key names its org unit' },
  },
  UNMASK_REASON_REQUIRED: { status: 'validation', zh: '请说明查看原因', en: 'Give a reason' },
  CASE_OR_PARTY_NOT_FOUND: { status: 'notFound', zh: '案件或当事人不存在', en: 'Case or party not found' },
  UNMASK_FORBIDDEN: { status: 'forbidden', zh: '当前角色无权查看完整个人信息', en: 'Your role may not see full personal data' },
  ACTION_REQUEST_INVALID: { status: 'validation', zh: '操作请求不合法', en: 'Invalid action request' },
  ACTION_UNKNOWN: {
    status: 'validation',
    zh: '操作请求不合法',
    en: 'Invalid action request',
    field: { path: 'action', zh: '未知操作', en: 'unknown action {action}' },
  },
  ACTION_FORBIDDEN: { status: 'forbidden', zh: '当前角色不能执行 {action}', en: 'Your role may not {action}' },
  ACTION_BODY_INVALID: { status: 'validation', zh: '操作内容不合法', en: 'The action has invalid fields' },
  /** The case kind's own refusal (its `mayTake`), in its words. */
  ACTION_REFUSED: { status: 'forbidden', zh: '{zh}', en: '{en}' },
  ORG_UNIT_UNKNOWN: { status: 'validation', zh: '未知的单位', en: 'Unknown org unit' },
  ORG_UNIT_NOT_FOUND: { status: 'notFound', zh: '单位不存在', en: 'No such org unit' },
  ACTION_NOT_OF_KIND: { status: 'conflict', zh: '该类案件没有操作 {action}', en: 'A {kind} case has no action {action}' },
  CASE_MERGED: { status: 'conflict', zh: '该案件已合并办理，请在合并后的案件上操作', en: 'The case was merged: act on the case it joined' },
  PROCESS_ENDED: { status: 'conflict', zh: '案件流程已结束或不接受该操作', en: 'The case process has ended or does not take this action' },
  JUDICIAL_CONFIRMATION_INVALID: { status: 'validation', zh: '司法确认信息不合法', en: 'Invalid judicial confirmation' },
  JUDICIAL_CONFIRMATION_FORBIDDEN: { status: 'forbidden', zh: '当前角色不能登记司法确认结果', en: 'Your role may not record a judicial confirmation' },
  NO_AGREEMENT_AWAITING_CONFIRMATION: {
    status: 'conflict',
    zh: '案件没有待司法确认的调解协议',
    en: 'The case has no agreement awaiting judicial confirmation',
  },
  SUPERVISION_FORBIDDEN: { status: 'forbidden', zh: '仅领导可查看督办事项', en: 'Supervision items are for leaders' },
});
