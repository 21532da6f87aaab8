import {
  assessmentDecisionSchema,
  assessmentSchema,
  contactSchema,
  dailyReportSchema,
  exportDecisionSchema,
  exportRequestSchema,
  KEY_PERSON_OBLIGATIONS,
  KEY_PERSON_RISK_LEVELS,
  KEY_PERSON_STATUSES,
  keyPersonCreateSchema,
  measureSchema,
  removalDecisionSchema,
  removalRequestSchema,
  RESPONSIBLE_ROLES,
  responsibleChangeSchema,
  riskChangeSchema,
  specialPeriodSchema as specialPeriodBody,
  summarySchema,
} from '@fengqiao/contracts';
import { openApiSchemaOf } from '../openapi/from-zod';
import { counts, int, str } from '../openapi/schema-parts';

// OpenAPI descriptions of the key-person contract (libs/contracts key-persons/register.ts holds the validating schemas).
const day = str({ format: 'date', example: '2026-12-05' });
const riskLevel = str({ enum: [...KEY_PERSON_RISK_LEVELS] });
const colour = str({ enum: ['green', 'yellow', 'red'] });

/** The request bodies, generated from the validating schemas (libs/contracts key-persons/register.ts). */
export const keyPersonBodies = {
  create: {
    ...openApiSchemaOf(keyPersonCreateSchema),
    example: {
      name: '示例人员',
      category: 'long-term-petitioner',
      riskLevel: 'medium',
      orgUnit: '621102101',
      description: '因土地补偿问题多次上访。',
      reason: '多次越级上访',
      responsible: [
        { username: 'grid.621102101201', role: 'grid-worker' },
        { username: 'dept.public-security.621102101', role: 'police' },
      ],
    },
  },
  contact: openApiSchemaOf(contactSchema),
  risk: openApiSchemaOf(riskChangeSchema),
  assessment: openApiSchemaOf(assessmentSchema),
  assessmentDecision: openApiSchemaOf(assessmentDecisionSchema),
  responsible: openApiSchemaOf(responsibleChangeSchema),
  measure: openApiSchemaOf(measureSchema),
  summary: openApiSchemaOf(summarySchema),
  removal: openApiSchemaOf(removalRequestSchema),
  decision: openApiSchemaOf(removalDecisionSchema),
  exportDecision: openApiSchemaOf(exportDecisionSchema),
  dailyReport: openApiSchemaOf(dailyReportSchema),
  specialPeriod: openApiSchemaOf(specialPeriodBody),
  exportRequest: openApiSchemaOf(exportRequestSchema),
};

const responsibleView = { type: 'array', items: { type: 'object', properties: { username: str(), role: str({ enum: [...RESPONSIBLE_ROLES] }) } } };

export const keyPersonListItemSchema = {
  type: 'object',
  description: 'a row of the register, masked',
  properties: {
    id: str({ format: 'uuid' }),
    nameMasked: str({ example: '张*' }),
    category: str(),
    riskLevel,
    orgUnit: str(),
    status: str({ enum: [...KEY_PERSON_STATUSES] }),
    responsible: responsibleView,
    nextContactDue: str({ format: 'date-time', nullable: true }),
    colour,
    registeredAt: str({ format: 'date-time' }),
  },
};

export const keyPersonRecordSchema = {
  type: 'object',
  description: 'KeyPersonRecordView (libs/contracts key-persons/register.ts): the full record, opened for a stated purpose and audited',
  properties: {
    ...keyPersonListItemSchema.properties,
    name: str(),
    idNumber: str({ nullable: true }),
    phone: str({ nullable: true }),
    gender: str({ nullable: true, enum: ['female', 'male'] }),
    address: str({ nullable: true }),
    description: str(),
    registeredBy: str(),
    measures: { type: 'array', items: { type: 'object' } },
    contacts: { type: 'array', items: { type: 'object' } },
    riskHistory: { type: 'array', items: { type: 'object', description: 'from, to, reason, by, at, assessmentId' } },
    assessments: { type: 'array', items: { type: 'object' } },
    summaries: { type: 'array', items: { type: 'object' } },
    obligations: { type: 'array', items: { type: 'object' } },
    removal: { type: 'object', nullable: true },
    cases: { type: 'array', items: { type: 'object', description: 'the person file: case references, no parties' } },
  },
};

export const openingSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      at: str({ format: 'date-time' }),
      actor: str(),
      roles: { type: 'array', items: str() },
      purpose: str({ nullable: true }),
      fields: { type: 'array', items: str() },
      result: str({ enum: ['allowed', 'denied'] }),
    },
  },
};

export const taskSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      personId: str({ format: 'uuid' }),
      nameMasked: str(),
      riskLevel,
      orgUnit: str(),
      obligation: str({ enum: [...KEY_PERSON_OBLIGATIONS] }),
      dueAt: str({ format: 'date-time' }),
      colour,
      bucket: str({ enum: ['overdue', 'today', 'week', 'later'] }),
      periodId: str({ format: 'uuid' }),
      day,
    },
  },
};

export const warningSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      personId: str({ format: 'uuid' }),
      nameMasked: str(),
      orgUnit: str(),
      obligation: str({ enum: [...KEY_PERSON_OBLIGATIONS] }),
      colour: str({ enum: ['yellow', 'red'] }),
      dueAt: str({ format: 'date-time' }),
      raisedAt: str({ format: 'date-time' }),
      responsible: responsibleView,
      periodId: str({ format: 'uuid' }),
      day,
    },
  },
};

export const specialPeriodSchema = {
  type: 'object',
  properties: {
    id: str({ format: 'uuid' }),
    orgUnit: str(),
    name: str(),
    startsOn: day,
    endsOn: day,
    declaredBy: str(),
    declaredAt: str({ format: 'date-time' }),
    persons: { ...int(), description: 'supervised persons in scope when declared' },
  },
};

export const missingSchema = {
  type: 'object',
  properties: {
    periodId: str({ format: 'uuid' }),
    day,
    missing: {
      type: 'array',
      items: { type: 'object', properties: { personId: str({ format: 'uuid' }), nameMasked: str(), orgUnit: str(), responsible: responsibleView } },
    },
  },
};

export const exportSchema = {
  type: 'object',
  properties: {
    id: str({ format: 'uuid' }),
    orgUnit: str(),
    purpose: str(),
    status: str({ enum: ['requested', 'approved', 'rejected', 'downloaded'] }),
    requestedBy: str(),
    requestedAt: str({ format: 'date-time' }),
    decidedBy: str({ nullable: true }),
    decidedAt: str({ format: 'date-time', nullable: true }),
  },
};

export const keyPersonStatsSchema = {
  type: 'object',
  description: 'counts() only, never a person (docs/metrics.md "Key persons")',
  properties: {
    orgUnit: str(),
    onRegister: int(),
    byCategory: counts(),
    byRiskLevel: counts(),
    byUnit: counts(),
    contactsDue: int(),
    contactsOnTime: int(),
    contactCompliance: { type: 'number', nullable: true },
    overdueContacts: int(),
    warnings: { type: 'object', properties: { yellow: int(), red: int() } },
  },
};

export const assessmentFormSchema = {
  type: 'object',
  description: 'the current scored form (libs/rules key-person.assessment.ts)',
  properties: {
    version: int(),
    questions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: str(),
          zh: str(),
          en: str(),
          options: { type: 'array', items: { type: 'object', properties: { id: str(), zh: str(), en: str(), score: int() } } },
        },
      },
    },
    thresholds: { type: 'object', properties: { medium: int(), high: int() } },
  },
};
