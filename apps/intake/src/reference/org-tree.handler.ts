import { Controller, Inject } from '@nestjs/common';
import { Commands, ok, ORG_TREE_WRITER_ROLES, type Caller } from '@fengqiao/contracts';
import { CASE_READER_ROLES, TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { OrgTreeService } from './org-tree.service';

/** NATS entry points for the org tree; @Guarded verifies the caller's token and roles. */
@Controller()
export class OrgTreeHandler implements GuardedHandler {
  constructor(
    @Inject(OrgTreeService) private readonly tree: OrgTreeService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.listOrgUnits, { roles: CASE_READER_ROLES })
  async list() {
    return ok(await this.tree.list());
  }

  @Guarded(Commands.intake.getOrgUnit, { roles: CASE_READER_ROLES })
  get(caller: Caller, body: unknown) {
    return this.tree.get(body, caller);
  }

  @Guarded(Commands.intake.loadOrgUnits, { roles: ORG_TREE_WRITER_ROLES })
  load(caller: Caller, body: unknown) {
    return this.tree.load(body, caller);
  }
}
