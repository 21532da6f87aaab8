import { z } from 'zod';
import { isoDateTime, oneOf, text } from '../cases/case.schema';

/**
 * The register of key persons (重点人员): the most sensitive data the platform keeps (PIPL Art. 28).
 * Every field that identifies or describes a person is encrypted at rest and masked in every list;
 * a record is opened only with a stated purpose, and every opening is audited. Nothing here ever
 * travels in an event, a statistic or a workflow input: those carry ids, units, categories and counts.
 */

/** Risk levels, lowest first; the contact cadence of each is data (libs/rules key-person.cadence.ts). */
export const KEY_PERSON_RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type KeyPersonRiskLevel = (typeof KEY_PERSON_RISK_LEVELS)[number];

/** Who stands responsible for a person (包保责任人): a cadre, the grid worker, a police officer. */
export const RESPONSIBLE_ROLES = ['cadre', 'grid-worker', 'police'] as const;
export type ResponsibleRole = (typeof RESPONSIBLE_ROLES)[number];

export const CONTACT_KINDS = ['meeting', 'phone', 'visit'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const MEASURE_KINDS = ['help', 'control'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** What a supervision run tracks: the contact by cadence, the quarterly assessment, the annual summary, special-period daily reports. */
export const KEY_PERSON_OBLIGATIONS = ['contact', 'assessment', 'summary', 'daily-report'] as const;
export type KeyPersonObligation = (typeof KEY_PERSON_OBLIGATIONS)[number];

/** A person on the register is `active`; removal waits for a leader's approval, then the record is archived. */
export const KEY_PERSON_STATUSES = ['active', 'removal-requested', 'archived'] as const;
export type KeyPersonStatus = (typeof KEY_PERSON_STATUSES)[number];

const orgUnit = z
  .string({ required_error: '必填 / orgUnit is required', invalid_type_error: '应为文本 / orgUnit must be a string' })
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, '应为 6、9 或 12 位行政区划代码 / orgUnit must be a 6, 9 or 12 digit division code');
const reason = text(500, 'reason').refine((r) => r.length >= 2, '请说明原因（至少 2 个字）/ give a reason (2 characters or more)');
const day = z
  .string({ required_error: '必填 / date is required', invalid_type_error: '应为日期文本 / must be a date string' })
  // A day that exists (not 2026-02-30): a date column refuses any other (it was a 500).
  .date('应为 YYYY-MM-DD 日期 / must be a YYYY-MM-DD date');
const uuid = (label: string) => z.string({ required_error: `必填 / ${label} is required` }).uuid(`应为 UUID / ${label} must be a UUID`);

/** The stated purpose every opening of a record needs (`?purpose=` on the record's routes). */
export const openingPurposeSchema = z
  .object({
    purpose: z
      .string({ required_error: '打开重点人员档案须说明用途 / opening a key-person record needs a purpose' })
      .trim()
      .min(2, '请说明用途（至少 2 个字）/ state a purpose (2 characters or more)')
      .max(200, '用途不能超过 200 个字符 / purpose must be at most 200 characters'),
  })
  .strict();
export type OpeningPurpose = z.infer<typeof openingPurposeSchema>;

export const responsiblePersonSchema = z
  .object({
    /** Their Keycloak username: their task list is built from it. */
    username: text(100, 'username'),
    role: oneOf(RESPONSIBLE_ROLES, 'role'),
  })
  .strict();
export type ResponsiblePersonInput = z.infer<typeof responsiblePersonSchema>;

const responsibleList = z
  .array(responsiblePersonSchema, { required_error: '必填 / responsible is required' })
  .min(1, '至少一名包保责任人 / at least one responsible person')
  .max(10)
  .refine((rs) => new Set(rs.map((r) => r.username)).size === rs.length, '责任人不能重复 / a responsible person is listed twice');

export const measureSchema = z.object({ kind: oneOf(MEASURE_KINDS, 'kind'), text: text(1000, 'text') }).strict();
export type MeasureInput = z.infer<typeof measureSchema>;

/** `POST /api/v1/key-persons`: a person put on the register (by a key-person officer, with the reason). */
export const keyPersonCreateSchema = z
  .object({
    name: text(100, 'name'),
    /** GB 11643, checked in the service (libs/pii); links the person's cases through the person file. */
    idNumber: z.string({ invalid_type_error: '应为文本 / idNumber must be a string' }).trim().max(18).optional(),
    phone: z.string({ invalid_type_error: '应为文本 / phone must be a string' }).trim().max(20).optional(),
    gender: oneOf(['female', 'male'] as const, 'gender').optional(),
    address: text(500, 'address').optional(),
    /** The person's situation in the officer's words. */
    description: text(4000, 'description'),
    /** A category code (GET /api/v1/key-persons/categories): categories are data. */
    category: text(40, 'category'),
    riskLevel: oneOf(KEY_PERSON_RISK_LEVELS, 'riskLevel'),
    orgUnit,
    reason,
    responsible: responsibleList,
    measures: z.array(measureSchema).max(20).optional(),
  })
  .strict();
export type KeyPersonCreateInput = z.infer<typeof keyPersonCreateSchema>;

/** `POST /api/v1/key-persons/{id}/responsible`: the responsible persons replaced as a whole. */
export const responsibleChangeSchema = z.object({ responsible: responsibleList, reason }).strict();
/** `POST /api/v1/key-persons/{id}/measures`: a help or control measure added. */
export const measureAddSchema = measureSchema;

/** `POST /api/v1/key-persons/{id}/contacts`: a contact made (见面、电话、走访). Never dated in the future. */
export const contactSchema = z
  .object({
    kind: oneOf(CONTACT_KINDS, 'kind'),
    at: isoDateTime,
    place: text(200, 'place').optional(),
    note: text(2000, 'note'),
  })
  .strict();
export type ContactInput = z.infer<typeof contactSchema>;

/** `POST /api/v1/key-persons/{id}/risk`: a risk level changed directly (officer or leader), with the reason. */
export const riskChangeSchema = z.object({ riskLevel: oneOf(KEY_PERSON_RISK_LEVELS, 'riskLevel'), reason }).strict();

/** `POST /api/v1/key-persons/{id}/assessments`: the scored form (libs/rules KEY_PERSON_ASSESSMENT_FORM), every question answered. */
export const assessmentSchema = z
  .object({
    formVersion: z.number({ required_error: '必填 / formVersion is required' }).int().min(1),
    /** question id → option id */
    answers: z.record(z.string().max(40), z.string().max(40)),
    note: text(2000, 'note').optional(),
  })
  .strict();
export type AssessmentInput = z.infer<typeof assessmentSchema>;

/** `POST /api/v1/key-persons/{id}/assessments/{aid}/decision` (a leader): approve the proposed level, or set another. */
export const assessmentDecisionSchema = z
  .object({
    approve: z.boolean({ required_error: '必填 / approve is required' }),
    riskLevel: oneOf(KEY_PERSON_RISK_LEVELS, 'riskLevel').optional(),
    comment: text(1000, 'comment').optional(),
  })
  .strict();

/** `POST /api/v1/key-persons/{id}/summaries`: the annual summary (年总结). */
export const summarySchema = z.object({ year: z.number().int().min(2000).max(2100), text: text(4000, 'text') }).strict();

/** `POST /api/v1/key-persons/{id}/removal` (officer) and `POST /api/v1/key-persons/{id}/removal/decision` (leader). */
export const removalRequestSchema = z.object({ reason }).strict();
export const removalDecisionSchema = z
  .object({ approve: z.boolean({ required_error: '必填 / approve is required' }), comment: text(1000, 'comment').optional() })
  .strict();

/**
 * The longest special period, in days (start and end included). A period is a holiday or an event, a
 * "hundred days" campaign at most; each day is an obligation of every supervised person in the
 * subtree, planned by their supervision workflow, so an unbounded period would stall the workflows.
 */
export const MAX_SPECIAL_PERIOD_DAYS = 120;
const daysFromTo = (startsOn: string, endsOn: string) => Math.round((Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000) + 1;

/** `POST /api/v1/key-persons/special-periods` (a leader): every supervised person in the unit's subtree reports daily from start to end. */
export const specialPeriodSchema = z
  .object({ orgUnit, name: text(100, 'name'), startsOn: day, endsOn: day })
  .strict()
  .refine((p) => p.startsOn <= p.endsOn, { message: '结束日期不能早于开始日期 / endsOn must not be before startsOn', path: ['endsOn'] })
  .refine((p) => p.startsOn > p.endsOn || daysFromTo(p.startsOn, p.endsOn) <= MAX_SPECIAL_PERIOD_DAYS, {
    message: `特殊时期最长 ${MAX_SPECIAL_PERIOD_DAYS} 天 / a special period lasts at most ${MAX_SPECIAL_PERIOD_DAYS} days`,
    path: ['endsOn'],
  });
export type SpecialPeriodInput = z.infer<typeof specialPeriodSchema>;

/** `POST /api/v1/key-persons/{id}/daily-reports`: a responsible person's report for one day of a special period. */
export const dailyReportSchema = z
  .object({ periodId: uuid('periodId'), day, status: oneOf(['stable', 'concern'] as const, 'status'), note: text(2000, 'note') })
  .strict();
export type DailyReportInput = z.infer<typeof dailyReportSchema>;

/** `POST /api/v1/key-persons/exports`: a bulk export, refused until a leader approves it. */
export const exportRequestSchema = z.object({ orgUnit, purpose: text(200, 'purpose') }).strict();
export const exportDecisionSchema = z
  .object({ approve: z.boolean({ required_error: '必填 / approve is required' }), comment: text(1000, 'comment').optional() })
  .strict();

/** `GET /api/v1/key-persons`: the register, masked. */
export const keyPersonListQuerySchema = z
  .object({
    orgUnit: orgUnit.optional(),
    category: z.string().max(40).optional(),
    riskLevel: oneOf(KEY_PERSON_RISK_LEVELS, 'riskLevel').optional(),
    status: oneOf(KEY_PERSON_STATUSES, 'status').optional(),
    page: z.coerce.number().int().min(1).optional(),
    pageSize: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

// ---- views --------------------------------------------------------------------------------------

export interface KeyPersonCategoryView {
  code: string;
  name: string;
  nameEn: string;
  active: boolean;
}

export interface ResponsiblePersonView {
  username: string;
  role: ResponsibleRole;
}

/** What a supervision obligation looks like to the register and the task lists (no names). */
export interface ObligationView {
  obligation: KeyPersonObligation;
  dueAt: string;
  colour: 'green' | 'yellow' | 'red';
  /** Daily reports: the special period and day. */
  periodId?: string;
  day?: string;
}

/** A row of the register: masked (`张*`), never more. */
export interface KeyPersonListItem {
  id: string;
  nameMasked: string;
  category: string;
  riskLevel: KeyPersonRiskLevel;
  orgUnit: string;
  status: KeyPersonStatus;
  responsible: ResponsiblePersonView[];
  nextContactDue: string | null;
  colour: 'green' | 'yellow' | 'red';
  registeredAt: string;
}

export interface RiskChangeView {
  from: KeyPersonRiskLevel | null;
  to: KeyPersonRiskLevel;
  reason: string;
  by: string;
  at: string;
  /** The approved assessment that changed it, if any. */
  assessmentId: string | null;
}

export interface ContactView {
  id: string;
  kind: ContactKind;
  at: string;
  place: string | null;
  note: string;
  by: string;
  recordedAt: string;
}

export interface AssessmentView {
  id: string;
  formVersion: number;
  answers: Record<string, string>;
  score: number;
  proposedLevel: KeyPersonRiskLevel;
  status: 'proposed' | 'approved' | 'rejected';
  decidedLevel: KeyPersonRiskLevel | null;
  by: string;
  at: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

export interface MeasureView {
  id: string;
  kind: MeasureKind;
  text: string;
  by: string;
  at: string;
}

/** A case of the person found through the person file (一人一档): a reference, no parties. */
export interface KeyPersonCaseRef {
  id: string;
  caseNo: string;
  kind: string;
  status: string;
  orgUnit: string;
  registeredAt: string;
}

/** `GET /api/v1/key-persons/{id}?purpose=…`: the full record, opened for a stated purpose (audited). */
export interface KeyPersonRecordView {
  id: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  gender: 'female' | 'male' | null;
  address: string | null;
  description: string;
  category: string;
  riskLevel: KeyPersonRiskLevel;
  orgUnit: string;
  status: KeyPersonStatus;
  registeredAt: string;
  registeredBy: string;
  responsible: ResponsiblePersonView[];
  measures: MeasureView[];
  contacts: ContactView[];
  riskHistory: RiskChangeView[];
  assessments: AssessmentView[];
  summaries: Array<{ id: string; year: number; text: string; by: string; at: string }>;
  obligations: ObligationView[];
  removal: { reason: string; requestedBy: string; requestedAt: string; decidedBy: string | null; decidedAt: string | null } | null;
  cases: KeyPersonCaseRef[];
}

/** `GET /api/v1/key-persons/{id}/openings`: who opened the record, when, for what (from the audit log). */
export interface KeyPersonOpeningView {
  at: string;
  actor: string;
  roles: string[];
  purpose: string | null;
  fields: string[];
  result: 'allowed' | 'denied';
}

/** `GET /api/v1/key-persons/tasks`: a responsible person's list (phone first). Masked names only. */
export interface KeyPersonTaskView {
  personId: string;
  nameMasked: string;
  riskLevel: KeyPersonRiskLevel;
  orgUnit: string;
  obligation: KeyPersonObligation;
  dueAt: string;
  colour: 'green' | 'yellow' | 'red';
  bucket: 'overdue' | 'today' | 'week' | 'later';
  periodId?: string;
  day?: string;
}

/** `GET /api/v1/key-persons/warnings?colour=`: missed obligations in the caller's jurisdiction (red: the leader's supervision list). */
export interface KeyPersonWarningView {
  personId: string;
  nameMasked: string;
  orgUnit: string;
  obligation: KeyPersonObligation;
  colour: 'yellow' | 'red';
  dueAt: string;
  raisedAt: string;
  responsible: ResponsiblePersonView[];
  periodId?: string;
  day?: string;
}

export interface SpecialPeriodView {
  id: string;
  orgUnit: string;
  name: string;
  startsOn: string;
  endsOn: string;
  declaredBy: string;
  declaredAt: string;
  /** Supervised persons in scope when it was declared. */
  persons: number;
}

/** `GET /api/v1/key-persons/special-periods/{id}/missing?day=…`: who has no report for a day (leader's list, masked). */
export interface MissingDailyReportView {
  periodId: string;
  day: string;
  missing: Array<{ personId: string; nameMasked: string; orgUnit: string; responsible: ResponsiblePersonView[] }>;
}

export interface KeyPersonExportView {
  id: string;
  orgUnit: string;
  purpose: string;
  status: 'requested' | 'approved' | 'rejected' | 'downloaded';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** `GET /api/v1/key-persons/stats`: counts only. */
export interface KeyPersonStatsView {
  orgUnit: string;
  onRegister: number;
  byCategory: Record<string, number>;
  byRiskLevel: Record<KeyPersonRiskLevel, number>;
  byUnit: Record<string, number>;
  contactsDue: number;
  contactsOnTime: number;
  contactCompliance: number | null;
  overdueContacts: number;
  warnings: { yellow: number; red: number };
}
