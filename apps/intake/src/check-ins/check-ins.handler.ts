import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { CHECK_IN_ROLES, CHECK_IN_ROLL_CALL_READER_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { CheckInsService } from './check-ins.service';

/** NATS entry points of the daily check-in; @Guarded verifies the caller's token and roles. */
@Controller()
export class CheckInsHandler implements GuardedHandler {
  constructor(
    @Inject(CheckInsService) private readonly checkIns: CheckInsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.checkIn, { roles: CHECK_IN_ROLES })
  checkIn(caller: Caller, body: unknown) {
    return this.checkIns.checkIn(body, caller);
  }

  @Guarded(Commands.intake.myCheckIn, { roles: CHECK_IN_ROLES })
  mine(caller: Caller, query: unknown) {
    return this.checkIns.myCheckIn(query, caller);
  }

  @Guarded(Commands.intake.listRollCalls, { roles: CHECK_IN_ROLL_CALL_READER_ROLES })
  rollCalls(caller: Caller, query: unknown) {
    return this.checkIns.listRollCalls(query, caller);
  }
}
