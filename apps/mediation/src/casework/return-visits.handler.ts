import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Commands } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { CaseworkService } from './casework.service';
import { MEDIATION_LOGGER } from '../config/mediation.config';
import { authenticated } from '@fengqiao/messaging';

/** NATS entry point for the return-visit list (回访); verifies the caller's token. */
@Controller()
export class ReturnVisitsHandler {
  constructor(
    @Inject(CaseworkService) private readonly casework: CaseworkService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(MEDIATION_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.mediation.listReturnVisits)
  list(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.casework.listReturnVisits(query, caller));
  }
}
