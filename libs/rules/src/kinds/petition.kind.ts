import { petitionActionBodySchemas, PetitionSteps, PETITION_STATUSES, WorkflowTypes, type PetitionAction } from '@fengqiao/contracts';
import { Roles, type Role } from '../roles';
import type { ActionSpec, Bilingual, CaseKindModule, ProcessStateView } from './case-kind';
import { petitionAllowedActions } from './petition.allowed-actions';

/** Petition officers handle; the centre's leaders act beside them and approve extensions (§34). */
const officers: readonly Role[] = [Roles.petitionOfficer, Roles.leader];
/** The petitioner asks for review and rates; a clerk or officer may record it on their behalf. */
const petitioner: readonly Role[] = [Roles.resident, Roles.clerk, Roles.petitionOfficer];

const action = (a: PetitionAction, roles: readonly Role[], label: Bilingual, description: Bilingual, example: Record<string, unknown>): ActionSpec => ({
  schema: petitionActionBodySchemas[a],
  roles,
  label,
  description,
  example,
});

/** The petition process of 《信访工作条例》(2022): acceptance, forwarding, handling, reply, review and re-review (docs/deadlines.md). */
export const petitionKind: CaseKindModule = {
  kind: 'petition',
  label: { zh: '信访', en: 'Petition' },
  process: { workflowType: WorkflowTypes.petitionProcess, idPrefix: 'petition', workflowPackage: '@fengqiao/workflow-petition' },
  statuses: PETITION_STATUSES,
  allowedActions: (s: ProcessStateView) => petitionAllowedActions(s),
  metricSteps: {
    firstReply: [PetitionSteps.accepted, PetitionSteps.notAccepted, PetitionSteps.forwarded],
    mediated: { types: [], statuses: [] },
    rated: [PetitionSteps.rated],
    closed: [PetitionSteps.closed],
  },
  demo: { share: 0.03, titles: ['信访事项：补偿款发放', '信访事项：工程遗留问题'] },
  // §36: after the re-review the same facts and reasons are not accepted again.
  closesMatterAfter: [PetitionSteps.reReviewDecided],
  actions: {
    accept: action(
      'accept',
      officers,
      { zh: '受理', en: 'Accept' },
      { zh: '15 日内决定受理（第二十二条），开始 60 日办理期限（第三十四条）', en: 'Accepted within 15 days (§22); the 60-day handling period starts (§34)' },
      { message: '经审查，该信访事项属于本机关职权范围，予以受理' },
    ),
    'not-accept': action(
      'not-accept',
      officers,
      { zh: '不予受理', en: 'Not accept' },
      {
        zh: '不予受理并告知理由；属诉讼、仲裁、行政复议的告知渠道，越级的告知有权处理的机关（第十九条）',
        en: 'Not accepted with the reason told; litigation, arbitration or administrative review: the channel; a skipped level: the competent level (§19)',
      },
      { reason: 'litigation', channel: '人民法院', message: '该事项应通过诉讼途径解决，请依法向人民法院提起诉讼' },
    ),
    forward: action(
      'forward',
      officers,
      { zh: '转送/交办', en: 'Forward' },
      {
        zh: '转送或交办有权处理的机关，15 日内送达；接收机关 5 个工作日内可提出异议（第二十三条）',
        en: 'Transferred or assigned to the competent body within 15 days; it may object within 5 working days (§23)',
      },
      { mode: 'transfer', body: '县人力资源和社会保障局', bodyOrgUnit: '621102' },
    ),
    object: action(
      'object',
      officers,
      { zh: '提出异议', en: 'Object' },
      {
        zh: '接收机关认为不属其职责，5 个工作日内提出异议，退回重新受理（第二十三条）',
        en: 'The receiving body objects within 5 working days: back to acceptance (§23)',
      },
      { reason: '该事项不属于本机关职责范围' },
    ),
    'request-extension': action(
      'request-extension',
      officers,
      { zh: '申请延期', en: 'Ask for an extension' },
      {
        zh: '情况复杂的，说明理由申请延长办理期限，不超过 30 日，仅一次（第三十四条）',
        en: 'A complex matter: at most 30 more days, once, with a reason (§34)',
      },
      { days: 30, reason: '案情复杂，需多部门会商' },
    ),
    'approve-extension': action(
      'approve-extension',
      [Roles.leader],
      { zh: '审批延期', en: 'Decide the extension' },
      { zh: '负责人批准或不批准延期；延期理由告知信访人（第三十四条）', en: 'The head approves or refuses; the petitioner is told the reason (§34)' },
      { approved: true, note: '同意延期' },
    ),
    reply: action(
      'reply',
      officers,
      { zh: '出具答复意见书', en: 'Written reply' },
      { zh: '办理完毕，书面答复信访人；信访人可在 30 日内请求复查', en: 'Handling done: the written reply; the petitioner may ask for review within 30 days' },
      { text: '经调查核实，现答复如下：……', summary: '已协调发放补偿款' },
    ),
    'request-review': action(
      'request-review',
      petitioner,
      { zh: '请求复查', en: 'Ask for review' },
      { zh: '对答复不服，收到答复之日起 30 日内请求复查（第三十五条）', en: 'Within 30 days of the reply (§35)' },
      { reason: '对答复意见不服', onBehalf: false },
    ),
    'decide-review': action(
      'decide-review',
      officers,
      { zh: '复查决定', en: 'Review decision' },
      { zh: '收到复查请求之日起 30 日内提出复查意见（第三十五条）', en: 'Decided within 30 days of the request (§35)' },
      { decision: 'upheld', text: '经复查，原答复意见认定事实清楚，维持原答复' },
    ),
    'request-re-review': action(
      'request-re-review',
      petitioner,
      { zh: '请求复核', en: 'Ask for re-review' },
      { zh: '对复查意见不服，收到之日起 30 日内请求复核（第三十六条）', en: 'Within 30 days of the review decision (§36)' },
      { reason: '对复查意见不服', onBehalf: false },
    ),
    'decide-re-review': action(
      'decide-re-review',
      officers,
      { zh: '复核决定', en: 'Re-review decision' },
      {
        zh: '收到复核请求之日起 30 日内提出复核意见；此后同一事实和理由不再受理（第三十六条）',
        en: 'Decided within 30 days; the same facts and reasons are not accepted again (§36)',
      },
      { decision: 'upheld', text: '经复核，维持复查意见' },
    ),
    'hearing-start': action(
      'hearing-start',
      officers,
      { zh: '开始听证', en: 'Start a hearing' },
      { zh: '举行听证，办理期限暂停；听证时间不计入期限（第三十六条）', en: 'A hearing stops the clock; its time is excluded (§36)' },
      { reason: '举行听证' },
    ),
    'hearing-end': action(
      'hearing-end',
      officers,
      { zh: '结束听证', en: 'End the hearing' },
      { zh: '听证结束，恢复计时', en: 'The clock runs again' },
      { note: '听证结束' },
    ),
    rate: action(
      'rate',
      [Roles.resident, Roles.clerk],
      { zh: '评价', en: 'Rate' },
      { zh: '信访人对办理情况作出满意度评价（1–5，第二十一条）', en: "The petitioner's satisfaction 1–5 (§21)" },
      { score: 5 },
    ),
  },
};
