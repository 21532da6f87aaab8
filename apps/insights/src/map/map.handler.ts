import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { TokenVerifier } from '@fengqiao/auth';
import { AUTH_HEADER, Commands, MAP_ROLES, type Caller } from '@fengqiao/contracts';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { MapService } from './map.service';

@Controller()
export class MapHandler implements GuardedHandler {
  constructor(
    @Inject(MapService) private readonly maps: MapService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  /** The caller's token goes on to intake, which answers the shapes within the caller's jurisdiction. */
  @Guarded(Commands.insights.map, { roles: MAP_ROLES })
  get(caller: Caller, query: unknown, ctx: NatsContext) {
    const h = ctx?.getHeaders() as { get(name: string): string } | undefined;
    return this.maps.map(caller, query, h?.get(AUTH_HEADER) || undefined);
  }
}
