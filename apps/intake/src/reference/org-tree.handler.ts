import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Commands, ok } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { authenticated } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { OrgTreeService } from './org-tree.service';

/** NATS entry points for the org tree; each verifies the caller's token. */
@Controller()
export class OrgTreeHandler {
  constructor(
    @Inject(OrgTreeService) private readonly tree: OrgTreeService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.intake.listOrgUnits)
  list(@Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, async () => ok(await this.tree.list()));
  }

  @MessagePattern(Commands.intake.loadOrgUnits)
  load(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, (caller) => this.tree.load(body, caller));
  }
}
