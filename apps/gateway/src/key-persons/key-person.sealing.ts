import type { ZodType } from 'zod';
import { zodFieldErrors } from '@fengqiao/contracts';
import { openJson, sealJson, type PiiCipher, type Sealed } from '@fengqiao/pii';
import { problemSchemaRef } from '../openapi/case.schemas';
import { ProblemException } from '../problems/problem.exception';
import { serviceClientProvider } from '../service-client/service-clients';
import { GatewayFailures } from '../gateway.failures';

export const KEY_PERSONS_CLIENT = Symbol('KEY_PERSONS_CLIENT');
export const keyPersonsClientProvider = serviceClientProvider(KEY_PERSONS_CLIENT);

/** Validated, then sealed as a whole (the PII keyring the service shares): the bus never carries what is written about a person. */
export function sealBody(cipher: PiiCipher, schema: ZodType, body: unknown): string {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new ProblemException(GatewayFailures.problem('KEY_PERSON_INVALID', zodFieldErrors(parsed.error)));
  return sealJson(cipher, parsed.data).sealed;
}

const isSealedMessage = (v: unknown): v is Sealed =>
  !!v && typeof v === 'object' && typeof (v as Sealed).sealed === 'string' && Object.keys(v as object).length === 1;

/** A record or file comes back `{ sealed }`: opened here, at the edge. */
export function unseal<T>(cipher: PiiCipher, reply: Sealed | T): T {
  return isSealedMessage(reply) ? openJson<T>(cipher, reply) : (reply as T);
}

/** The client's Idempotency-Key, as the interceptor accepted it (one home: the interceptor's). */
export { idempotencyKey } from '../idempotency/idempotency.interceptor';

export const notFound = { status: 404, description: 'no such record, or outside your need-to-know (audited)', schema: problemSchemaRef };
export const invalid = { status: 422, description: 'invalid fields (problem+json with errors[])', schema: problemSchemaRef };
