import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Commands, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER, type Caller, type Reply } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { CasesService } from './cases.service';
import { INTAKE_LOGGER } from '../config/intake.config';
import { authenticated } from '@fengqiao/messaging';

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
    return this.authenticated(ctx, (caller) => this.cases.register(body, caller, ctx.getHeaders()?.get(IDEMPOTENCY_KEY_HEADER) || undefined));
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

  private authenticated<T>(ctx: NatsContext, fn: (caller: Caller) => Promise<Reply<T>>): Promise<Reply<T>> {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, fn);
  }
}
