import type { NatsContext } from '@nestjs/microservices';
import { AUTH_HEADER, fail, problem, REQUEST_ID_HEADER, type Caller, type Reply } from '@fengqiao/contracts';
import { bearerToken, type TokenVerifier } from '@fengqiao/auth';
import { withLogContext, type JsonLogger } from '@fengqiao/observability';

/**
 * Every NATS handler's entry: the caller's access token is verified here again (the gateway
 * already did), so a message forged on the bus is refused; a fault on our side is logged in
 * full and answered as a plain 500 problem, never a stack trace.
 */
export async function authenticated<T>(
  deps: { tokens: TokenVerifier; logger: JsonLogger },
  ctx: NatsContext,
  fn: (caller: Caller) => Promise<Reply<T>>,
): Promise<Reply<T>> {
  const token = bearerToken(ctx.getHeaders()?.get(AUTH_HEADER));
  let caller: Caller;
  try {
    if (!token) throw new Error('missing token');
    caller = await deps.tokens.verify(token);
  } catch {
    return fail(problem('unauthorized', '消息未携带有效令牌 / The message carries no valid token'));
  }
  const requestId = ctx.getHeaders()?.get(REQUEST_ID_HEADER) || undefined;
  return withLogContext({ requestId, user: caller.username }, async () => {
    try {
      return await fn(caller);
    } catch (e) {
      deps.logger.event('command failed', { error: e instanceof Error ? e.message : String(e) }, 'error');
      return fail<T>(problem('internal', '请稍后重试 / Please retry later'));
    }
  });
}
