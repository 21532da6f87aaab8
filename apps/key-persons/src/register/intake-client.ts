import type { NatsConnection } from 'nats';
import { Commands, type KeyPersonCaseRef } from '@fengqiao/contracts';
import { requestAsCaller } from '@fengqiao/messaging';

/**
 * Asks intake for the person's cases (the person file), as the caller (their token forwarded):
 * the blind index travels, never the ID number; references come back, never a party.
 */
export function intakeCasesOfPerson(nats: NatsConnection, prefix: string | undefined, timeoutMs = 5_000) {
  return async (idIndex: string, authorization: string | undefined): Promise<KeyPersonCaseRef[]> => {
    const reply = await requestAsCaller<KeyPersonCaseRef[]>(nats, prefix, Commands.intake.casesOfPerson, { idIndex }, authorization, timeoutMs);
    return reply?.ok ? reply.value : [];
  };
}
