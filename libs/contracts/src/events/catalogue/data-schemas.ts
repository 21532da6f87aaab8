/**
 * The data of every event the services publish, as zod schemas: the TypeScript types of the event data
 * are inferred from these (libs/contracts re-exports them under their old names), the AsyncAPI document
 * (docs/events.md) states them as JSON Schema, and tests validate published events against them.
 */
import { z } from 'zod';
import { CASE_STATUSES, CHANNELS, SEVERITIES } from '../../cases/case.schema';
import type { Outcome } from '../../dispute/actions';
import { routingRuleSchema } from '../../dispute/routing-rules';
import { FIELD_REPORT_KINDS, FIELD_REPORT_STATUSES } from '../../field-work/field-report';
import { KEY_PERSON_OBLIGATIONS, KEY_PERSON_RISK_LEVELS } from '../../key-persons/register';
import { ORG_UNIT_LEVELS } from '../../org-tree/org-tree';

const instant = z.string().datetime({ offset: true }).describe('ISO 8601 instant');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('China calendar day, YYYY-MM-DD');
const orgPath = z
  .string()
  .regex(/^\/(?:[^/]+\/)+$/)
  .describe('materialised path of the org unit, `/621100/621102/621102101/`: a subtree is a prefix');
const uuid = z.string().uuid();
const warning = z.enum(['green', 'yellow', 'red']);

export const caseRegisteredDataSchema = z
  .object({
    caseId: uuid,
    caseNo: z.string(),
    kind: z.string().describe('case kind (dispute, petition, legal-aid, …)'),
    category: z.string(),
    severity: z.enum(SEVERITIES),
    orgUnit: z.string(),
    orgPath: orgPath.optional(),
    registeredAt: instant,
    firstReplyDue: instant,
    registeredBy: z.string().describe('login of the staff member (or service account) who registered the case'),
    gridCode: z.string().optional().describe('the grid the location names'),
    title: z.string().optional(),
    channel: z.enum(CHANNELS).optional(),
    routing: z.object({ ruleVersion: z.number().int(), rule: routingRuleSchema }).strict().optional().describe('the routing rule the case was classified by'),
    extraNotices: z.array(z.unknown()).optional().describe('holiday notices an admin loaded beyond the built-in years'),
    historical: z.boolean().optional().describe('a case of the seeded demo history: no process runs for it'),
    resume: z
      .object({
        status: z.enum(CASE_STATUSES),
        seq: z.number().int(),
        stageStartedAt: instant,
        outcome: z
          .string()
          .transform((v) => v as Outcome)
          .nullable(),
        mediator: z.object({ id: z.string(), name: z.string(), team: z.string(), username: z.string().nullable().optional() }).strict().nullable(),
        feedbackRecorded: z.boolean(),
      })
      .strict()
      .optional()
      .describe('an open case of the seeded history: its process starts where the case stands'),
  })
  .strict();

export const caseTransitionDataSchema = z
  .object({
    caseId: uuid,
    caseNo: z.string(),
    orgUnit: z.string(),
    orgPath,
    kind: z.string(),
    category: z.string(),
    seq: z.number().int().positive().describe('the step number within the case: with caseId, the step identity (the event id derives from it)'),
    type: z.string().describe('the step (the event name)'),
    actor: z.string().describe('login of who took the step, `system` for the process itself'),
    at: instant,
    status: z.string().describe('the case status after the step'),
    outcome: z.string().nullable(),
    warning,
    rating: z.number().int().min(1).max(5).nullable(),
    detail: z.record(z.unknown()).describe('what the step recorded; its fields depend on the step'),
  })
  .strict();

/** The first version of the dispute path's colour change (runs started before `stages-v2` still publish it). */
export const caseWarningChangedV1DataSchema = z.object({ caseId: uuid, caseNo: z.string(), orgUnit: z.string(), warning, reason: z.string() }).strict();

const reporterRole = z.enum(['grid-worker', 'resident']);

export const fieldReportRecordedDataSchema = z
  .object({
    reportId: uuid,
    kind: z.enum(FIELD_REPORT_KINDS),
    category: z.string(),
    status: z.enum(FIELD_REPORT_STATUSES),
    reporterUsername: z.string(),
    reporterRole,
    gridCode: z.string(),
    path: orgPath,
    at: instant,
  })
  .strict();

export const fieldReportHandledDataSchema = z
  .object({
    reportId: uuid,
    kind: z.enum(FIELD_REPORT_KINDS),
    category: z.string(),
    status: z.enum(['settled', 'sent', 'rejected']),
    reporterUsername: z.string(),
    reporterRole,
    gridCode: z.string(),
    path: orgPath,
    handledBy: z.string().describe('the grid worker who handled it'),
    caseId: uuid.optional().describe('set when sent: the case it became'),
    recordedAt: instant,
    at: instant,
  })
  .strict();

export const fieldReportVerifiedDataSchema = z
  .object({
    reportId: uuid,
    residentSub: z.string().describe('the resident’s subject (Keycloak `sub`)'),
    residentUsername: z.string(),
    kind: z.enum(FIELD_REPORT_KINDS),
    category: z.string(),
    outcome: z.enum(['settled', 'sent']),
    gridCode: z.string(),
    path: orgPath,
    verifiedBy: z.string().describe('the grid worker who verified it'),
    at: instant,
  })
  .strict();

export const checkInRecordedDataSchema = z.object({ username: z.string(), day, at: instant, gridCode: z.string(), path: orgPath }).strict();

export const checkInMissingDataSchema = z
  .object({
    county: z.string(),
    day,
    dueAt: instant.describe('the county’s roll-call time that day'),
    workers: z.number().int().nonnegative(),
    checkedIn: z.number().int().nonnegative(),
    missing: z.array(z.object({ username: z.string(), name: z.string(), grids: z.array(z.string()) }).strict()),
    takenAt: instant,
  })
  .strict();

export const checkInRosterDataSchema = z
  .object({ gridCode: z.string(), path: orgPath, usernames: z.array(z.string()).describe('sorted, distinct logins bound to the grid'), at: instant })
  .strict();

export const orgUnitUpsertedDataSchema = z
  .object({ code: z.string(), name: z.string(), nameEn: z.string(), level: z.enum(ORG_UNIT_LEVELS), parent: z.string().nullable(), path: orgPath })
  .strict();

const riskLevel = z.enum(KEY_PERSON_RISK_LEVELS);

export const keyPersonRegisteredDataSchema = z
  .object({ personId: uuid, orgUnit: z.string(), orgPath: orgPath.optional(), category: z.string(), riskLevel, at: instant })
  .strict();

export const keyPersonRiskChangedDataSchema = z.object({ personId: uuid, orgUnit: z.string(), from: riskLevel, to: riskLevel, at: instant }).strict();

export const obligationRefSchema = z
  .object({
    personId: uuid,
    orgUnit: z.string(),
    obligation: z.enum(KEY_PERSON_OBLIGATIONS),
    key: z.string().describe('the obligation’s identity within the person’s supervision'),
    dueAt: instant,
    periodId: z.string().optional().describe('the special period of a daily report'),
    day: day.optional().describe('the day of a daily report'),
  })
  .strict();

export const keyPersonObligationMetDataSchema = obligationRefSchema.extend({ metAt: instant, onTime: z.boolean() }).strict();
export const keyPersonWarningDataSchema = obligationRefSchema.extend({ colour: z.enum(['yellow', 'red']), at: instant }).strict();
export const keyPersonRemovedDataSchema = z.object({ personId: uuid, orgUnit: z.string(), category: z.string(), at: instant }).strict();
