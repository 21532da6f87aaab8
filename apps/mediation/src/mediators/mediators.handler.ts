import { Controller, Inject } from '@nestjs/common';
import { Commands, MEDIATOR_READER_ROLES, MEDIATOR_WRITER_ROLES, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { MediatorsService } from './mediators.service';
import { MEDIATION_LOGGER } from '../config/mediation.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';

/** NATS entry points for the mediator roster; @Guarded verifies the caller's token and roles. */
@Controller()
export class MediatorsHandler implements GuardedHandler {
  constructor(
    @Inject(MediatorsService) private readonly mediators: MediatorsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(MEDIATION_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.mediation.listMediators, { roles: MEDIATOR_READER_ROLES })
  list(caller: Caller, query: unknown) {
    return this.mediators.list(query, caller);
  }

  @Guarded(Commands.mediation.createMediator, { roles: MEDIATOR_WRITER_ROLES })
  create(caller: Caller, body: unknown) {
    return this.mediators.create(body, caller);
  }
}
