import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { AUTH_HEADER, Commands, fail, problem, REQUEST_ID_HEADER, type Caller, type Reply } from '@fengqiao/contracts';
import { bearerToken, TokenVerifier } from '@fengqiao/auth';
import { JsonLogger, withLogContext } from '@fengqiao/observability';
import { CasesService } from './cases.service';
import { INTAKE_LOGGER } from '../config/intake.config';

/**
 * NATS entry points. Every message must carry the caller's access token; it is verified
 * here again (the gateway already did), so a message forged on the bus is refused.
 */
@Controller()
export class CasesHandler {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.intake.createCase)
  create(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, (caller) => this.cases.register(body, caller));
  }

  @MessagePattern(Commands.intake.getCase)
  get(@Payload() body: { id?: unknown }, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, (caller) => this.cases.get(String(body?.id ?? ''), caller));
  }

  @MessagePattern(Commands.intake.listCases)
  list(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, (caller) => this.cases.list(query, caller));
  }

  @MessagePattern(Commands.intake.unmaskParty)
  unmask(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, (caller) => this.cases.unmaskParty(body, caller, ctx.getHeaders()?.get(REQUEST_ID_HEADER) || undefined));
  }

  @MessagePattern(Commands.intake.listCategories)
  categories(@Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, async () => ({ ok: true as const, value: await this.cases.categories() }));
  }

  private async authenticated<T>(ctx: NatsContext, fn: (caller: Caller) => Promise<Reply<T>>): Promise<Reply<T>> {
    const token = bearerToken(ctx.getHeaders()?.get(AUTH_HEADER));
    let caller: Caller;
    try {
      if (!token) throw new Error('missing token');
      caller = await this.tokens.verify(token);
    } catch {
      return fail(problem('unauthorized', '消息未携带有效令牌 / The message carries no valid token'));
    }
    const requestId = ctx.getHeaders()?.get(REQUEST_ID_HEADER) || undefined;
    return withLogContext({ requestId, user: caller.username }, async () => {
      try {
        return await fn(caller);
      } catch (e) {
        // A fault on our side: logged here in full, answered as a plain 500 problem.
        this.logger.event('command failed', { error: e instanceof Error ? e.message : String(e) }, 'error');
        return fail<T>(problem('internal', '请稍后重试 / Please retry later'));
      }
    });
  }
}
