import type { OpenAPIObject } from '@nestjs/swagger';
import { ProblemTypes, type ProblemKind } from '@fengqiao/contracts';
import { problemSchemaRef } from './case.schemas';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

type Operation = {
  parameters?: Array<{ in?: string } | { $ref: string }>;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};

const PROBLEM_JSON = 'application/problem+json';

/** Why an operation may answer each status, by what the gateway does in front of every route. */
const WHY: Partial<Record<ProblemKind, string>> = {
  malformed: 'the body is not JSON',
  validation: 'a field, parameter or header is invalid (errors[] names each); or the Idempotency-Key was used with another body',
  tooLarge: 'the body is larger than the limit',
  unauthorized: 'no valid bearer token',
  forbidden: 'your role may not do this, or the record is outside your org-unit subtree',
  notFound: 'no such record (or not yours to know of)',
  conflict: 'not allowed in the current state, or the same Idempotency-Key is still being processed',
  unavailable: 'a service behind the gateway is not answering; retry after Retry-After seconds with the same Idempotency-Key',
};

/** The problem statuses an operation can answer, from its shape (body, parameters, security, method). */
export function problemKindsOf(method: string, op: Operation, secured: boolean): ProblemKind[] {
  const kinds: ProblemKind[] = [];
  const params = (op.parameters ?? []).filter((p): p is { in?: string } => !('$ref' in p));
  if (op.requestBody) kinds.push('malformed', 'tooLarge');
  if (op.requestBody || params.length > 0 || method === 'post') kinds.push('validation');
  if (secured) kinds.push('unauthorized', 'forbidden');
  if (params.some((p) => p.in === 'path')) kinds.push('notFound');
  if (method === 'post') kinds.push('conflict');
  kinds.push('unavailable');
  return kinds;
}

/**
 * Makes the document tell the truth about errors: every status each operation can answer is listed,
 * and every error answer is `application/problem+json` with the Problem schema — what ProblemFilter
 * sends. Statuses a controller documents itself keep its description.
 */
export function documentProblems(doc: OpenAPIObject): OpenAPIObject {
  const components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: problemSchemaRef } };
  const ref = { $ref: '#/components/schemas/Problem' };
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const next: Record<string, unknown> = { ...item };
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const secured = (op.security ?? doc.security ?? []).length > 0;
      const responses: Operation['responses'] = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        responses[status] = Number(status) >= 400 ? { description: r.description || 'problem', content: { [PROBLEM_JSON]: { schema: ref } } } : r;
      }
      for (const kind of problemKindsOf(method, op, secured)) {
        const status = String(ProblemTypes[kind].status);
        const why = WHY[kind] ?? ProblemTypes[kind].title;
        const mine = responses[status];
        responses[status] = mine
          ? { ...mine, description: mine.description === 'problem' ? why : mine.description }
          : { description: why, content: { [PROBLEM_JSON]: { schema: ref } } };
      }
      next[method] = { ...op, responses };
    }
    paths[path] = next;
  }
  return { ...doc, components, paths };
}
