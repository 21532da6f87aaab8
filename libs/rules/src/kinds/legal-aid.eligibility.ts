import type {
  ApplicationFacts,
  EconomicStandard,
  EligibilityAssessment,
  EligibilityRuleResult,
  ECONOMIC_EXEMPTIONS,
  LegalAidMatter,
  SECTION_32_GROUNDS,
  ADVANCE_AID_GROUNDS,
} from '@fengqiao/contracts';

/**
 * The eligibility screening of 《法律援助法》(2021) as data: an ordered table of rules, each with its
 * article, each explaining (zh-CN, en) the facts it used. Pure: the same facts, standard and instant
 * give the same answer (the workflow and the legal-aid service both call it). The officer decides;
 * the screening says what the facts show.
 */

type Bilingual = { zh: string; en: string };
type Exemption = (typeof ECONOMIC_EXEMPTIONS)[number];
type Section32Ground = (typeof SECTION_32_GROUNDS)[number];
type AdvanceAidGround = (typeof ADVANCE_AID_GROUNDS)[number];

/** Each matter, the article that covers it, and its wording (zh-CN from the law, en). */
export const LEGAL_AID_MATTER_TEXT: Record<LegalAidMatter, Bilingual & { article: string }> = {
  'state-compensation': { article: '§31(1)', zh: '依法请求国家赔偿', en: 'state compensation' },
  'social-insurance-or-assistance': { article: '§31(2)', zh: '请求给予社会保险待遇或者社会救助', en: 'social insurance benefits or social assistance' },
  pension: { article: '§31(3)', zh: '请求发给抚恤金', en: 'a survivor’s pension (抚恤金)' },
  maintenance: { article: '§31(4)', zh: '请求给付赡养费、抚养费、扶养费', en: 'maintenance for parents, children or spouse' },
  labour: { article: '§31(5)', zh: '请求确认劳动关系或者支付劳动报酬', en: 'recognition of an employment relation or payment of wages' },
  'legal-capacity': { article: '§31(6)', zh: '请求认定公民无民事行为能力或者限制民事行为能力', en: 'a declaration of (limited) legal incapacity' },
  'personal-injury': {
    article: '§31(7)',
    zh: '请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿',
    en: 'damages for injury in a work, traffic, food or drug safety, or medical accident',
  },
  environmental: { article: '§31(8)', zh: '请求环境污染、生态破坏损害赔偿', en: 'damages for pollution or ecological harm' },
  'other-civil': { article: '§31(9)', zh: '法律、法规、规章规定的其他情形', en: 'another matter provided by a law, regulation or rule' },
  'criminal-defence': { article: '§24', zh: '刑事案件犯罪嫌疑人、被告人申请辩护', en: 'defence of a suspect or defendant in a criminal case' },
  'criminal-victim': {
    article: '§29',
    zh: '刑事案件被害人、自诉人、附带民事诉讼当事人申请代理',
    en: 'representation of a victim, private prosecutor or civil claimant in a criminal case',
  },
  'criminal-compulsory': { article: '§25', zh: '应当通知指派律师担任辩护人的刑事案件', en: 'a criminal case where a defender must be appointed' },
  'not-covered': { article: '§31', zh: '不属于法律援助事项范围', en: 'not a matter legal aid covers' },
};

/** §32: aid without the economic test. */
export const SECTION_32_TEXT: Record<Section32Ground, Bilingual> = {
  'heroes-kin': { zh: '英雄烈士近亲属维护英雄烈士的人格权益', en: 'a hero’s or martyr’s close relative defending their personality rights' },
  bravery: { zh: '因见义勇为行为主张相关民事权益', en: 'civil claims arising from an act of bravery' },
  'wrongful-conviction': { zh: '再审改判无罪请求国家赔偿', en: 'state compensation after acquittal on retrial' },
  'abuse-victim': { zh: '遭受虐待、遗弃或者家庭暴力的受害人主张相关权益', en: 'a victim of abuse, abandonment or domestic violence' },
  'other-law': { zh: '法律、法规、规章规定的其他情形', en: 'another case provided by a law, regulation or rule' },
};

/** §42: exempt from the review of economic hardship (with material proving it). */
export const EXEMPTION_TEXT: Record<Exemption, Bilingual> = {
  minor: { zh: '无固定生活来源的未成年人', en: 'a minor without a fixed income' },
  'elderly-no-income': { zh: '无固定生活来源的老年人', en: 'an elderly person without a fixed income' },
  'disabled-no-income': { zh: '无固定生活来源的残疾人', en: 'a disabled person without a fixed income' },
  'social-assistance': { zh: '社会救助对象', en: 'a recipient of social assistance' },
  'judicial-assistance': { zh: '司法救助对象', en: 'a recipient of judicial assistance' },
  'special-care': { zh: '优抚对象', en: 'a person under special care (优抚对象)' },
  'migrant-worker-pay': {
    zh: '申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员',
    en: 'a migrant worker claiming wages or work-injury damages',
  },
};

const CIVIL: readonly LegalAidMatter[] = [
  'state-compensation',
  'social-insurance-or-assistance',
  'pension',
  'maintenance',
  'labour',
  'legal-capacity',
  'personal-injury',
  'environmental',
];
const CRIMINAL: readonly LegalAidMatter[] = ['criminal-defence', 'criminal-victim', 'criminal-compulsory'];
/** The migrant-worker exemption only reaches wage and work-injury claims (§42). */
const MIGRANT_WORKER_MATTERS: readonly LegalAidMatter[] = ['labour', 'personal-injury'];

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
/** Days since 1970-01-01 of the Beijing calendar day an instant falls on. */
const beijingDay = (instant: string | number) => Math.floor(((typeof instant === 'number' ? instant : Date.parse(instant)) + BEIJING_MS) / DAY_MS);
const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const yuan = (cents: number) => (cents / 100).toFixed(2);
const fmt = (at: string) => new Date(Date.parse(at) + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');

/** §44(1): a limitation period or time limit ends in fewer than seven days (Beijing dates; ended ones do not count). */
export function limitationWithinAdvanceWindow(limitationEndsOn: string, at: string | number): boolean {
  const left = dayNumber(limitationEndsOn) - beijingDay(at);
  return left >= 0 && left < 7;
}

/** The §44 grounds the facts show at `at` (the workflow's `advance-aid` validator uses the same test). */
export function advanceAidGroundsOf(facts: Pick<ApplicationFacts, 'limitationEndsOn' | 'urgentPreservation'>, at: string | number): AdvanceAidGround[] {
  const grounds: AdvanceAidGround[] = [];
  if (facts.limitationEndsOn && limitationWithinAdvanceWindow(facts.limitationEndsOn, at)) grounds.push('limitation-period');
  if (facts.urgentPreservation === true) grounds.push('urgent-preservation');
  return grounds;
}

type Economic = EligibilityAssessment['economic'];
export interface EligibilityContext {
  facts: ApplicationFacts;
  standard: EconomicStandard | null;
  at: string;
}
/** What a rule answers; `undefined` from a rule: it does not apply to these facts (not listed). */
export interface EligibilityRuleAnswer extends Bilingual {
  met: boolean | null;
  /** A more precise article than the rule's (e.g. §31(5), §42). */
  article?: string;
  economic?: Economic;
  standard?: EligibilityAssessment['standard'];
}
/** One row of the screening's table. */
export interface EligibilityRule {
  rule: EligibilityRuleResult['rule'];
  article: string;
  /** The outcome turns on it; the others are recorded for the officer (periods, advance aid). */
  deciding: boolean;
  check(c: EligibilityContext): EligibilityRuleAnswer | undefined;
}

function matterCovered({ facts }: EligibilityContext): EligibilityRuleAnswer {
  const m = LEGAL_AID_MATTER_TEXT[facts.matter];
  const said = facts.matterDescription ? `「${facts.matterDescription}」` : '';
  if (CIVIL.includes(facts.matter) || CRIMINAL.includes(facts.matter)) {
    return {
      met: true,
      article: m.article,
      zh: `申请事项为“${m.zh}”，属于法律援助法${m.article}规定的法律援助事项`,
      en: `The matter is ${m.en}, covered by ${m.article} of the Legal Aid Law`,
    };
  }
  if (facts.matter === 'other-civil') {
    return facts.matterDescription
      ? {
          met: null,
          article: m.article,
          zh: `申请事项${said}按第三十一条第（九）项“法律、法规、规章规定的其他情形”申请，须由审查人员核对其依据的规定`,
          en: `The matter ${said} is claimed under §31(9) (other matters by law, regulation or rule): the officer checks the provision it rests on`,
        }
      : {
          met: null,
          article: m.article,
          zh: '按第三十一条第（九）项申请，但未说明申请事项（matterDescription），须由审查人员核实',
          en: 'Claimed under §31(9) without describing the matter (matterDescription): the officer must establish it',
        };
  }
  // not-covered: a §32 case may still be one the law lets a party apply for.
  if (facts.section32Ground) {
    const g = SECTION_32_TEXT[facts.section32Ground];
    return {
      met: null,
      article: '§32',
      zh: `申请事项${said}不在第三十一条所列事项中，但申请人称属第三十二条“${g.zh}”情形，须由审查人员核对`,
      en: `The matter ${said} is not listed in §31, but the applicant claims the §32 case “${g.en}”: the officer checks it`,
    };
  }
  return {
    met: false,
    article: '§31',
    zh: `申请事项${said}不属于法律援助法第二十四条、第二十五条、第二十九条、第三十一条规定的法律援助事项`,
    en: `The matter ${said} is not one legal aid covers (§24, §25, §29, §31)`,
  };
}

function noOwnLawyer({ facts }: EligibilityContext): EligibilityRuleAnswer {
  const criminal = facts.matter === 'criminal-defence' || facts.matter === 'criminal-compulsory';
  const article =
    facts.matter === 'criminal-defence' ? '§24' : facts.matter === 'criminal-compulsory' ? '§25' : facts.matter === 'criminal-victim' ? '§29' : '§31';
  const who = criminal ? { zh: '辩护人', en: 'defender' } : { zh: '代理人', en: 'agent' };
  return facts.hasOwnLawyer
    ? {
        met: false,
        article,
        zh: `申请人已自行委托${who.zh}，不符合“没有委托${who.zh}”的条件（${article}）`,
        en: `The applicant already has a ${who.en} of their own; aid requires having none (${article})`,
      }
    : { met: true, article, zh: `申请人没有委托${who.zh}（${article}）`, en: `The applicant has no ${who.en} of their own (${article})` };
}

function statementSigned({ facts }: EligibilityContext): EligibilityRuleAnswer {
  return facts.statementSigned
    ? {
        met: true,
        zh: '申请人已签署如实说明经济困难状况的个人诚信承诺（第四十一条）',
        en: 'The applicant signed the statement that what they state is true (§41)',
      }
    : { met: false, zh: '申请人未签署个人诚信承诺（第四十一条）', en: 'The applicant did not sign the statement of truthfulness (§41)' };
}

function economicTest({ facts, standard, at }: EligibilityContext): EligibilityRuleAnswer {
  if (facts.section32Ground) {
    const g = SECTION_32_TEXT[facts.section32Ground];
    return {
      met: true,
      article: '§32',
      economic: 'not-required',
      zh: `属第三十二条“${g.zh}”情形，不受经济困难条件的限制`,
      en: `A §32 case (${g.en}): no economic test`,
    };
  }
  if (facts.matter === 'criminal-compulsory') {
    return {
      met: true,
      article: '§25',
      economic: 'not-required',
      zh: '属第二十五条应当通知法律援助机构指派律师担任辩护人的情形，不审查经济状况',
      en: 'A case where a defender must be appointed (§25): no economic test',
    };
  }
  const claimed = facts.exemptions ?? [];
  const counted = claimed.filter((e) => e !== 'migrant-worker-pay' || MIGRANT_WORKER_MATTERS.includes(facts.matter));
  const migrantNote: Bilingual | null =
    claimed.includes('migrant-worker-pay') && !counted.includes('migrant-worker-pay')
      ? {
          zh: '进城务工人员仅在申请支付劳动报酬或者请求工伤事故人身损害赔偿时免予核查，本申请事项不适用；',
          en: 'The migrant-worker exemption only covers wage and work-injury claims, not this matter; ',
        }
      : null;
  if (counted.length > 0) {
    const list = counted.map((e) => EXEMPTION_TEXT[e]);
    return {
      met: true,
      article: '§42',
      economic: 'exempt',
      zh: `${migrantNote?.zh ?? ''}申请人属${list.map((x) => x.zh).join('、')}，免予核查经济困难状况（第四十二条，须有材料证明）`,
      en: `${migrantNote?.en ?? ''}The applicant is ${list.map((x) => x.en).join(', ')}: exempt from the economic review (§42, with proof)`,
    };
  }
  const note = migrantNote ?? { zh: '', en: '' };
  if (!facts.household) {
    return {
      met: null,
      article: '§34',
      economic: 'missing-facts',
      zh: `${note.zh}未提供家庭人口和月收入，无法核查经济困难状况，须补充`,
      en: `${note.en}The household’s size and monthly income are not given: the economic test cannot be made`,
    };
  }
  if (!standard || standard.effectiveFrom > new Date(Date.parse(at) + BEIJING_MS).toISOString().slice(0, 10)) {
    return {
      met: null,
      article: '§34',
      economic: 'no-standard',
      zh: `${note.zh}本地区尚未载入申请之日有效的经济困难标准，须由审查人员依当地标准核查`,
      en: `${note.en}No economic-hardship standard in force on the application day is loaded for this area: the officer checks against the local standard`,
    };
  }
  const { members, monthlyIncome } = facts.household;
  const incomeCents = Math.round(monthlyIncome * 100);
  const thresholdCents = Math.round(standard.minimumLivingMonthly * standard.multiplier * 100);
  // Integer cents: equal passes; per head rounded up so the shown figure never contradicts the result.
  const passed = incomeCents <= thresholdCents * members;
  const perHead = yuan(Math.ceil(incomeCents / members));
  const line = `当地低保标准 ${standard.minimumLivingMonthly} 元的 ${standard.multiplier} 倍（${yuan(thresholdCents)} 元）`;
  const lineEn = `${standard.multiplier} × the local minimum living standard of ${standard.minimumLivingMonthly} yuan (${yuan(thresholdCents)} yuan)`;
  const applied = { id: standard.id, version: standard.version, source: standard.source, thresholdPerHead: thresholdCents / 100 };
  const basis = `家庭 ${members} 人，月收入 ${yuan(incomeCents)} 元，`;
  const basisEn = `Household of ${members}, monthly income ${yuan(incomeCents)} yuan: `;
  return passed
    ? {
        met: true,
        article: '§34',
        economic: 'passed',
        standard: applied,
        zh: `${note.zh}${basis}家庭月人均收入 ${perHead} 元，不高于${line}，符合经济困难标准（${standard.source}）`,
        en: `${note.en}${basisEn}${perHead} yuan per head a month, not above ${lineEn}: economic hardship (${standard.source})`,
      }
    : {
        met: false,
        article: '§34',
        economic: 'failed',
        standard: applied,
        zh: `${note.zh}${basis}家庭月人均收入 ${perHead} 元，高于${line}，不符合经济困难标准（${standard.source}）`,
        en: `${note.en}${basisEn}${perHead} yuan per head a month, above ${lineEn}: not economic hardship (${standard.source})`,
      };
}

const BODY: Record<NonNullable<ApplicationFacts['notification']>['body'], Bilingual> = {
  police: { zh: '公安机关', en: 'the police' },
  procuratorate: { zh: '人民检察院', en: 'the procuratorate' },
  court: { zh: '人民法院', en: 'the court' },
};

function notification({ facts }: EligibilityContext): EligibilityRuleAnswer | undefined {
  const n = facts.notification;
  if (!n) return undefined;
  const body = BODY[n.body];
  const base = {
    zh: `${body.zh}（${n.bodyName}）于 ${fmt(n.receivedAt)} 通知指派律师，法律援助机构应当自收到通知之日起三日内指派律师并通知${body.zh}（第三十六条）`,
    en: `${body.en} (${n.bodyName}) notified the agency at ${fmt(n.receivedAt)} (Beijing): a lawyer is assigned within 3 days and ${body.en} told (§36)`,
  };
  return facts.matter === 'criminal-compulsory'
    ? { met: true, ...base }
    : {
        met: null,
        zh: `${base.zh}；通知的事项不是第二十五条规定的情形，须核对`,
        en: `${base.en}; the matter is not one of §25: check it`,
      };
}

function custodyForwarding({ facts }: EligibilityContext): EligibilityRuleAnswer | undefined {
  const c = facts.custody;
  if (!c) return undefined;
  const hours = (Date.parse(c.forwardedAt) - Date.parse(c.handedAt)) / 3_600_000;
  const when = `申请于 ${fmt(c.handedAt)} 交${c.facility}，${fmt(c.forwardedAt)} 转交法律援助机构`;
  const whenEn = `Handed to ${c.facility} at ${fmt(c.handedAt)}, forwarded at ${fmt(c.forwardedAt)} (Beijing)`;
  return hours <= 24
    ? { met: true, zh: `${when}，在二十四小时内转交（第三十九条）`, en: `${whenEn}: within 24 hours (§39)` }
    : {
        met: false,
        zh: `${when}，超过二十四小时（${hours.toFixed(1)} 小时）未转交（第三十九条）；不影响申请人获得法律援助，应记录并反映`,
        en: `${whenEn}: ${hours.toFixed(1)} hours, beyond 24 (§39); this does not affect the applicant’s eligibility — record and report it`,
      };
}

function advanceAid({ facts, at }: EligibilityContext): EligibilityRuleAnswer | undefined {
  if (!facts.limitationEndsOn && facts.urgentPreservation === undefined) return undefined;
  const grounds = advanceAidGroundsOf(facts, at);
  const parts: Bilingual[] = [];
  if (facts.limitationEndsOn) {
    const left = dayNumber(facts.limitationEndsOn) - beijingDay(at);
    parts.push(
      grounds.includes('limitation-period')
        ? {
            zh: `时效或期限于 ${facts.limitationEndsOn} 届满，距届满不足七日`,
            en: `the limitation period ends on ${facts.limitationEndsOn}, in fewer than 7 days`,
          }
        : {
            zh: `时效或期限于 ${facts.limitationEndsOn} 届满，${left < 0 ? '已经届满' : `距届满 ${left} 日，不少于七日`}`,
            en: `the limitation period ends on ${facts.limitationEndsOn}, ${left < 0 ? 'already past' : `${left} days away, not fewer than 7`}`,
          },
    );
  }
  if (facts.urgentPreservation === true) parts.push({ zh: '需要立即申请财产保全、证据保全或者先予执行', en: 'preservation or advance execution is urgent' });
  const met = grounds.length > 0;
  return {
    met,
    zh: `${parts.map((p) => p.zh).join('；')}${met ? '：可以决定先行提供法律援助（第四十四条）' : '：不属于先行提供法律援助的情形（第四十四条）'}`,
    en: `${parts.map((p) => p.en).join('; ')}${met ? ': aid may start before approval (§44)' : ': no ground for aid before approval (§44)'}`,
  };
}

/** The screening's rules, in the order they are shown to the officer. */
export const LEGAL_AID_ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  { rule: 'matter-covered', article: '§31', deciding: true, check: matterCovered },
  { rule: 'no-own-lawyer', article: '§31', deciding: true, check: noOwnLawyer },
  { rule: 'statement-signed', article: '§41', deciding: true, check: statementSigned },
  { rule: 'economic-test', article: '§34', deciding: true, check: economicTest },
  { rule: 'notification', article: '§36', deciding: false, check: notification },
  { rule: 'custody-forwarding', article: '§39', deciding: false, check: custodyForwarding },
  { rule: 'advance-aid', article: '§44', deciding: false, check: advanceAid },
];

/**
 * Screens an application: `ineligible` if a deciding rule is not met, `undetermined` if one cannot be
 * told from the facts, else `eligible`. `standard`: the economic standard in force for the case's unit
 * (the closest ancestor's latest), or null if none is loaded. `at`: the application's instant.
 */
export function assessEligibility(facts: ApplicationFacts, standard: EconomicStandard | null, at: string): EligibilityAssessment {
  const c: EligibilityContext = { facts, standard, at };
  let economic: Economic = 'missing-facts';
  let applied: EligibilityAssessment['standard'] = null;
  const rules: EligibilityRuleResult[] = [];
  const deciding: Array<boolean | null> = [];
  for (const r of LEGAL_AID_ELIGIBILITY_RULES) {
    const a = r.check(c);
    if (!a) continue;
    rules.push({ rule: r.rule, article: a.article ?? r.article, met: a.met, zh: a.zh, en: a.en });
    if (r.deciding) deciding.push(a.met);
    if (a.economic) economic = a.economic;
    if (a.standard) applied = a.standard;
  }
  const outcome = deciding.includes(false) ? 'ineligible' : deciding.includes(null) ? 'undetermined' : 'eligible';
  return { outcome, economic, standard: applied, advanceAidGrounds: advanceAidGroundsOf(facts, at), rules };
}
