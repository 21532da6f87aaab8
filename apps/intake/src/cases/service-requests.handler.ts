import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { OPEN311_PUBLIC_READER_ROLES, OPEN311_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { ServiceRequestsService } from './service-requests.service';

/**
 * Cases without personal data for integrators' service accounts (Open311; jurisdiction applies as for
 * every read), and Open311's narrower public view for the gateway's public reader.
 */
@Controller()
export class ServiceRequestsHandler implements GuardedHandler {
  constructor(
    @Inject(ServiceRequestsService) private readonly requests: ServiceRequestsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.listServiceRequests, { roles: [...OPEN311_ROLES, ...OPEN311_PUBLIC_READER_ROLES] })
  list(caller: Caller, body: unknown) {
    return this.requests.list(body, caller);
  }
}
