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
      properties: { firstReplyDue: str({ format: 'date-time', nullable: true }), mediationDue: str({ nullable: true }), jointHandlingDue: str({ nullable: true }) },
    },
    parties: { type: 'array', items: { type: 'object' } },
    timeline: { type: 'array', items: { type: 'object' } },
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
  },
};
