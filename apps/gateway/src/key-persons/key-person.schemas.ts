import { CONTACT_KINDS, KEY_PERSON_OBLIGATIONS, KEY_PERSON_RISK_LEVELS, KEY_PERSON_STATUSES, MEASURE_KINDS, RESPONSIBLE_ROLES } from '@fengqiao/contracts';

// OpenAPI descriptions of the key-person contract (libs/contracts key-persons/register.ts holds the validating schemas).
const str = (extra: Record<string, unknown> = {}) => ({ type: 'string', ...extra });
const int = { type: 'integer' };
const obj = <P extends Record<string, object>>(properties: P, required?: string[], extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  ...(required ? { required } : {}),
  properties,
  ...extra,
});
const orgUnit = str({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', example: '621102101' });
const riskLevel = str({ enum: [...KEY_PERSON_RISK_LEVELS] });
const colour = str({ enum: ['green', 'yellow', 'red'] });
const reason = str({ minLength: 2, maxLength: 500 });
const day = str({ format: 'date', example: '2026-12-05' });
const responsible = {
  type: 'array',
  minItems: 1,
  maxItems: 10,
  items: obj({ username: str(), role: str({ enum: [...RESPONSIBLE_ROLES] }) }, ['username', 'role']),
};
const measure = obj({ kind: str({ enum: [...MEASURE_KINDS] }), text: str({ maxLength: 1000 }) }, ['kind', 'text']);
const decision = obj({ approve: { type: 'boolean' }, comment: str({ maxLength: 1000 }) }, ['approve']);

export const keyPersonBodies = {
  create: obj(
    {
      name: str({ maxLength: 100 }),
      idNumber: str({ description: 'GB 11643 resident ID number; links the person file' }),
      phone: str(),
      gender: str({ enum: ['female', 'male'] }),
      address: str({ maxLength: 500 }),
      description: str({ maxLength: 4000, description: "the person's situation" }),
      category: str({ description: 'a code from GET /api/v1/key-persons/categories', example: 'long-term-petitioner' }),
      riskLevel,
      orgUnit,
      reason,
      responsible,
      measures: { type: 'array', maxItems: 20, items: measure },
    },
    ['name', 'description', 'category', 'riskLevel', 'orgUnit', 'reason', 'responsible'],
    {
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
  ),
  contact: obj(
    {
      kind: str({ enum: [...CONTACT_KINDS] }),
      at: str({ format: 'date-time', description: 'not in the future' }),
      place: str({ maxLength: 200 }),
      note: str({ maxLength: 2000 }),
    },
    ['kind', 'at', 'note'],
  ),
  risk: obj({ riskLevel, reason }, ['riskLevel', 'reason']),
  assessment: obj(
    {
      formVersion: { type: 'integer', minimum: 1, description: 'GET /api/v1/key-persons/assessment-form' },
      answers: { type: 'object', additionalProperties: str(), description: 'question id → option id; every question answered' },
      note: str({ maxLength: 2000 }),
    },
    ['formVersion', 'answers'],
  ),
  assessmentDecision: obj({ approve: { type: 'boolean' }, riskLevel, comment: str({ maxLength: 1000 }) }, ['approve']),
  responsible: obj({ responsible, reason }, ['responsible', 'reason']),
  measure,
  summary: obj({ year: { type: 'integer', minimum: 2000, maximum: 2100 }, text: str({ maxLength: 4000 }) }, ['year', 'text']),
  removal: obj({ reason }, ['reason']),
  decision,
  dailyReport: obj({ periodId: str({ format: 'uuid' }), day, status: str({ enum: ['stable', 'concern'] }), note: str({ maxLength: 2000 }) }, [
    'periodId',
    'day',
    'status',
    'note',
  ]),
  specialPeriod: obj({ orgUnit, name: str({ maxLength: 100 }), startsOn: day, endsOn: day }, ['orgUnit', 'name', 'startsOn', 'endsOn']),
  exportRequest: obj({ orgUnit, purpose: str({ maxLength: 200 }) }, ['orgUnit', 'purpose']),
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
    persons: { ...int, description: 'supervised persons in scope when declared' },
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

const counts = { type: 'object', additionalProperties: int };
export const keyPersonStatsSchema = {
  type: 'object',
  description: 'counts only, never a person (docs/metrics.md "Key persons")',
  properties: {
    orgUnit: str(),
    onRegister: int,
    byCategory: counts,
    byRiskLevel: counts,
    byUnit: counts,
    contactsDue: int,
    contactsOnTime: int,
    contactCompliance: { type: 'number', nullable: true },
    overdueContacts: int,
    warnings: { type: 'object', properties: { yellow: int, red: int } },
  },
};

export const assessmentFormSchema = {
  type: 'object',
  description: 'the current scored form (libs/rules key-person.assessment.ts)',
  properties: {
    version: int,
    questions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: str(),
          zh: str(),
          en: str(),
          options: { type: 'array', items: { type: 'object', properties: { id: str(), zh: str(), en: str(), score: int } } },
        },
      },
    },
    thresholds: { type: 'object', properties: { medium: int, high: int } },
  },
};
