import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Commands, IDEMPOTENCY_KEY_HEADER } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { CaseActionsService } from './case-actions.service';
import { SupervisionService } from '../supervision/supervision.service';
import { INTAKE_LOGGER } from '../config/intake.config';
import { authenticated } from '@fengqiao/messaging';

/** NATS entry points of the dispute path: actions, the court's answer, supervision items. */
@Controller()
export class CaseActionsHandler {
  constructor(
    @Inject(CaseActionsService) private readonly actions: CaseActionsService,
    @Inject(SupervisionService) private readonly supervision: SupervisionService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.intake.act)
  act(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.actions.act(body, caller, ctx.getHeaders()?.get(IDEMPOTENCY_KEY_HEADER) || undefined));
  }

  @MessagePattern(Commands.intake.recordJudicialConfirmation)
  judicialConfirmation(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.actions.recordJudicialConfirmation(body, caller));
  }

  @MessagePattern(Commands.intake.listSupervision)
  listSupervision(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.supervision.list(query, caller));
  }
}
