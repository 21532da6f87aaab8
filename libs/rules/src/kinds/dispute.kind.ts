import { actionBodySchemas, type Caller, type DisputeAction } from '@fengqiao/contracts';
import { Roles } from '../roles';
import type { ActionSpec, Bilingual, CaseKindModule } from './case-kind';
import { allowedActions } from './dispute.allowed-actions';
import { clockActions } from './clock-actions';

/** A department officer reports in and files results for their own department only. */
const ownDepartment = (caller: Caller, body: unknown): Bilingual | null => {
  const department = (body as { department?: string }).department;
  return caller.department === department ? null : { zh: '只能代表本部门报到或反馈', en: `You act for ${caller.department ?? 'no department'} only` };
};

const action = (
  a: DisputeAction,
  roles: ActionSpec['roles'],
  label: Bilingual,
  description: Bilingual,
  example: Record<string, unknown>,
  extra: Partial<ActionSpec> = {},
): ActionSpec => ({
  schema: actionBodySchemas[a],
  roles,
  label,
  description,
  example,
  ...extra,
});

/** The dispute path: first contact, assigned mediator, joint handling, outcome, feedback and rating (docs/dispute-path.md). */
export const disputeKind: CaseKindModule = {
  kind: 'dispute',
  label: { zh: '矛盾纠纷', en: 'Dispute' },
  process: { workflowType: 'disputePath', idPrefix: 'dispute', workflowPackage: '@fengqiao/workflow-dispute-path' },
  statuses: ['first-contact', 'mediation', 'joint-handling', 'awaiting-feedback', 'review', 'closed'],
  allowedActions,
  metricSteps: { firstReply: ['replied'], mediated: { types: ['assigned'], statuses: ['mediation'] }, rated: ['rated'], closed: ['closed'] },
  demo: { share: 0.7, respondent: true },
  actions: {
    reply: action(
      'reply',
      [Roles.clerk],
      { zh: '答复', en: 'Reply' },
      { zh: '首问答复；resolved 为 true 时当场化解，转入结果告知', en: 'First-contact reply; resolved: true settles it on the spot' },
      { message: '已联系双方，约定明日到中心调解', resolved: false },
    ),
    assign: action(
      'assign',
      [Roles.clerk, Roles.leader],
      { zh: '分派调解', en: 'Assign to mediation' },
      { zh: '分派专职调解员；不指定时由中心按团队、单位和工作量分派', en: 'Assign a mediator; without an id the centre picks by team, unit and load' },
      {},
    ),
    session: action(
      'session',
      [Roles.mediator],
      { zh: '记录调解', en: 'Record session' },
      { zh: '记录一次调解', en: 'Record a mediation session' },
      { at: '2026-11-21T10:00:00+08:00', summary: '双方到场，初步达成意向', participants: ['张三', '李四'] },
    ),
    escalate: action(
      'escalate',
      [Roles.mediator, Roles.leader],
      { zh: '提请联合处置', en: 'Escalate to joint handling' },
      { zh: '市镇联动：召集部门报到', en: 'Joint handling across township and city: summon departments' },
      { reason: '涉及多个部门', departments: ['housing'] },
    ),
    'report-in': action(
      'report-in',
      [Roles.deptOfficer],
      { zh: '报到', en: 'Report in' },
      { zh: '部门响应中心召集（报到）', en: "The department answers the centre's call" },
      { department: 'housing' },
      { mayTake: ownDepartment },
    ),
    'dept-result': action(
      'dept-result',
      [Roles.deptOfficer],
      { zh: '反馈处置结果', en: 'File result' },
      { zh: '部门完成其负责部分', en: "The department's part is done" },
      { department: 'housing', summary: '已现场核查并出具意见' },
      { mayTake: ownDepartment },
    ),
    conclude: action(
      'conclude',
      [Roles.mediator, Roles.leader],
      { zh: '办结', en: 'Conclude' },
      { zh: '结束处置，转入结果告知', en: 'Ends handling; moves to awaiting feedback' },
      { outcome: 'agreement', summary: '双方达成调解协议' },
    ),
    feedback: action(
      'feedback',
      [Roles.clerk, Roles.mediator],
      { zh: '告知结果', en: 'Record feedback' },
      { zh: '向群众告知处理结果', en: 'The result told to the resident' },
      { message: '已电话告知处理结果', channel: 'phone' },
    ),
    rate: action(
      'rate',
      [Roles.resident, Roles.clerk],
      { zh: '评价', en: 'Rate' },
      { zh: '满意度评价（1–5）；3 分及以上办结，1–2 分回访', en: 'Satisfaction 1–5; 3 or more closes, 1–2 opens a return visit' },
      { score: 5 },
    ),
    ...clockActions([Roles.clerk, Roles.mediator, Roles.leader], [Roles.leader]),
    'return-visit': action(
      'return-visit',
      [Roles.clerk, Roles.mediator, Roles.leader],
      { zh: '回访', en: 'Return visit' },
      { zh: '记录回访结果', en: 'Record a return visit' },
      { summary: '回访群众，问题已解决', resolved: true },
    ),
  },
};

/** Roles that may record the court's answer on a judicial confirmation (the gateway's route check). */
export const JUDICIAL_CONFIRMATION_ROLES = [Roles.mediator, Roles.leader, Roles.clerk, Roles.deptOfficer] as const;

/** The whole rule: centre staff, or a department officer of the court (other departments may not). */
export function mayRecordJudicialConfirmation(caller: Pick<Caller, 'roles' | 'department'>): boolean {
  const centreStaff: readonly string[] = JUDICIAL_CONFIRMATION_ROLES.filter((r) => r !== Roles.deptOfficer);
  if (caller.roles.some((r) => centreStaff.includes(r))) return true;
  return caller.roles.includes(Roles.deptOfficer) && caller.department === 'court';
}
