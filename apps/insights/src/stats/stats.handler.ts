import { Controller, Inject } from '@nestjs/common';
import { TokenVerifier } from '@fengqiao/auth';
import { Commands, STATS_ROLES, type Caller } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { StatsService } from './stats.service';

@Controller()
export class StatsHandler implements GuardedHandler {
  constructor(
    @Inject(StatsService) private readonly stats: StatsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.insights.stats, { roles: STATS_ROLES })
  get(caller: Caller, query: unknown) {
    return this.stats.stats(caller, query);
  }
}
