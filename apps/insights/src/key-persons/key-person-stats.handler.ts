import { Controller, Inject } from '@nestjs/common';
import { TokenVerifier } from '@fengqiao/auth';
import { Commands, type Caller } from '@fengqiao/contracts';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import { KEY_PERSON_STATS_ROLES } from '@fengqiao/rules';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { KeyPersonStatsService } from './key-person-stats.service';

@Controller()
export class KeyPersonStatsHandler implements GuardedHandler {
  constructor(
    @Inject(KeyPersonStatsService) private readonly stats: KeyPersonStatsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.insights.keyPersonStats, { roles: KEY_PERSON_STATS_ROLES })
  get(caller: Caller, query: unknown) {
    return this.stats.stats(caller, query);
  }
}
