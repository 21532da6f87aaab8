import { z } from 'zod';

/**
 * The application's facts and the eligibility screening's shapes (《法律援助法》2021). The rules
 * themselves are in libs/rules (legal-aid.eligibility.ts); the economic standard is data an admin
 * loads (versioned, with its source).
 */

/** Matter types: the civil and administrative matters of §31, and the criminal matters of §24, §25 and §29. */
export const LEGAL_AID_MATTERS = [
  'state-compensation', // §31(1) 依法请求国家赔偿
  'social-insurance-or-assistance', // §31(2) 社会保险待遇或者社会救助
  'pension', // §31(3) 抚恤金
  'maintenance', // §31(4) 赡养费、抚养费、扶养费
  'labour', // §31(5) 确认劳动关系或者支付劳动报酬
  'legal-capacity', // §31(6) 认定无民事行为能力或者限制民事行为能力
  'personal-injury', // §31(7) 工伤、交通、食品药品安全、医疗事故人身损害赔偿
  'environmental', // §31(8) 环境污染、生态破坏损害赔偿
  'other-civil', // §31(9) 法律、法规、规章规定的其他情形
  'criminal-defence', // §24 犯罪嫌疑人、被告人因经济困难申请
  'criminal-victim', // §29 被害人、自诉人、附带民事诉讼当事人
  'criminal-compulsory', // §25 应当通知辩护（未成年人、盲聋哑、精神病人、可能判处无期徒刑或死刑…）
  'not-covered', // none of the above: the applicant says what it is in `matterDescription`
] as const;
export type LegalAidMatter = (typeof LEGAL_AID_MATTERS)[number];

/** §32: no economic test for these. */
export const SECTION_32_GROUNDS = ['heroes-kin', 'bravery', 'wrongful-conviction', 'abuse-victim', 'other-law'] as const;
/** §42: persons exempt from the review of economic hardship. */
export const ECONOMIC_EXEMPTIONS = [
  'minor',
  'elderly-no-income',
  'disabled-no-income',
  'social-assistance',
  'judicial-assistance',
  'special-care',
  'migrant-worker-pay',
] as const;
/** Who notifies the agency of a criminal case (§36). */
export const NOTIFYING_BODIES = ['police', 'procuratorate', 'court'] as const;
/** §44: aid before approval. */
export const ADVANCE_AID_GROUNDS = ['limitation-period', 'urgent-preservation'] as const;

const text = (max: number, label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { errorMap: () => ({ message: `取值应为 ${values.join(' | ')} / ${label} must be one of ${values.join(', ')}` }) });
const money = (label: string) =>
  z
    .number({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为数字（元） / ${label} must be a number (yuan)` })
    .finite()
    .min(0, `不能为负数 / ${label} must not be negative`)
    .max(100_000_000);
const instant = (label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为时间文本 / ${label} must be an ISO 8601 string` })
    .datetime({ offset: true, message: `应为带时区的 ISO 8601 时间 / ${label} must be ISO 8601 with an offset` });
/** A calendar day that exists (2026-02-30 does not): a date column would refuse it. */
const day = (label: string) => z.string().date(`应为日期 YYYY-MM-DD / ${label} must be a date YYYY-MM-DD`);

/**
 * The body of the `apply` action: what the applicant states. Which facts are required depends on the
 * matter (the screening says what is missing); the shape is checked here, the law in libs/rules.
 */
export const applicationFactsSchema = z
  .object({
    matter: oneOf(LEGAL_AID_MATTERS, 'matter'),
    /** The matter in the applicant's words (required for `not-covered` and `other-civil`). */
    matterDescription: text(2000, 'matterDescription').optional(),
    /** The applicant has no agent of their own (§31: "没有委托代理人"). */
    hasOwnLawyer: z.boolean({
      required_error: '必填 / hasOwnLawyer is required',
      invalid_type_error: '应为 true 或 false / hasOwnLawyer must be true or false',
    }),
    section32Ground: oneOf(SECTION_32_GROUNDS, 'section32Ground').optional(),
    exemptions: z.array(oneOf(ECONOMIC_EXEMPTIONS, 'exemptions')).max(ECONOMIC_EXEMPTIONS.length).optional(),
    /** The household's monthly income (yuan, all members) and its size: the economic test's inputs. */
    household: z
      .object({
        members: z
          .number({ required_error: '必填 / members is required', invalid_type_error: '应为数字 / members must be a number' })
          .int('应为整数 / members must be a whole number')
          .min(1)
          .max(30),
        monthlyIncome: money('monthlyIncome'),
      })
      .strict()
      .optional(),
    /** §41: the applicant signs that what they state is true. */
    statementSigned: z.literal(true, {
      errorMap: () => ({ message: '须签署如实陈述承诺（第四十一条） / the statement of truthfulness must be signed (§41)' }),
    }),
    /** §36: a criminal case notified by police, procuratorate or court (no application review). */
    notification: z
      .object({ body: oneOf(NOTIFYING_BODIES, 'body'), bodyName: text(200, 'bodyName'), receivedAt: instant('receivedAt') })
      .strict()
      .optional(),
    /** §39: a detained applicant's request, handed to the detention facility and forwarded by it. */
    custody: z
      .object({ facility: text(200, 'facility'), handedAt: instant('handedAt'), forwardedAt: instant('forwardedAt') })
      .strict()
      .optional(),
    /** §44: when a limitation period ends (aid before approval if within 7 days). */
    limitationEndsOn: day('limitationEndsOn').optional(),
    urgentPreservation: z.boolean().optional(),
  })
  .strict();
export type ApplicationFacts = z.infer<typeof applicationFactsSchema>;

/** The local economic-hardship standard (经济困难标准), loaded by an admin; versioned per org unit. */
export const economicStandardSchema = z
  .object({
    /** Province, city or county whose standard this is; the closest ancestor of a case's unit applies. */
    orgUnit: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code'),
    /** The local minimum-living standard (低保标准), yuan per person per month. */
    minimumLivingMonthly: money('minimumLivingMonthly'),
    /** Household income per head up to this multiple of it counts as hardship (e.g. 2). */
    // Stored as numeric(6,3): thousandths, at least 0.001 (a smaller one would be stored as 0).
    multiplier: z
      .number({ required_error: '必填 / multiplier is required', invalid_type_error: '应为数字 / multiplier must be a number' })
      .min(0.001, '至少为 0.001 / multiplier must be at least 0.001')
      .max(10, '不能超过 10 / multiplier must be at most 10')
      .multipleOf(0.001, '最多三位小数 / multiplier has at most three decimals'),
    effectiveFrom: day('effectiveFrom'),
    /** The document it comes from (文件名称、文号). */
    source: text(500, 'source'),
  })
  .strict();
export type EconomicStandardInput = z.infer<typeof economicStandardSchema>;
export interface EconomicStandard extends EconomicStandardInput {
  id: string;
  version: number;
  loadedBy: string;
  loadedAt: string;
}

/** One rule of the screening and how it came out, explained for the decision (zh-CN and en). */
export interface EligibilityRuleResult {
  rule: 'matter-covered' | 'no-own-lawyer' | 'statement-signed' | 'economic-test' | 'notification' | 'custody-forwarding' | 'advance-aid';
  /** The article it rests on, e.g. `§31`. */
  article: string;
  /** true: met; false: not met; null: cannot be told from the facts (the officer decides). */
  met: boolean | null;
  zh: string;
  en: string;
}

/**
 * The screening's answer. `eligible`: every rule met; `ineligible`: a rule not met; `undetermined`: a
 * fact the officer must check. The officer decides; a refusal cites the rules not met.
 */
export interface EligibilityAssessment {
  outcome: 'eligible' | 'ineligible' | 'undetermined';
  /** How the economic test went: passed, failed, exempt (§42), not required (§32, criminal notification §25), or no standard loaded. */
  economic: 'passed' | 'failed' | 'exempt' | 'not-required' | 'no-standard' | 'missing-facts';
  /** The standard applied (id and version), if any. */
  standard: { id: string; version: number; source: string; thresholdPerHead: number } | null;
  /** §44 grounds the facts show (aid may start before approval). */
  advanceAidGrounds: Array<(typeof ADVANCE_AID_GROUNDS)[number]>;
  rules: EligibilityRuleResult[];
}
