import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type NatsConnection } from 'nats';
import { AUTH_HEADER, withPrefix, type Reply } from '@fengqiao/contracts';
import { injectTraceContext } from '@fengqiao/observability';

/**
 * One service asking another's @Guarded handler on behalf of the caller (their token forwarded, so
 * the other service checks roles and jurisdiction itself), in the packet shape Nest's NATS transport
 * speaks. Resolves to the handler's reply, or `undefined` when nobody answered in time.
 */
export async function requestAsCaller<T>(
  nats: NatsConnection,
  prefix: string | undefined,
  pattern: string,
  data: unknown,
  authorization: string | undefined,
  timeoutMs = 5_000,
): Promise<Reply<T> | undefined> {
  const h = natsHeaders();
  if (authorization) h.set(AUTH_HEADER, authorization);
  injectTraceContext(h);
  try {
    const msg = await nats.request(withPrefix(prefix, pattern), JSON.stringify({ pattern, data, id: randomUUID() }), { headers: h, timeout: timeoutMs });
    return (JSON.parse(new TextDecoder().decode(msg.data)) as { response?: Reply<T> }).response;
  } catch {
    return undefined;
  }
}
