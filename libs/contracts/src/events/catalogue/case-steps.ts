import { isCaseStepType, type CaseStepType } from './event-types';

/** What each case step means (docs/events.md): Chinese first, English second. */
export const CASE_STEP_DESCRIPTIONS: Record<CaseStepType, { zh: string; en: string }> = {
  routed: { zh: '按分流规则确定层级、团队和时限，流程开始', en: 'Classified by the routing rules (tier, team, periods); the process starts' },
  'process-resumed': { zh: '历史在办案件的流程从当前环节接续', en: 'The process of an open historical case resumed where the case stands' },
  'deadlines-recomputed': { zh: '节假日安排变更后重新计算时限', en: 'Deadlines recomputed after a holiday notice changed' },
  'warning-changed': { zh: '时限预警颜色变化（绿/黄/红），红色时开启督办', en: 'A clock changed colour (green/yellow/red); red opens a supervision item' },
  replied: { zh: '首次答复当事人', en: 'The first reply to the party' },
  assigned: { zh: '指派调解员，进入调解', en: 'A mediator assigned; mediation starts' },
  'session-recorded': { zh: '记录一次调解会', en: 'A mediation session recorded' },
  concluded: { zh: '办结，记录结果', en: 'Concluded, with its outcome' },
  'judicial-confirmation-reminder': { zh: '提醒申请司法确认', en: 'A reminder to apply for judicial confirmation' },
  'judicial-confirmation-recorded': { zh: '记录法院司法确认结果', en: 'The court’s judicial confirmation recorded' },
  'judicial-confirmation-lapsed': { zh: '司法确认申请期限届满', en: 'The judicial confirmation window lapsed' },
  'escalation-proposed': { zh: '调解超期，建议升级联合办理', en: 'Mediation overdue: joint handling proposed' },
  escalated: { zh: '升级为多部门联合办理', en: 'Escalated to joint handling by several departments' },
  'department-reported-in': { zh: '联办部门报到', en: 'A summoned department reported in' },
  'department-result-filed': { zh: '联办部门反馈办理结果', en: 'A summoned department filed its result' },
  'feedback-recorded': { zh: '向当事人反馈结果', en: 'The result fed back to the party' },
  rated: { zh: '当事人满意度评价（1–5）', en: 'The party’s satisfaction rating (1–5)' },
  'review-opened': { zh: '评价不满意，开启复核回访', en: 'An unsatisfied rating opened a review with a return visit' },
  'return-visit-recorded': { zh: '记录回访', en: 'A return visit recorded' },
  reopened: { zh: '回访未解决，重新调解', en: 'Reopened for mediation after an unresolved return visit' },
  closed: { zh: '结案', en: 'Closed' },
  'window-closed': { zh: '一个非工作人员时限（如异议期）届满关闭', en: 'A window that is not a staff deadline (an objection window) ended' },
  'clock-paused': { zh: '时限暂停（中止）', en: 'A clock paused (suspension)' },
  'clock-resumed': { zh: '时限恢复计算', en: 'A paused clock resumed' },
  'extension-requested': { zh: '申请延长时限', en: 'An extension requested' },
  'extension-approved': { zh: '延期获批', en: 'An extension approved' },
  'extension-refused': { zh: '延期未获批', en: 'An extension refused' },
  'legal-aid-applied': {
    zh: '记录法律援助申请事实和经济困难审查，开始7日审查期',
    en: 'Legal-aid application facts and eligibility screening recorded; the 7-day review starts',
  },
  'legal-aid-notified': { zh: '刑事案件通知辩护/代理，3日内指派', en: 'A criminal case notified (§36): a provider within 3 days' },
  'legal-aid-materials-requested': { zh: '一次性告知需补充的材料，审查期中止', en: 'Missing materials requested at once; the review clock stops' },
  'legal-aid-materials-supplied': { zh: '申请人补齐材料', en: 'The applicant supplied the materials' },
  'legal-aid-advance-aid': { zh: '先行提供法律援助', en: 'Aid given before approval (§44)' },
  'legal-aid-granted': { zh: '决定给予法律援助', en: 'Legal aid granted' },
  'legal-aid-refused': { zh: '决定不予法律援助', en: 'Legal aid refused' },
  'legal-aid-withdrawn': { zh: '申请撤回或视为撤回', en: 'The application withdrawn, or deemed withdrawn' },
  'legal-aid-assigned': { zh: '指派法律援助人员', en: 'A provider assigned' },
  'legal-aid-court-filed': { zh: '受援事项进入诉讼', en: 'The aided matter reached a court' },
  'legal-aid-terminated': { zh: '终止法律援助', en: 'Legal aid terminated (§48)' },
  'legal-aid-objected': { zh: '申请人向司法行政部门提出异议', en: 'The applicant objected to the justice bureau (§49)' },
  'legal-aid-objection-decided': { zh: '异议处理决定', en: 'The objection decided' },
  'legal-aid-matter-ended': { zh: '受援事项结束，待提交结案材料', en: 'The aided matter ended; closure materials are due' },
  'legal-aid-closure-filed': { zh: '提交结案材料', en: 'Closure materials filed' },
  'legal-aid-quality-reviewed': { zh: '案件质量评查', en: 'Quality review of the closed matter' },
  'petition-accepted': { zh: '信访事项受理，开始60日办理期', en: 'The petition accepted; the 60-day handling clock starts' },
  'petition-not-accepted': { zh: '不予受理并告知理由', en: 'Not accepted, with the reason told to the petitioner' },
  'petition-forwarded': { zh: '转送、交办有权处理机关', en: 'Forwarded or assigned to the competent body' },
  'petition-objected': { zh: '接收机关提出异议，退回受理环节', en: 'The receiving body objected: back to acceptance' },
  'petition-replied': { zh: '出具处理意见书', en: 'The written reply issued' },
  'petition-review-requested': { zh: '申请复查', en: 'Review requested' },
  'petition-review-decided': { zh: '复查意见', en: 'Review decided' },
  'petition-re-review-requested': { zh: '申请复核', en: 'Re-review requested' },
  'petition-re-review-decided': { zh: '复核意见（终结）', en: 'Re-review decided (final)' },
};

/** What a case's registration means (its event `cn.fengqiao.case.registered.v1`, the first step of every timeline). */
export const CASE_REGISTERED_DESCRIPTION = {
  zh: '登记新案件（含分流规则），启动办理流程',
  en: 'A case registered (with its routing rule); its process starts',
};

/**
 * What a step of a case's timeline means, as the event catalogue says it (its registration and every
 * published case step); undefined for a timeline entry that is not an event of the catalogue.
 */
export function caseStepDescription(type: string): { zh: string; en: string } | undefined {
  if (type === 'registered') return CASE_REGISTERED_DESCRIPTION;
  return isCaseStepType(type) ? CASE_STEP_DESCRIPTIONS[type] : undefined;
}
