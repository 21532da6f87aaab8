import { z } from 'zod';
import { ADVANCE_AID_GROUNDS, applicationFactsSchema } from './eligibility';

/**
 * Actions on a legal-aid case (《法律援助法》2021), each a Temporal update of the case's
 * `legalAidProcess` run, named like the action. Which fit when is decided in libs/rules
 * (legal-aid.allowed-actions.ts).
 */
export const LEGAL_AID_ACTIONS = [
  'apply',
  'request-materials',
  'supply-materials',
  'advance-aid',
  'grant',
  'refuse',
  'withdraw',
  'assign',
  'court-filed',
  'terminate',
  'object',
  'decide-objection',
  'matter-ended',
  'file-closure',
  'review-quality',
  'rate',
] as const;
export type LegalAidAction = (typeof LEGAL_AID_ACTIONS)[number];

/** §48: why aid is terminated. */
export const TERMINATION_REASONS = [
  'no-longer-hardship', // 受援人不再符合法律援助条件
  'matter-ended-otherwise', // 案件终止审理或者被撤销
  'own-lawyer', // 受援人自行委托律师或者其他代理人
  'recipient-request', // 受援人有正当理由要求终止
  'false-facts', // 以欺骗或者其他不正当手段获得法律援助
  'abuse', // 利用法律援助从事违法活动 / 故意隐瞒重要事实
  'other-law', // 法律法规规定的其他情形
] as const;
/** How the aided matter ended. */
export const MATTER_RESULTS = ['judgment-won', 'judgment-partly', 'judgment-lost', 'mediated', 'settled', 'withdrawn', 'other'] as const;
export const QUALITY_GRADES = ['excellent', 'good', 'pass', 'fail'] as const;
export const OBJECTION_DECISIONS = ['upheld', 'corrected'] as const;

const text = (max: number, label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { errorMap: () => ({ message: `取值应为 ${values.join(' | ')} / ${label} must be one of ${values.join(', ')}` }) });
const list = (label: string) =>
  z
    .array(text(200, label), { required_error: `必填 / ${label} is required` })
    .min(1, `至少一项 / ${label} needs at least one item`)
    .max(50);

export const legalAidActionBodySchemas = {
  /** The application's facts (the screening runs on them). */
  apply: applicationFactsSchema,
  /** §43: one request listing everything missing; the review clock stops until it arrives. */
  'request-materials': z.object({ missing: list('missing'), message: text(2000, 'message').optional() }).strict(),
  'supply-materials': z.object({ items: list('items'), note: text(2000, 'note').optional() }).strict(),
  /** §44: aid before approval; a provider may be assigned while the review runs. */
  'advance-aid': z.object({ ground: oneOf(ADVANCE_AID_GROUNDS, 'ground'), note: text(1000, 'note') }).strict(),
  /** 给予法律援助决定. */
  grant: z.object({ note: text(2000, 'note').optional() }).strict(),
  /** 不予法律援助决定: written, with the reasons (the rules not met). */
  refuse: z.object({ reasons: list('reasons'), text: text(5000, 'text') }).strict(),
  withdraw: z.object({ reason: text(1000, 'reason').optional() }).strict(),
  /** A named provider, or the best by speciality, unit and load; the reason is recorded. */
  assign: z
    .object({ providerId: z.string().uuid('应为承办人员 ID / providerId must be a provider id').optional(), note: text(1000, 'note').optional() })
    .strict(),
  'court-filed': z
    .object({
      court: text(200, 'court'),
      courtCaseNo: text(100, 'courtCaseNo'),
      filedOn: z.string().date('应为日期 YYYY-MM-DD / filedOn must be a date'),
    })
    .strict(),
  /** §48. */
  terminate: z.object({ reason: oneOf(TERMINATION_REASONS, 'reason'), text: text(5000, 'text') }).strict(),
  /** §49: to the justice bureau that set up the agency. */
  object: z.object({ reason: text(5000, 'reason') }).strict(),
  'decide-objection': z.object({ decision: oneOf(OBJECTION_DECISIONS, 'decision'), text: text(5000, 'text') }).strict(),
  'matter-ended': z
    .object({
      result: oneOf(MATTER_RESULTS, 'result'),
      endedOn: z.string().date('应为日期 YYYY-MM-DD / endedOn must be a date'),
      note: text(2000, 'note').optional(),
    })
    .strict(),
  /** 结案归档材料. */
  'file-closure': z.object({ summary: text(5000, 'summary'), materials: list('materials') }).strict(),
  'review-quality': z.object({ grade: oneOf(QUALITY_GRADES, 'grade'), note: text(2000, 'note').optional() }).strict(),
  rate: z.object({ score: z.number().int('应为整数 / score must be a whole number').min(1).max(5), comment: z.string().trim().max(1000).optional() }).strict(),
} satisfies Record<LegalAidAction, z.ZodTypeAny>;

export type LegalAidActionBody<A extends LegalAidAction> = z.infer<(typeof legalAidActionBodySchemas)[A]>;
