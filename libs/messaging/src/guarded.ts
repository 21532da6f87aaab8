import 'reflect-metadata';
import { Ctx, EventPattern, MessagePattern, Payload, type NatsContext } from '@nestjs/microservices';
import { PARAM_ARGS_METADATA } from '@nestjs/microservices/constants';
import { AUTH_HEADER, fail, problem, REQUEST_ID_HEADER, type Caller, type Reply } from '@fengqiao/contracts';
import { bearerToken, hasAnyRole, Roles, type Role, type TokenVerifier } from '@fengqiao/auth';
import { withLogContext, type JsonLogger } from '@fengqiao/observability';
import { isPassingOutage } from './passing-outage';
import { ServiceFailures } from './messaging.failures';

/** Declares a handler open to every caller with a valid token, whatever their roles: a choice, never a default. */
export const ANY_AUTHENTICATED = 'any-authenticated';

export type HandlerRoles = readonly Role[] | typeof ANY_AUTHENTICATED;

export interface GuardedOptions {
  /** The roles the gateway route in front of the handler allows, checked here again. */
  roles: HandlerRoles;
}

/**
 * What a guarded handler's instance must offer (public, so the decorator's type check sees it):
 * the service's token verifier and logger, both already injected into every handler.
 */
export interface GuardedHandler {
  readonly tokens: Pick<TokenVerifier, 'verify'>;
  readonly logger: Pick<JsonLogger, 'event'>;
}

/**
 * A guarded method: the verified caller first, then the message's data (whatever type the method
 * declares; it is not validated here) and its NATS context. Trailing parameters may be left out.
 */
export type GuardedMethod = (caller: Caller, payload: never, ctx: NatsContext) => Promise<Reply<unknown>>;

/** Metadata on the registered entry point: the roles it admits (an array, or ANY_AUTHENTICATED). */
export const GUARDED_ROLES_KEY = 'fq:nats-roles';
/** Metadata on an event handler marked as a system handler (no user token to verify). */
export const SYSTEM_EVENT_KEY = 'fq:nats-system-event';

const KNOWN_ROLES = new Set<string>(Object.values(Roles));

/** Fails at class definition (service start, unit tests) rather than at the first message. */
function checkedRoles(pattern: string, options: GuardedOptions | undefined): HandlerRoles {
  const roles = options?.roles as unknown;
  if (roles === ANY_AUTHENTICATED) return ANY_AUTHENTICATED;
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new Error(`@Guarded(${pattern}) declares no roles: list them, or say '${ANY_AUTHENTICATED}'`);
  }
  const unknown = roles.filter((r) => !KNOWN_ROLES.has(String(r)));
  if (unknown.length) throw new Error(`@Guarded(${pattern}) names unknown roles: ${unknown.join(', ')}`);
  return Object.freeze([...(roles as Role[])]);
}

/**
 * The one place a NATS message's caller is established: the forwarded access token is verified
 * again (the gateway already did), so a message forged on the bus is refused (401); the caller
 * must hold one of the declared roles (403); a fault on our side is logged in full and answered
 * as a plain 500 problem, never a stack trace (503 when PostgreSQL or Temporal is away for a moment).
 */
async function guard<T>(
  deps: GuardedHandler,
  pattern: string,
  roles: HandlerRoles,
  ctx: NatsContext | undefined,
  fn: (caller: Caller) => Promise<Reply<T>>,
): Promise<Reply<T>> {
  // Outside the try: a handler wired without its verifier is a bug to surface, not a 401.
  const verify = deps.tokens.verify.bind(deps.tokens);
  const headers = ctx?.getHeaders() as { get(name: string): string } | undefined;
  const token = bearerToken(headers?.get(AUTH_HEADER));
  let caller: Caller;
  try {
    if (!token) throw new Error('missing token');
    caller = await verify(token);
  } catch {
    return fail(problem('unauthorized', '消息未携带有效令牌 / The message carries no valid token'));
  }
  const requestId = headers?.get(REQUEST_ID_HEADER) || undefined;
  return withLogContext({ requestId, user: caller.username }, async () => {
    if (roles !== ANY_AUTHENTICATED && !hasAnyRole(caller, roles)) {
      // The gateway admits the same roles, so this is a message that bypassed it.
      deps.logger.event('command refused: role', { pattern, roles: caller.roles.join(',') }, 'warn');
      return fail<T>(problem('forbidden', '当前角色无权执行此操作 / Your role may not do this'));
    }
    try {
      return await fn(caller);
    } catch (e) {
      // PostgreSQL or Temporal away for a moment is no bug of ours: 503, and the retry with the same key settles it.
      const outage = isPassingOutage(e);
      deps.logger.event(
        outage ? 'command failed: dependency unavailable' : 'command failed',
        { error: e instanceof Error ? e.message : String(e) },
        outage ? 'warn' : 'error',
      );
      return outage ? ServiceFailures.fail('DEPENDENCY_UNAVAILABLE') : ServiceFailures.fail('INTERNAL');
    }
  });
}

/**
 * `@MessagePattern(pattern)` with the caller's token and roles checked first. The method is called
 * as `(caller, payload, ctx)` and takes no parameter decorators (`@Payload`, `@Ctx`): the decorator
 * declares the entry point's own (data, context) and hands both on after the caller.
 * The class must expose `tokens` and `logger` (GuardedHandler); the compiler checks that.
 */
export function Guarded(pattern: string, options: GuardedOptions) {
  const roles = checkedRoles(pattern, options);
  return <M extends GuardedMethod>(target: GuardedHandler, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    const method = descriptor.value;
    if (typeof method !== 'function') throw new Error(`@Guarded(${pattern}) applies to methods only`);
    if (Reflect.getMetadata(PARAM_ARGS_METADATA, target.constructor, key)) {
      throw new Error(`@Guarded(${pattern}) on ${String(key)}: drop @Payload/@Ctx, the method receives (caller, payload, ctx)`);
    }
    const entry = async function (this: GuardedHandler, payload: unknown, ctx: NatsContext): Promise<Reply<unknown>> {
      return guard(this, pattern, roles, ctx, (caller) => method.call(this, caller, payload as never, ctx));
    };
    Object.defineProperty(entry, 'name', { value: String(key) });
    Reflect.defineMetadata(GUARDED_ROLES_KEY, roles, entry);
    descriptor.value = entry as unknown as M;
    MessagePattern(pattern)(target, key, descriptor as TypedPropertyDescriptor<unknown>);
    // Nest passes only the data unless told otherwise; the entry point takes (data, context).
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
  };
}

/**
 * `@EventPattern(pattern)` for events relayed from JetStream: they carry no user token, so the
 * handler acts as the system. The explicit name is what the workspace check accepts.
 */
export function SystemEvent(pattern: string): MethodDecorator {
  return (target, key, descriptor) => {
    if (typeof descriptor.value !== 'function') throw new Error(`@SystemEvent(${pattern}) applies to methods only`);
    Reflect.defineMetadata(SYSTEM_EVENT_KEY, true, descriptor.value);
    EventPattern(pattern)(target, key, descriptor);
  };
}

/** The roles a registered entry point admits, or undefined when it was not declared with @Guarded. */
export function guardedRoles(handler: unknown): HandlerRoles | undefined {
  return typeof handler === 'function' ? (Reflect.getMetadata(GUARDED_ROLES_KEY, handler) as HandlerRoles | undefined) : undefined;
}
