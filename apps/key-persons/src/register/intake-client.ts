import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { AUTH_HEADER, Commands, withPrefix, type KeyPersonCaseRef, type Reply } from '@fengqiao/contracts';

/**
 * Asks intake for the person's cases (the person file), as the caller (their token forwarded):
 * the blind index travels, never the ID number; references come back, never a party.
 */
export function intakeCasesOfPerson(nats: NatsConnection, prefix: string | undefined, timeoutMs = 5_000) {
  return async (idIndex: string, authorization: string | undefined): Promise<KeyPersonCaseRef[]> => {
    const h = natsHeaders();
    if (authorization) h.set(AUTH_HEADER, authorization);
    const packet = { pattern: Commands.intake.casesOfPerson, data: { idIndex }, id: randomUUID() };
    const msg = await nats.request(withPrefix(prefix, Commands.intake.casesOfPerson), JSON.stringify(packet), { headers: h, timeout: timeoutMs });
    const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: Reply<KeyPersonCaseRef[]> };
    return reply.response?.ok ? reply.response.value : [];
  };
}
