import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Commands } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { MediatorsService } from './mediators.service';
import { MEDIATION_LOGGER } from '../config/mediation.config';
import { authenticated } from '@fengqiao/messaging';

/** NATS entry points for the mediator roster; each verifies the caller's token. */
@Controller()
export class MediatorsHandler {
  constructor(
    @Inject(MediatorsService) private readonly mediators: MediatorsService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(MEDIATION_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.mediation.listMediators)
  list(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.mediators.list(query, caller));
  }

  @MessagePattern(Commands.mediation.createMediator)
  create(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.mediators.create(body, caller));
  }
}
