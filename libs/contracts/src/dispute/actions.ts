import { z } from 'zod';
import { DEPARTMENTS } from './routing-rules';

/** Actions on a dispute (docs/api.md), each a Temporal update of the case's workflow. */
export const DISPUTE_ACTIONS = ['reply', 'assign', 'session', 'escalate', 'report-in', 'dept-result', 'conclude', 'feedback', 'rate', 'return-visit'] as const;
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

export const OUTCOMES = ['agreement', 'failed', 'withdrawn', 'referred-litigation', 'referred-petition'] as const;
export type Outcome =
  | (typeof OUTCOMES)[number]
  | 'resolved-at-first-contact'
  | (typeof GENERIC_OUTCOMES)[number]
  | import('../petition/petition-actions').PetitionOutcome
  | import('../legal-aid/legal-aid-steps').LegalAidOutcome;

export const FEEDBACK_CHANNELS = ['phone', 'sms', 'in-person', 'letter', 'online'] as const;

const text = (max: number, label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);

const orgUnitCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / must be a 6, 9 or 12 digit division code');
const department = z.enum(DEPARTMENTS, { errorMap: () => ({ message: `未知部门 / department must be one of ${DEPARTMENTS.join(', ')}` }) });
const isoDateTime = z.string().datetime({ offset: true, message: '应为带时区的 ISO 8601 时间 / must be ISO 8601 with an offset' });

export const actionBodySchemas = {
  reply: z.object({ message: text(2000, 'message'), resolved: z.boolean({ required_error: '必填 / resolved is required' }) }).strict(),
  assign: z.object({ mediatorId: z.string().uuid('应为调解员 ID / mediatorId must be a mediator id').optional() }).strict(),
  session: z.object({ at: isoDateTime, summary: text(5000, 'summary'), participants: z.array(text(100, 'participant')).max(50).default([]) }).strict(),
  escalate: z
    .object({
      reason: text(2000, 'reason'),
      departments: z
        .array(z.union([department, z.object({ department, orgUnit: orgUnitCode }).strict()]))
        .min(1, '至少召集一个部门 / summon at least one department')
        .max(11)
        .refine((ds) => new Set(ds.map((d) => (typeof d === 'string' ? d : d.department))).size === ds.length, '部门不能重复 / each department once'),
      leadOrgUnit: orgUnitCode.optional(),
    })
    .strict(),
  'report-in': z.object({ department }).strict(),
  'dept-result': z.object({ department, summary: text(5000, 'summary') }).strict(),
  conclude: z
    .object({
      outcome: z.enum(OUTCOMES, { errorMap: () => ({ message: `取值应为 ${OUTCOMES.join(' | ')} / outcome must be one of ${OUTCOMES.join(', ')}` }) }),
      summary: text(5000, 'summary'),
      /** The agreement's text (调解协议); the summary stands in when omitted. */
      agreement: text(20000, 'agreement').optional(),
    })
    .strict(),
  feedback: z.object({ message: text(2000, 'message'), channel: z.enum(FEEDBACK_CHANNELS) }).strict(),
  rate: z.object({ score: z.number().int('应为整数 / score must be a whole number').min(1).max(5), comment: z.string().trim().max(1000).optional() }).strict(),
  'return-visit': z.object({ summary: text(5000, 'summary'), resolved: z.boolean({ required_error: '必填 / resolved is required' }) }).strict(),
} satisfies Record<DisputeAction, z.ZodTypeAny>;

export type ActionBody<A extends DisputeAction> = z.infer<(typeof actionBodySchemas)[A]>;

/** A part of joint handling: one summoned department at one centre. */
export interface DepartmentSummons {
  department: string;
  orgUnit: string;
}

/** The envelope of an action on NATS (gateway → intake). */
export const caseActionSchema = z
  .object({
    id: z.string().uuid('应为案件 ID / id must be a case id'),
    // The case's kind decides which names exist (libs/rules kinds).
    action: z.string().regex(/^[a-z][a-z-]{1,39}$/, '未知操作 / unknown action'),
    body: z.unknown(),
  })
  .strict();

export const judicialConfirmationSchema = z
  .object({
    id: z.string().uuid(),
    result: z.enum(['confirmed', 'rejected']),
    court: text(200, 'court'),
    decidedAt: isoDateTime,
    reference: z.string().trim().max(100).optional(),
  })
  .strict();
export type JudicialConfirmationInput = z.infer<typeof judicialConfirmationSchema>;

/** Outside events reach the workflow as signals. */
export const DisputeSignals = { judicialConfirmation: 'judicialConfirmation' } as const;
export type JudicialConfirmationSignal = Omit<JudicialConfirmationInput, 'id'> & { recordedBy: string };

/**
 * The generic process of kinds without one of their own yet (consultation, complaint, hazard …):
 * first-contact reply, handling, feedback, rating. Same names and bodies as the dispute's where the
 * meaning is the same.
 */
export const GENERIC_ACTIONS = ['reply', 'conclude', 'feedback', 'rate'] as const;
export type GenericAction = (typeof GENERIC_ACTIONS)[number];
export const GENERIC_OUTCOMES = ['resolved', 'not-resolved', 'referred'] as const;

export const genericActionBodySchemas = {
  reply: actionBodySchemas.reply,
  conclude: z
    .object({
      outcome: z.enum(GENERIC_OUTCOMES, {
        errorMap: () => ({ message: `取值应为 ${GENERIC_OUTCOMES.join(' | ')} / outcome must be one of ${GENERIC_OUTCOMES.join(', ')}` }),
      }),
      summary: text(5000, 'summary'),
    })
    .strict(),
  feedback: actionBodySchemas.feedback,
  rate: actionBodySchemas.rate,
} satisfies Record<GenericAction, z.ZodTypeAny>;

/**
 * Clock controls, open on every kind: a clock stops with a reason and resumes (the stop is excluded
 * from the period); an extension is asked for with a reason and decided by the kind's approver, and
 * the resident is told. Each is a step in the timeline.
 */
export const CLOCK_ACTIONS = ['pause-clock', 'resume-clock', 'request-extension', 'decide-extension'] as const;
export type ClockAction = (typeof CLOCK_ACTIONS)[number];
const clockId = z.string().trim().min(1).max(100).optional();

export const clockActionBodySchemas = {
  'pause-clock': z.object({ reason: text(500, 'reason'), clock: clockId }).strict(),
  'resume-clock': z.object({ note: z.string().trim().max(500).optional() }).strict(),
  'request-extension': z
    .object({ days: z.number().int('应为整数 / days must be a whole number').min(1).max(90), reason: text(1000, 'reason'), clock: clockId })
    .strict(),
  'decide-extension': z
    .object({ approved: z.boolean({ required_error: '必填 / approved is required' }), note: z.string().trim().max(1000).optional() })
    .strict(),
} satisfies Record<ClockAction, z.ZodTypeAny>;
