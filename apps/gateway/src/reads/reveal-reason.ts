import { z } from 'zod';
import { zodFieldErrors } from '@fengqiao/contracts';
import { ProblemException } from '../problems/problem.exception';
import { GatewayFailures } from '../gateway.failures';

const revealBodySchema = z.object({ reason: z.unknown() }).strict();

/**
 * The reason of a reveal (a party's or a grid worker's full contact): the body holds nothing else —
 * an unknown field is 422 here. The service checks the reason itself, so a refusal is audited there.
 */
export function revealReason(body: unknown): unknown {
  const parsed = revealBodySchema.safeParse(body ?? {});
  if (!parsed.success) throw new ProblemException(GatewayFailures.problem('BODY_INVALID', zodFieldErrors(parsed.error)));
  return parsed.data.reason;
}
