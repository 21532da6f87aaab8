import { legalAidActionBodySchemas, LegalAidSteps, LEGAL_AID_STATUSES, WorkflowTypes, type LegalAidAction } from '@fengqiao/contracts';
import { Roles, type Role } from '../roles';
import type { ActionSpec, Bilingual, CaseKindModule, ProcessStateView } from './case-kind';
import { legalAidAllowedActions, type LegalAidStateView } from './legal-aid.allowed-actions';
import type { LegalAidPeriodSettings } from './legal-aid.periods';

/** The agency's officers decide; the centre's leaders act beside them. */
const officers: readonly Role[] = [Roles.legalAidOfficer, Roles.leader];
/** The applicant acts; a clerk or a legal-aid officer may record it on their behalf. */
const applicant: readonly Role[] = [Roles.resident, Roles.clerk, Roles.legalAidOfficer];
/** The assigned provider reports; an officer may record it for them (the workflow refuses any other provider). */
const provider: readonly Role[] = [Roles.legalAidProvider, Roles.legalAidOfficer];

const action = (a: LegalAidAction, roles: readonly Role[], label: Bilingual, description: Bilingual, example: Record<string, unknown>): ActionSpec => ({
  schema: legalAidActionBodySchemas[a],
  roles,
  label,
  description,
  example,
});

/**
 * The legal-aid process of 《法律援助法》(2021) and 《办理法律援助案件程序规定》(司法部令第148号):
 * application and screening, review, assignment, aid, closure filing, quality review (docs/legal-aid.md).
 */
export const legalAidKind: CaseKindModule = {
  kind: 'legal-aid',
  label: { zh: '法律援助', en: 'Legal aid' },
  process: { workflowType: WorkflowTypes.legalAidProcess, idPrefix: 'legal-aid', workflowPackage: '@fengqiao/workflow-legal-aid' },
  statuses: LEGAL_AID_STATUSES,
  allowedActions: (s: ProcessStateView) => legalAidAllowedActions(s as LegalAidStateView),
  metricSteps: {
    // The first contact is the application recorded (or a criminal case's notification).
    firstReply: [LegalAidSteps.applied, LegalAidSteps.notified],
    mediated: { types: [], statuses: [] },
    rated: [LegalAidSteps.rated],
    closed: [LegalAidSteps.closed],
  },
  demo: { share: 0.02, titles: ['法律援助申请：追讨劳动报酬', '法律援助申请：赡养费'] },
  // The periods the law leaves to local rules, as a deployment sets them (docs/legal-aid.md).
  processSettings: (env) => ({ legalAidSettings: legalAidSettingsFrom(env) }),
  actions: {
    apply: action(
      'apply',
      [...applicant, Roles.leader],
      { zh: '提出申请', en: 'Apply' },
      {
        zh: '申请人如实说明事项和经济状况并签署承诺（第四十一条）；系统逐条初审，法律援助机构 7 日内审查决定（第四十三条）；刑事案件通知指派的，3 日内指派律师（第三十六条）',
        en: 'The applicant states the matter and their means and signs the statement (§41); the screening runs rule by rule and the agency decides within 7 days (§43); a notified criminal case gets a lawyer within 3 days (§36)',
      },
      {
        matter: 'labour',
        matterDescription: '在建筑工地务工，被拖欠工资 8 个月共 2.4 万元',
        hasOwnLawyer: false,
        exemptions: ['migrant-worker-pay'],
        household: { members: 3, monthlyIncome: 2100 },
        statementSigned: true,
        urgentPreservation: true,
      },
    ),
    'request-materials': action(
      'request-materials',
      officers,
      { zh: '一次性告知补充材料', en: 'Request materials' },
      {
        zh: '申请材料不齐全的，一次性告知需要补充的全部材料（第四十三条），审查期限暂停；逾期未补充视为撤回申请',
        en: 'Everything missing is asked for at once (§43); the review clock stops; not supplied in time counts as withdrawal',
      },
      { missing: ['劳动合同或工资条', '用人单位名称及地址'], message: '请在期限内补充以下材料' },
    ),
    'supply-materials': action(
      'supply-materials',
      applicant,
      { zh: '补充材料', en: 'Supply materials' },
      { zh: '申请人补充材料，恢复审查计时', en: 'The applicant supplies the materials; the review clock runs again' },
      { items: ['工资条复印件', '用人单位营业执照信息'] },
    ),
    'advance-aid': action(
      'advance-aid',
      officers,
      { zh: '先行提供法律援助', en: 'Aid before approval' },
      {
        zh: '距法定时效或期限届满不足七日，或需立即申请财产保全、证据保全、先予执行的，可先行提供法律援助（第四十四条）',
        en: 'A limitation period ends in fewer than 7 days, or preservation is urgent: aid may start before approval (§44)',
      },
      { ground: 'urgent-preservation', note: '用人单位正在转移财产，需立即申请财产保全' },
    ),
    grant: action(
      'grant',
      officers,
      { zh: '给予法律援助', en: 'Grant' },
      {
        zh: '决定给予法律援助，自决定之日起 3 日内指派法律援助人员（第四十三条）',
        en: 'Aid granted; a provider is assigned within 3 days of the decision (§43)',
      },
      { note: '经审查符合法律援助条件' },
    ),
    refuse: action(
      'refuse',
      officers,
      { zh: '不予法律援助', en: 'Refuse' },
      {
        zh: '书面告知申请人并说明理由（第四十三条）；申请人可向司法行政部门提出异议（第四十九条）',
        en: 'The applicant is told in writing, with the reasons (§43), and may object to the justice bureau (§49)',
      },
      { reasons: ['家庭月人均收入高于当地经济困难标准'], text: '经审查，申请人家庭经济状况不符合经济困难标准，决定不予法律援助。' },
    ),
    withdraw: action(
      'withdraw',
      applicant,
      { zh: '撤回申请', en: 'Withdraw' },
      { zh: '申请人撤回法律援助申请', en: 'The applicant withdraws the application' },
      { reason: '已与用人单位达成和解' },
    ),
    assign: action(
      'assign',
      officers,
      { zh: '指派', en: 'Assign' },
      {
        zh: '指派律师或其他法律援助人员（第四十三条，刑事通知案件第三十六条）；不指派代理过对方当事人的人员；留空按专长、所在单位和在办数量自动选择',
        en: 'A lawyer or other provider is assigned (§43; notified criminal cases §36), never one who acted for the other side; left empty, the best by speciality, unit and load',
      },
      { note: '按专长与在办数量指派' },
    ),
    'court-filed': action(
      'court-filed',
      provider,
      { zh: '记录立案', en: 'Court filing' },
      { zh: '受援事项已向法院起诉或申请仲裁，记录受理机关和案号', en: 'The aided matter reached a court or tribunal: its name and case number' },
      { court: '县人民法院', courtCaseNo: '（2026）民初 1234 号', filedOn: '2026-06-20' },
    ),
    terminate: action(
      'terminate',
      officers,
      { zh: '终止法律援助', en: 'Terminate' },
      {
        zh: '有第四十八条情形的，终止法律援助并书面告知；受援人可提出异议（第四十九条）',
        en: 'A ground of §48: aid ends, in writing; the recipient may object (§49)',
      },
      { reason: 'own-lawyer', text: '受援人已自行委托律师，终止法律援助。' },
    ),
    object: action(
      'object',
      applicant,
      { zh: '提出异议', en: 'Object' },
      {
        zh: '对不予或终止法律援助的决定有异议的，向设立该法律援助机构的司法行政部门提出（第四十九条）',
        en: 'An objection to a refusal or termination, to the justice bureau that set up the agency (§49)',
      },
      { reason: '本人家庭确有困难，请求重新审查' },
    ),
    'decide-objection': action(
      'decide-objection',
      [Roles.leader],
      { zh: '异议审查决定', en: 'Decide the objection' },
      {
        zh: '司法行政部门自收到异议之日起 5 日内审查，维持决定或责令改正（第四十九条）',
        en: 'The justice bureau decides within 5 days: upheld, or the agency must correct it (§49)',
      },
      { decision: 'upheld', text: '经审查，维持原决定。' },
    ),
    'matter-ended': action(
      'matter-ended',
      provider,
      { zh: '办结受援事项', en: 'Matter ended' },
      {
        zh: '受援事项办结（判决、调解、和解等），开始结案材料提交期限（《办理法律援助案件程序规定》，默认 30 日）',
        en: 'The aided matter ended (judgment, mediation, settlement…); the closure-filing period starts (procedure rules, 30 days by default)',
      },
      { result: 'mediated', endedOn: '2026-07-15', note: '经法院主持调解结案' },
    ),
    'file-closure': action(
      'file-closure',
      provider,
      { zh: '提交结案材料', en: 'File closure' },
      {
        zh: '法律援助人员提交结案报告和法律文书副本等归档材料，转入质量评查',
        en: 'The provider files the closure report and copies of the decisions; quality review follows',
      },
      { summary: '经调解，用人单位一次性支付拖欠工资 2.4 万元。', materials: ['结案报告', '民事调解书', '法律援助公函'] },
    ),
    'review-quality': action(
      'review-quality',
      officers,
      { zh: '质量评查', en: 'Quality review' },
      { zh: '法律援助机构对办结案件进行质量评查', en: 'The agency grades the closed matter' },
      { grade: 'good', note: '办案及时，材料齐全' },
    ),
    rate: action(
      'rate',
      [Roles.resident, Roles.clerk],
      { zh: '评价', en: 'Rate' },
      { zh: '受援人对法律援助服务作出满意度评价（1–5），评价后办结', en: "The recipient's satisfaction 1–5; closes the case" },
      { score: 5 },
    ),
  },
};

/** FQ_LEGAL_AID_{MATERIALS,OBJECTION_WINDOW,CLOSURE}_DAYS; an unset or unreadable value keeps the law's default. */
export function legalAidSettingsFrom(env: Readonly<Record<string, string | undefined>>): LegalAidPeriodSettings {
  const days = (name: string): number | undefined => {
    const n = Number(env[name]);
    return Number.isInteger(n) && n > 0 && n <= 365 ? n : undefined;
  };
  const s: LegalAidPeriodSettings = {};
  const materials = days('FQ_LEGAL_AID_MATERIALS_DAYS');
  const objectionWindow = days('FQ_LEGAL_AID_OBJECTION_WINDOW_DAYS');
  const closure = days('FQ_LEGAL_AID_CLOSURE_DAYS');
  if (materials) s.materialsDays = materials;
  if (objectionWindow) s.objectionWindowDays = objectionWindow;
  if (closure) s.closureDays = closure;
  return s;
}
