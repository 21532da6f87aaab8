import { z } from 'zod';

/**
 * Actions on a petition (《信访工作条例》2022), each a Temporal update of the case's `petitionProcess`
 * run, named like the action. Which fit when is decided in libs/rules (petition.allowed-actions.ts).
 */
export const PETITION_ACTIONS = [
  'accept',
  'not-accept',
  'forward',
  'object',
  'request-extension',
  'approve-extension',
  'reply',
  'request-review',
  'decide-review',
  'request-re-review',
  'decide-re-review',
  'hearing-start',
  'hearing-end',
  'rate',
] as const;
export type PetitionAction = (typeof PETITION_ACTIONS)[number];

/** Why a petition is not accepted; the petitioner is told the channel or level that is competent (§19, §22). */
export const NOT_ACCEPTED_REASONS = ['litigation', 'arbitration', 'administrative-review', 'skipped-level', 'other'] as const;
/** 转送 (transfer to the competent body) or 交办 (assigned, with a report back). */
export const FORWARD_MODES = ['transfer', 'assign'] as const;
/** A review or re-review decision: the reply upheld, changed, or revoked. */
export const REVIEW_DECISIONS = ['upheld', 'changed', 'revoked'] as const;

/** How a petition ends (the case's outcome). */
export const PETITION_OUTCOMES = [
  'not-accepted',
  'answered',
  'review-upheld',
  'review-changed',
  'review-revoked',
  're-review-upheld',
  're-review-changed',
  're-review-revoked',
] as const;
export type PetitionOutcome = (typeof PETITION_OUTCOMES)[number];

/** §34: one extension of at most 30 days. */
export const PETITION_MAX_EXTENSION_DAYS = 30;

const text = (max: number, label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);
const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { errorMap: () => ({ message: `取值应为 ${values.join(' | ')} / ${label} must be one of ${values.join(', ')}` }) });
const orgUnitCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code');
const decision = z.object({ decision: oneOf(REVIEW_DECISIONS, 'decision'), text: text(20000, 'text') }).strict();

export const petitionActionBodySchemas = {
  accept: z.object({ message: text(2000, 'message').optional() }).strict(),
  'not-accept': z
    .object({
      reason: oneOf(NOT_ACCEPTED_REASONS, 'reason'),
      /** The channel (court, arbitration committee, review body) or the competent level the petitioner is told to go to. */
      channel: text(200, 'channel').optional(),
      message: text(2000, 'message'),
    })
    // A plain object (forms read its fields); the workflow requires the channel unless the reason is `other`.
    .strict(),
  forward: z
    .object({ mode: oneOf(FORWARD_MODES, 'mode'), body: text(200, 'body'), bodyOrgUnit: orgUnitCode, message: text(2000, 'message').optional() })
    .strict(),
  object: z.object({ reason: text(2000, 'reason') }).strict(),
  'request-extension': z
    .object({
      days: z
        .number({ required_error: '必填 / days is required' })
        .int('应为整数 / days must be a whole number')
        .min(1)
        .max(PETITION_MAX_EXTENSION_DAYS, `延期不超过 ${PETITION_MAX_EXTENSION_DAYS} 日 / at most ${PETITION_MAX_EXTENSION_DAYS} days (§34)`),
      reason: text(1000, 'reason'),
    })
    .strict(),
  'approve-extension': z.object({ approved: z.boolean({ required_error: '必填 / approved is required' }), note: text(1000, 'note').optional() }).strict(),
  /** The written reply (答复意见书). */
  reply: z.object({ text: text(20000, 'text'), summary: text(2000, 'summary').optional() }).strict(),
  /** `onBehalf`: a clerk records the petitioner's request. */
  'request-review': z.object({ reason: text(5000, 'reason'), onBehalf: z.boolean().optional() }).strict(),
  'decide-review': decision,
  'request-re-review': z.object({ reason: text(5000, 'reason'), onBehalf: z.boolean().optional() }).strict(),
  'decide-re-review': decision,
  /** A hearing (听证) stops the running clocks; its time is excluded (§36). */
  'hearing-start': z.object({ reason: text(500, 'reason') }).strict(),
  'hearing-end': z.object({ note: text(500, 'note').optional() }).strict(),
  rate: z.object({ score: z.number().int('应为整数 / score must be a whole number').min(1).max(5), comment: z.string().trim().max(1000).optional() }).strict(),
} satisfies Record<PetitionAction, z.ZodTypeAny>;

export type PetitionActionBody<A extends PetitionAction> = z.infer<(typeof petitionActionBodySchemas)[A]>;
