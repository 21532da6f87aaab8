import { CASE_KINDS, CASE_STATUSES, CHANNELS, PARTY_ROLES, SEVERITIES, WARNING_COLOURS } from '@fengqiao/contracts';

// OpenAPI descriptions of the contract types (libs/contracts holds the validating schemas).
const str = (extra: Record<string, unknown> = {}) => ({ type: 'string', ...extra });

export const createCaseBodySchema = {
  type: 'object',
  required: ['kind', 'category', 'title', 'description', 'channel', 'orgUnit', 'parties'],
  additionalProperties: false,
  properties: {
    kind: str({ enum: [...CASE_KINDS] }),
    category: str({ example: 'neighbour', description: 'GET /api/v1/categories' }),
    severity: str({ enum: [...SEVERITIES] }),
    title: str({ minLength: 1, maxLength: 200 }),
    description: str({ minLength: 1, maxLength: 10000 }),
    channel: str({ enum: [...CHANNELS] }),
    orgUnit: str({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', example: '621102101' }),
    occurredAt: str({ format: 'date-time' }),
    location: {
      type: 'object',
      additionalProperties: false,
      properties: { address: str(), gridCode: str(), lat: { type: 'number' }, lng: { type: 'number' } },
    },
    parties: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role', 'name'],
        additionalProperties: false,
        properties: {
          role: str({ enum: [...PARTY_ROLES] }),
          name: str({ maxLength: 100 }),
          idNumber: str({ description: 'GB 11643 resident ID number' }),
          phone: str(),
        },
      },
    },
  },
};

export const caseSchemaRef = {
  type: 'object',
  properties: {
    id: str({ format: 'uuid' }),
    caseNo: str({ example: '621102101-2026-000123' }),
    kind: str({ enum: [...CASE_KINDS] }),
    category: str(),
    status: str({ enum: [...CASE_STATUSES] }),
    warning: str({ enum: [...WARNING_COLOURS] }),
    orgUnit: str(),
    deadlines: {
      type: 'object',
      properties: {
        firstReplyDue: str({ format: 'date-time', nullable: true }),
        mediationDue: str({ nullable: true }),
        jointHandlingDue: str({ nullable: true }),
      },
    },
    routing: { type: 'object', properties: { ruleVersion: { type: 'integer' }, tier: str(), team: str() } },
    clocks: {
      type: 'array',
      description: "every running clock: the centre's and each summoned department's",
      items: {
        type: 'object',
        properties: {
          id: str({ example: 'report-in:housing@621100' }),
          kind: str(),
          owner: str({ description: 'centre, a department code, parties or resident' }),
          orgUnit: str(),
          startedAt: str({ format: 'date-time' }),
          yellowAt: str({ format: 'date-time' }),
          due: str({ format: 'date-time' }),
          colour: str({ enum: [...WARNING_COLOURS] }),
          provisional: { type: 'boolean' },
          counts: { type: 'boolean', description: 'whether it colours the case' },
        },
      },
    },
    allowedActions: { type: 'array', items: str(), description: "names of the case kind's actions that fit its state now" },
    outcome: str({ nullable: true }),
    rating: { type: 'integer', nullable: true },
    mediator: { type: 'object', nullable: true },
    joint: { type: 'object', nullable: true },
    parties: { type: 'array', items: { type: 'object' } },
    timeline: {
      type: 'array',
      items: { type: 'object', properties: { at: str({ format: 'date-time' }), type: str(), by: str(), detail: { type: 'object' } } },
    },
    createdAt: str({ format: 'date-time' }),
    updatedAt: str({ format: 'date-time' }),
  },
};

export const problemSchemaRef = {
  type: 'object',
  properties: {
    type: str(),
    title: str(),
    status: { type: 'integer' },
    detail: str(),
    errors: { type: 'array', items: { type: 'object', properties: { path: str(), message: str() } } },
    code: str({
      description:
        "a stable failure code of the answering module (its `*.failures.ts`), e.g. CASE_NOT_FOUND; absent on Nest's and the HTTP layer's own answers",
    }),
    allowedActions: { type: 'array', items: str(), description: 'on 409: the actions that fit the case now' },
  },
};
