import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import { MAX_READ_PURPOSE, PURPOSE_HEADER, SOURCE_IP_HEADER } from '@fengqiao/contracts';
import { ReadAuditFailures } from '@fengqiao/rules';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemException } from '../problems/problem.exception';
import { NO_NUL } from '../openapi/from-zod';

/** The client's header stating why it reads (percent-encoded when it holds more than ASCII). */
export const CLIENT_PURPOSE_HEADER = 'x-purpose';

function decoded(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * Why the caller reads: the `purpose` query parameter, else the `X-Purpose` header; none is fine
 * (the route is recorded as the reason). Longer than MAX_READ_PURPOSE characters: 422.
 */
export function statedPurpose(req: AuthenticatedRequest): string | null {
  const q = req.query?.['purpose'];
  const h = req.headers[CLIENT_PURPOSE_HEADER];
  const raw = typeof q === 'string' && q.trim() ? q : typeof h === 'string' ? decoded(h) : '';
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  if ([...text].length > MAX_READ_PURPOSE) throw new ProblemException(ReadAuditFailures.problem('PURPOSE_TOO_LONG', { max: MAX_READ_PURPOSE }));
  return text;
}

/** What a service records with a read: the purpose and the caller's address, as NATS headers. */
export function readHeaders(req: AuthenticatedRequest): Record<string, string> {
  const purpose = statedPurpose(req);
  return {
    ...(purpose ? { [PURPOSE_HEADER]: encodeURIComponent(purpose) } : {}),
    ...(req.ip ? { [SOURCE_IP_HEADER]: req.ip } : {}),
  };
}

/** A query without the read's purpose (the services' query schemas are strict). */
export function withoutPurpose(query: Record<string, string>): Record<string, string> {
  const { purpose: _purpose, ...rest } = query ?? {};
  return rest;
}

/** The OpenAPI of a read of personal data: its purpose, optional, as a parameter or a header. */
export const ApiReadPurpose = () =>
  applyDecorators(
    ApiQuery({
      name: 'purpose',
      required: false,
      schema: { type: 'string', maxLength: MAX_READ_PURPOSE, pattern: NO_NUL },
      description: `查阅用途（留痕）/ why you read it (recorded with the read; at most ${MAX_READ_PURPOSE} characters). Absent: the route is recorded as the reason.`,
    }),
    ApiHeader({
      name: 'X-Purpose',
      required: false,
      description: 'the same as `purpose`, as a header (percent-encoded UTF-8); the parameter wins when both are given',
    }),
  );
