import type { LegalAidMatter } from '@fengqiao/contracts';

type Name = { zh: string; en: string };

/** What each matter type covers and the article it rests on (《法律援助法》§24, §25, §29, §31): shown beside the choice. */
export const MATTER_INFO: Record<LegalAidMatter, { article: string; zh: string; en: string }> = {
  'state-compensation': { article: '§31(1)', zh: '依法请求国家赔偿', en: 'Claiming state compensation' },
  'social-insurance-or-assistance': {
    article: '§31(2)',
    zh: '请求给予社会保险待遇或者社会救助',
    en: 'Social insurance benefits or social assistance',
  },
  pension: { article: '§31(3)', zh: '请求发给抚恤金', en: "Claiming a survivor's or disability pension (抚恤金)" },
  maintenance: { article: '§31(4)', zh: '请求给付赡养费、抚养费、扶养费', en: 'Support from children, parents or a spouse' },
  labour: { article: '§31(5)', zh: '请求确认劳动关系或者支付劳动报酬', en: 'Confirming an employment relation, or unpaid pay' },
  'legal-capacity': {
    article: '§31(6)',
    zh: '请求认定公民无民事行为能力或者限制民事行为能力',
    en: 'Declaring a person without, or with limited, legal capacity',
  },
  'personal-injury': {
    article: '§31(7)',
    zh: '请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿',
    en: 'Injury compensation: work, traffic, food or drug safety, medical accidents',
  },
  environmental: { article: '§31(8)', zh: '请求环境污染、生态破坏损害赔偿', en: 'Damages for pollution or ecological harm' },
  'other-civil': {
    article: '§31(9)',
    zh: '法律、法规、规章规定的其他情形（请在事项说明中写明）',
    en: 'Another matter a law or regulation names (describe it)',
  },
  'criminal-defence': {
    article: '§24',
    zh: '犯罪嫌疑人、被告人因经济困难或者其他原因没有委托辩护人',
    en: 'A suspect or defendant without a defender, for hardship or another reason',
  },
  'criminal-victim': {
    article: '§29',
    zh: '刑事案件被害人、自诉人、附带民事诉讼当事人因经济困难没有委托诉讼代理人',
    en: 'A victim, private prosecutor or civil party without an agent, for hardship',
  },
  'criminal-compulsory': {
    article: '§25',
    zh: '应当通知辩护：未成年人、盲聋哑人、精神病人、可能被判处无期徒刑或死刑的人等',
    en: 'Defence the law requires: a minor, blind, deaf or mute, mentally ill, facing life or death…',
  },
  'not-covered': { article: '—', zh: '以上都不是（请在事项说明中写明，由工作人员审查）', en: 'None of the above (describe it; the officer decides)' },
};

/** Short names of the legal-aid codes (statuses, steps, clocks, choices), for the console's code dictionary. */
export const LEGAL_AID_CODE_NAMES: Record<string, Name> = {
  // Statuses (awaiting-feedback and closed are every kind's).
  application: { zh: '待提交申请', en: 'Application' },
  'legal-aid-review': { zh: '审查中（7 日）', en: 'Under review (7 days)' },
  'awaiting-materials': { zh: '待补充材料', en: 'Awaiting materials' },
  assignment: { zh: '待指派', en: 'To assign' },
  aid: { zh: '援助中', en: 'In aid' },
  refused: { zh: '不予援助', en: 'Refused' },
  terminated: { zh: '终止援助', en: 'Terminated' },
  objection: { zh: '异议审查', en: 'Objection' },
  'closure-filing': { zh: '待结案归档', en: 'Closure filing' },
  'quality-review': { zh: '质量评估', en: 'Quality review' },
  // Outcomes.
  aided: { zh: '已援助', en: 'Aided' },
  lapsed: { zh: '逾期未申请', en: 'Lapsed' },
  // Steps.
  'legal-aid-applied': { zh: '提交申请', en: 'Applied' },
  'legal-aid-notified': { zh: '通知辩护', en: 'Notified' },
  'legal-aid-materials-requested': { zh: '通知补充材料', en: 'Materials requested' },
  'legal-aid-materials-supplied': { zh: '补充材料', en: 'Materials supplied' },
  'legal-aid-advance-aid': { zh: '先行援助', en: 'Aid before approval' },
  'legal-aid-granted': { zh: '决定给予援助', en: 'Granted' },
  'legal-aid-refused': { zh: '决定不予援助', en: 'Refused' },
  'legal-aid-withdrawn': { zh: '撤回申请', en: 'Withdrawn' },
  'legal-aid-assigned': { zh: '指派承办人员', en: 'Provider assigned' },
  'legal-aid-court-filed': { zh: '法院立案', en: 'Filed in court' },
  'legal-aid-terminated': { zh: '终止援助', en: 'Terminated' },
  'legal-aid-objected': { zh: '提出异议', en: 'Objection raised' },
  'legal-aid-objection-decided': { zh: '异议决定', en: 'Objection decided' },
  'legal-aid-matter-ended': { zh: '案件办结', en: 'Matter ended' },
  'legal-aid-closure-filed': { zh: '提交结案材料', en: 'Closure filed' },
  'legal-aid-quality-reviewed': { zh: '质量评估', en: 'Quality reviewed' },
  // Clocks and who keeps them.
  'legal-aid-application': { zh: '申请期限', en: 'Application' },
  // `legal-aid-review` is a status and its clock: one name above.
  'legal-aid-materials': { zh: '补充材料期限', en: 'Materials' },
  'legal-aid-assignment': { zh: '指派期限（3 日）', en: 'Assignment (3 days)' },
  'legal-aid-objection-window': { zh: '异议申请期', en: 'Objection window' },
  'legal-aid-objection': { zh: '异议审查（5 日）', en: 'Objection (5 days)' },
  'legal-aid-closure': { zh: '结案材料期限', en: 'Closure filing' },
  'legal-aid': { zh: '法律援助', en: 'Legal aid' },
  provider: { zh: '承办人员', en: 'Provider' },
  'justice-bureau': { zh: '司法行政部门', en: 'Justice bureau' },
  // Matters (short names; MATTER_INFO says what each covers).
  'state-compensation': { zh: '国家赔偿', en: 'State compensation' },
  'social-insurance-or-assistance': { zh: '社会保险、社会救助', en: 'Social insurance or assistance' },
  pension: { zh: '抚恤金', en: 'Pension' },
  maintenance: { zh: '赡养费、抚养费、扶养费', en: 'Maintenance' },
  // `labour` (劳动争议) is a dispute category too: its name serves both.
  'legal-capacity': { zh: '民事行为能力认定', en: 'Legal capacity' },
  'personal-injury': { zh: '人身损害赔偿', en: 'Personal injury' },
  environmental: { zh: '环境污染、生态破坏', en: 'Environmental harm' },
  'other-civil': { zh: '其他民事、行政事项', en: 'Other civil matter' },
  'criminal-defence': { zh: '刑事辩护', en: 'Criminal defence' },
  'criminal-victim': { zh: '刑事被害人代理', en: 'Victim representation' },
  'criminal-compulsory': { zh: '应当通知辩护', en: 'Compulsory defence' },
  'not-covered': { zh: '以上都不是', en: 'None of the above' },
  // §32 grounds (`other-law` also names §48's last reason).
  'heroes-kin': { zh: '英雄烈士近亲属维护英雄烈士人格权益', en: "A hero's or martyr's kin defending their honour" },
  bravery: { zh: '因见义勇为行为主张相关民事权益', en: 'Claims arising from an act of bravery' },
  'wrongful-conviction': { zh: '再审改判无罪请求国家赔偿', en: 'Compensation after acquittal on retrial' },
  'abuse-victim': { zh: '遭受虐待、遗弃或者家庭暴力的受害人', en: 'A victim of abuse, abandonment or domestic violence' },
  'other-law': { zh: '法律法规规定的其他情形', en: 'Another case a law names' },
  // §42 exemptions.
  minor: { zh: '无固定生活来源的未成年人', en: 'A minor with no fixed means' },
  'elderly-no-income': { zh: '无固定生活来源的老年人', en: 'An elderly person with no fixed income' },
  'disabled-no-income': { zh: '无固定生活来源的残疾人', en: 'A disabled person with no fixed income' },
  'social-assistance': { zh: '社会救助对象（低保、特困等）', en: 'Receiving social assistance' },
  'judicial-assistance': { zh: '司法救助对象', en: 'Receiving judicial assistance' },
  'special-care': { zh: '优抚对象', en: 'Entitled to special care' },
  'migrant-worker-pay': { zh: '请求支付劳动报酬或工伤赔偿的进城务工人员', en: 'A migrant worker claiming pay or injury compensation' },
  // Notifying bodies (procuratorate and court are departments too).
  police: { zh: '公安机关', en: 'Police' },
  // §44 grounds.
  'limitation-period': { zh: '时效或期限 7 日内届满', en: 'A limitation period ends within 7 days' },
  'urgent-preservation': { zh: '需立即申请保全或先予执行', en: 'Urgent preservation or advance enforcement' },
  // §48 reasons.
  'no-longer-hardship': { zh: '受援人不再符合法律援助条件', en: 'No longer eligible' },
  'matter-ended-otherwise': { zh: '案件终止审理或者已被撤销', en: 'The case ended or was revoked' },
  'own-lawyer': { zh: '受援人自行委托律师或其他代理人', en: 'The recipient hired their own lawyer' },
  'recipient-request': { zh: '受援人有正当理由要求终止', en: 'The recipient asked to stop, with good reason' },
  'false-facts': { zh: '以欺骗或其他不正当手段获得法律援助', en: 'Aid obtained by deceit' },
  abuse: { zh: '利用法律援助从事违法活动或隐瞒重要事实', en: 'Aid abused or facts hidden' },
  // How the matter ended (withdrawn, other: shared names).
  'judgment-won': { zh: '胜诉', en: 'Won' },
  'judgment-partly': { zh: '部分胜诉', en: 'Partly won' },
  'judgment-lost': { zh: '败诉', en: 'Lost' },
  mediated: { zh: '调解结案', en: 'Mediated' },
  settled: { zh: '和解', en: 'Settled' },
  // Quality grades, objection decisions (upheld: shared).
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
  corrected: { zh: '予以纠正', en: 'Corrected' },
  // Provider types.
  'staff-lawyer': { zh: '法律援助机构律师', en: 'Agency lawyer' },
  'firm-lawyer': { zh: '律师事务所律师', en: 'Law-firm lawyer' },
  'grassroots-worker': { zh: '基层法律服务工作者', en: 'Grassroots legal worker' },
  // The screening.
  eligible: { zh: '符合条件', en: 'Eligible' },
  ineligible: { zh: '不符合条件', en: 'Not eligible' },
  undetermined: { zh: '需人工审查', en: 'To be decided' },
  passed: { zh: '符合经济困难标准', en: 'Passed' },
  // failed (调解不成) is a dispute outcome: the screening's is named in ECONOMIC_NAMES.
  exempt: { zh: '免予核查（第四十二条）', en: 'Exempt (§42)' },
  'not-required': { zh: '无需审查经济状况', en: 'Not required' },
  'no-standard': { zh: '未加载经济困难标准', en: 'No standard loaded' },
  'missing-facts': { zh: '缺少家庭收入情况', en: 'Household facts missing' },
  'matter-covered': { zh: '属于法律援助事项范围', en: 'A matter legal aid covers' },
  'no-own-lawyer': { zh: '未委托代理人', en: 'No agent of their own' },
  'statement-signed': { zh: '已签署如实陈述承诺', en: 'Statement signed' },
  'economic-test': { zh: '经济困难审查', en: 'Economic test' },
  notification: { zh: '通知辩护', en: 'Notification' },
  'custody-forwarding': { zh: '羁押场所转交', en: 'Forwarded from custody' },
  'advance-aid': { zh: '先行援助', en: 'Aid before approval' },
  // Documents.
  'grant-decision': { zh: '给予法律援助决定书', en: 'Decision to grant' },
  'refusal-decision': { zh: '不予法律援助决定书', en: 'Decision to refuse' },
  'material-request': { zh: '补充材料通知书', en: 'Material request' },
  'assignment-letter': { zh: '指派通知书', en: 'Assignment letter' },
};

/** The economic test's results, where a code means something else elsewhere (`failed`). */
export const ECONOMIC_NAMES: Record<string, Name> = {
  failed: { zh: '不符合经济困难标准', en: 'Failed' },
};
