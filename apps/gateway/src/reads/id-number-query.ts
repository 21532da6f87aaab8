import { idNumberLookupSchema, zodFieldErrors } from '@fengqiao/contracts';
import type { PiiCipher } from '@fengqiao/pii';
import { openApiSchemaOf } from '../openapi/from-zod';
import { GatewayFailures } from '../gateway.failures';
import { ProblemException } from '../problems/problem.exception';

/** The `idNumber` query parameter as documented: what idNumberLookupSchema takes. */
export const idNumberQueryParameter = openApiSchemaOf(idNumberLookupSchema);

/**
 * A query with its `idNumber` (personal data) sealed for the bus, after checking it plain: the service
 * sees only the sealed text, whose length says nothing about the number's.
 */
export function sealIdNumberQuery(pii: PiiCipher, query: Record<string, string>): Record<string, string> {
  const plain = query['idNumber'];
  if (typeof plain !== 'string') return query;
  const checked = idNumberLookupSchema.safeParse(plain);
  if (!checked.success) {
    throw new ProblemException(
      GatewayFailures.problem(
        'QUERY_INVALID',
        zodFieldErrors(checked.error).map((e) => ({ ...e, path: 'idNumber' })),
      ),
    );
  }
  return { ...query, idNumber: pii.encrypt(plain) };
}
