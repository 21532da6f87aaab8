import type { ClientProxy } from '@nestjs/microservices';
import { NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { AUTH_HEADER, problem, REQUEST_ID_HEADER, type Reply } from '@fengqiao/contracts';
import { ProblemException } from '../problems/problem.exception';

/**
 * Request/reply to a service over NATS, forwarding the caller's token. A service that does
 * not answer in time becomes a 503 problem, never a hanging request.
 */
export class ServiceClient {
  constructor(private readonly proxy: ClientProxy, private readonly timeoutMs: number) {}

  async request<T>(pattern: string, payload: unknown, token: string, requestId: string): Promise<T> {
    const h = natsHeaders();
    h.set(AUTH_HEADER, `Bearer ${token}`);
    h.set(REQUEST_ID_HEADER, requestId);
    const record = new NatsRecordBuilder(payload ?? {}).setHeaders(h).build();
    let reply: Reply<T>;
    try {
      reply = await firstValueFrom(this.proxy.send<Reply<T>>(pattern, record).pipe(timeout(this.timeoutMs)));
    } catch (e) {
      if (e instanceof TimeoutError || /no subscribers|empty response/i.test(String(e))) {
        throw new ProblemException(problem('unavailable', '后端服务暂时无响应 / The service did not answer in time'));
      }
      throw new ProblemException(problem('internal', '请稍后重试 / Please retry later'));
    }
    if (!reply.ok) throw new ProblemException(reply.problem);
    return reply.value;
  }
}
