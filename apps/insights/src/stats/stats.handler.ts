import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { TokenVerifier } from '@fengqiao/auth';
import { Commands } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { authenticated } from '@fengqiao/messaging';
import { StatsService } from './stats.service';

@Controller()
export class StatsHandler {
  constructor(
    @Inject(StatsService) private readonly stats: StatsService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.insights.stats)
  get(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.stats.stats(caller, query));
  }
}
