import { headers as natsHeaders } from 'nats';
import { AUTH_HEADER, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER, type Reply } from '@fengqiao/contracts';
import { CommandFailed, type CommandOptions, type PrefixedNatsClient } from '@fengqiao/messaging';
import { ProblemException } from '../problems/problem.exception';
import { GatewayFailures } from '../gateway.failures';

/**
 * Request/reply to a service over NATS, forwarding the caller's token. A service that cannot answer
 * becomes a 503 problem (with Retry-After), never a hanging request: at once when nobody serves the
 * command or the bus is down, within `silenceMs` when the service died under it, at `timeoutMs` at most.
 */
export class ServiceClient {
  constructor(
    private readonly proxy: Pick<PrefixedNatsClient, 'command'>,
    private readonly o: CommandOptions,
  ) {}

  /**
   * `idempotencyKey` travels to the service that writes, which keeps it unique with its write;
   * `extra` headers carry what a read records (its purpose, the caller's address: readHeaders).
   */
  async request<T>(pattern: string, payload: unknown, token: string, requestId: string, idempotencyKey?: string, extra?: Record<string, string>): Promise<T> {
    const h = natsHeaders();
    h.set(AUTH_HEADER, `Bearer ${token}`);
    h.set(REQUEST_ID_HEADER, requestId);
    if (idempotencyKey) h.set(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
    for (const [k, v] of Object.entries(extra ?? {})) h.set(k, v);
    let reply: Reply<T>;
    try {
      reply = await this.proxy.command<Reply<T>>(pattern, payload ?? {}, h, this.o);
    } catch (e) {
      // The request may or may not have been done; a retry with the same Idempotency-Key settles which.
      if (!(e instanceof CommandFailed)) throw e;
      throw new ProblemException(GatewayFailures.problem(FAILURE_CODES[e.reason]));
    }
    if (!reply.ok) throw new ProblemException(reply.problem);
    return reply.value;
  }
}

const FAILURE_CODES = {
  'no-responders': 'SERVICE_UNREACHABLE',
  'no-handler': 'SERVICE_UNREACHABLE',
  disconnected: 'BUS_UNAVAILABLE',
  silent: 'SERVICE_LOST',
  timeout: 'SERVICE_TIMEOUT',
} as const;
