import { z } from 'zod';

export const CASE_KINDS = ['dispute', 'petition', 'legal-aid', 'consultation', 'complaint', 'hazard'] as const;
export const SEVERITIES = ['ordinary', 'difficult', 'major'] as const;
export const CHANNELS = ['walk-in', 'hotline', 'online', 'grid', 'letter', 'referral', 'video'] as const;
export const PARTY_ROLES = ['applicant', 'respondent', 'third-party'] as const;
// 'review': a rating of 1–2 reopened the case for a return visit (回访) instead of closing it.
// 'handling': a kind's own handling after first contact (the generic process; petitions, legal aid).
// 'acceptance' … 'petition-re-review': the petition process (petition/petition-steps.ts).
// 'application' … 'quality-review': the legal-aid process (legal-aid/legal-aid-steps.ts).
export const CASE_STATUSES = [
  'first-contact',
  'handling',
  'mediation',
  'joint-handling',
  'awaiting-feedback',
  'review',
  'acceptance',
  'forwarded',
  'replied',
  'petition-review',
  'petition-re-review',
  'application',
  'legal-aid-review',
  'awaiting-materials',
  'assignment',
  'aid',
  'refused',
  'terminated',
  'objection',
  'closure-filing',
  'quality-review',
  'closed',
] as const;
export const WARNING_COLOURS = ['green', 'yellow', 'red'] as const;

/** The built-in kinds; an integrator's kind is a string registered at start-up (libs/rules registerCaseKind). */
export type CaseKind = (typeof CASE_KINDS)[number] | (string & {});

const caseKindNames = new Set<string>(CASE_KINDS);
/** Makes a registered kind's name valid in registrations and queries (called by libs/rules). */
export function addCaseKindName(kind: string): void {
  caseKindNames.add(kind);
}
const kindName = () =>
  z.string({ required_error: '必填 / kind is required', invalid_type_error: '应为文本 / kind must be a string' }).refine(
    (k) => caseKindNames.has(k),
    () => ({ message: `取值应为 ${[...caseKindNames].join(' | ')} / kind must be one of ${[...caseKindNames].join(', ')}` }),
  );
export type Severity = (typeof SEVERITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type WarningColour = (typeof WARNING_COLOURS)[number];

export const text = (max: number, label: string) =>
  z
    .string({ required_error: `必填 / ${label} is required`, invalid_type_error: `应为文本 / ${label} must be a string` })
    .trim()
    .min(1, `不能为空 / ${label} must not be empty`)
    .max(max, `不能超过 ${max} 个字符 / ${label} must be at most ${max} characters`);

export const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values as unknown as [T[number], ...T[number][]], {
    errorMap: () => ({ message: `取值应为 ${values.join(' | ')} / ${label} must be one of ${values.join(', ')}` }),
  });

// Offsets are required: a time without one is ambiguous across deployments.
export const isoDateTime = z
  .string({ invalid_type_error: '应为时间文本 / must be an ISO 8601 string' })
  .datetime({ offset: true, message: '应为带时区的 ISO 8601 时间 / must be ISO 8601 with an offset' });

export const partySchema = z
  .object({
    role: oneOf(PARTY_ROLES, 'role'),
    name: text(100, 'name'),
    // Checked structurally here; the GB 11643 check and phone rules run in intake (libs/pii).
    idNumber: z.string({ invalid_type_error: '应为文本 / idNumber must be a string' }).trim().max(18).optional(),
    phone: z.string({ invalid_type_error: '应为文本 / phone must be a string' }).trim().max(20).optional(),
  })
  .strict();

export const locationSchema = z
  .object({
    address: z.string().trim().max(500).optional(),
    gridCode: z.string().trim().max(40).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .strict();

/**
 * Where a case came from outside (a 12345 centre's work order): the sending system and its reference
 * there, unique together, so the same reference registered again is the same case.
 */
export const externalRefSchema = z
  .object({
    system: z
      .string({ required_error: '必填 / externalRef.system is required', invalid_type_error: '应为文本 / externalRef.system must be a string' })
      .regex(
        /^[a-z0-9][a-z0-9.-]{0,39}$/,
        '应为小写字母、数字、点或连字符（最多 40 个） / externalRef.system must be lowercase letters, digits, dots or hyphens (at most 40)',
      ),
    id: text(100, 'externalRef.id'),
  })
  .strict();
export type ExternalRef = z.infer<typeof externalRefSchema>;

export const createCaseSchema = z
  .object({
    kind: kindName(),
    category: text(40, 'category'),
    severity: oneOf(SEVERITIES, 'severity').optional(),
    title: text(200, 'title'),
    description: text(10000, 'description'),
    channel: oneOf(CHANNELS, 'channel'),
    orgUnit: z
      .string({ required_error: '必填 / orgUnit is required', invalid_type_error: '应为文本 / orgUnit must be a string' })
      .regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / orgUnit must be a 6, 9 or 12 digit division code'),
    occurredAt: isoDateTime.optional(),
    location: locationSchema.optional(),
    parties: z
      .array(partySchema, { required_error: '必填 / parties is required' })
      .min(1, '至少需要一名申请人 / at least one applicant is required')
      .max(50)
      // An empty list is min(1)'s to report: one error, not the same one twice.
      .refine((ps) => ps.length === 0 || ps.some((p) => p.role === 'applicant'), {
        message: '至少需要一名申请人 / at least one applicant is required',
      }),
    externalRef: externalRefSchema.optional(),
  })
  .strict();

export type CreateCaseInput = z.infer<typeof createCaseSchema>;
export type PartyInput = z.infer<typeof partySchema>;

/** The largest page any list endpoint serves. */
export const MAX_PAGE_SIZE = 200;

/** A query string as forms send it: an empty parameter (`?orgUnit=`) means "not given". */
export function withoutEmptyParams(input: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((input ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));
}

/**
 * An ID number to look a person up by, as the client sends it (a party's is at most 18 characters). The
 * gateway checks it before sealing it: the sealed text intake receives is longer.
 */
export const idNumberLookupSchema = z.string().trim().max(18, '身份证号最多 18 位 / an ID number has at most 18 characters');

export const listCasesQuerySchema = z
  .object({
    orgUnit: z
      .string()
      .regex(/^\d{6}(\d{3}(\d{3})?)?$/)
      .optional(),
    kind: kindName().optional(),
    /** A category code (`GET /api/v1/categories`): the map's filter carried to its drill-down. */
    category: z.string().trim().min(1).max(40).optional(),
    /** Cases whose location names this grid (`location.gridCode`): a grid's cases on the map. */
    gridCode: z.string().trim().min(1).max(40).optional(),
    status: oneOf(CASE_STATUSES, 'status').optional(),
    warning: oneOf(WARNING_COLOURS, 'warning').optional(),
    /** `true`: only cases not yet closed (the board's counts); `false`: only closed ones. */
    open: z.enum(['true', 'false'], { errorMap: () => ({ message: '取值应为 true | false / open must be true or false' }) }).optional(),
    /** Registered at or after this instant (the board's complaint window). */
    registeredFrom: isoDateTime.optional(),
    q: z.string().max(200).optional(),
    /** Exact lookup of a party's ID number (through its blind index); sealed on its way to intake (idNumberLookupSchema checks it plain). */
    idNumber: z.string().max(200).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  })
  .strict();

export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

/** Reveals one party's personal data; every call is audited, so the reason is required. */
export const unmaskPartySchema = z
  .object({
    id: z.string().uuid('应为案件 ID / id must be a case id'),
    party: z.coerce.number().int().min(0).max(49),
    reason: text(200, 'reason'),
    sourceIp: z.string().max(64).optional(),
  })
  .strict();

export type UnmaskPartyInput = z.infer<typeof unmaskPartySchema>;

export interface UnmaskedParty {
  role: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
}
