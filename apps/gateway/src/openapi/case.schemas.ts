import { CASE_KINDS, CASE_STATUSES, createCaseSchema, WARNING_COLOURS } from '@fengqiao/contracts';
import { caseKindModules } from '@fengqiao/rules';
import { openApiSchemaOf } from './from-zod';
import { str } from './schema-parts';

// OpenAPI descriptions of the contract types (libs/contracts holds the validating schemas).

/**
 * The registration body, generated from the validator (libs/contracts createCaseSchema). Two rules a
 * JSON schema cannot hold are said in words: `kind` is one of the registered kinds (listed), and
 * `parties` holds at least one applicant.
 */
export function createCaseBodySchema(): Record<string, unknown> {
  const schema = openApiSchemaOf(createCaseSchema);
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  properties['kind'] = { ...properties['kind'], enum: caseKindModules().map((k) => k.kind) };
  properties['category'] = { ...properties['category'], example: 'neighbour', description: 'GET /api/v1/categories' };
  properties['orgUnit'] = { ...properties['orgUnit'], example: '621102101', description: 'a unit of the org tree (GET /api/v1/org-units)' };
  properties['parties'] = { ...properties['parties'], description: 'at least one party with role `applicant`' };
  return schema;
}

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
