import { Controller, Inject } from '@nestjs/common';
import { Commands, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { LEGAL_AID_REFERRER_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { ReferralsService } from './referrals.service';

/** Referrals to legal aid over NATS; @Guarded verifies the forwarded token and the roles. */
@Controller()
export class ReferralsHandler implements GuardedHandler {
  constructor(
    @Inject(ReferralsService) private readonly referrals: ReferralsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.referToLegalAid, { roles: LEGAL_AID_REFERRER_ROLES })
  refer(caller: Caller, body: { caseId?: unknown; referral?: unknown } | undefined) {
    return this.referrals.referToLegalAid(String(body?.caseId ?? ''), body?.referral, caller);
  }
}
