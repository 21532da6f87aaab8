import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { AUTH_HEADER, withPrefix, type Reply } from '@fengqiao/contracts';

/**
 * Sends a command as a service client does (Nest's NATS packet, the caller's bearer token in
 * the headers, the test's subject prefix) and returns the service's reply.
 */
export async function natsCommand<T = unknown>(
  ctx: { nats: NatsConnection; prefix: string },
  pattern: string,
  data: unknown,
  token?: string,
  timeoutMs = 10_000,
): Promise<Reply<T>> {
  const h = natsHeaders();
  if (token !== undefined) h.set(AUTH_HEADER, `Bearer ${token}`);
  const packet = { pattern, data, id: randomUUID() };
  const msg = await ctx.nats.request(withPrefix(ctx.prefix, pattern), JSON.stringify(packet), { headers: h, timeout: timeoutMs });
  const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { response?: Reply<T>; err?: unknown };
  if (!reply.response) throw new Error(`no response to ${pattern}: ${JSON.stringify(reply)}`);
  return reply.response;
}
