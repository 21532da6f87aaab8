import { Controller, Inject } from '@nestjs/common';
import { Commands, RETURN_VISIT_READER_ROLES, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { CaseworkService } from './casework.service';
import { MEDIATION_LOGGER } from '../config/mediation.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';

/** NATS entry point for the return-visit list (回访); @Guarded verifies the caller's token and roles. */
@Controller()
export class ReturnVisitsHandler implements GuardedHandler {
  constructor(
    @Inject(CaseworkService) private readonly casework: CaseworkService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(MEDIATION_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.mediation.listReturnVisits, { roles: RETURN_VISIT_READER_ROLES })
  list(caller: Caller, query: unknown) {
    return this.casework.listReturnVisits(query, caller);
  }
}
