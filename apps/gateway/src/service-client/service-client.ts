import type { ClientProxy } from '@nestjs/microservices';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { AUTH_HEADER, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER, type Reply } from '@fengqiao/contracts';
import { ProblemException } from '../problems/problem.exception';
import { GatewayFailures } from '../gateway.failures';

/**
 * Request/reply to a service over NATS, forwarding the caller's token. A service that does
 * not answer in time becomes a 503 problem, never a hanging request.
 */
export class ServiceClient {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs: number,
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
    const record = new NatsRecordBuilder(payload ?? {}).setHeaders(h).build();
    let reply: Reply<T>;
    try {
      reply = await firstValueFrom(this.proxy.send<Reply<T>>(pattern, record).pipe(timeout(this.timeoutMs)));
    } catch (e) {
      // The bus or the service is gone (timeout, no responder, connection closed): the request may or
      // may not have been done, and a retry with the same Idempotency-Key settles which — a 503.
      throw new ProblemException(GatewayFailures.problem(e instanceof TimeoutError ? 'SERVICE_TIMEOUT' : 'SERVICE_UNREACHABLE'));
    }
    if (!reply.ok) throw new ProblemException(reply.problem);
    return reply.value;
  }
}
