import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, ok, ORG_TREE_WRITER_ROLES, REQUEST_ID_HEADER, type Caller } from '@fengqiao/contracts';
import { CASE_READER_ROLES, TokenVerifier } from '@fengqiao/auth';
import { GRID_CONTACT_REVEALER_ROLES } from '@fengqiao/rules';
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

  /** The map's shapes (insights asks, as the caller): the unit's and its children's boundaries, within the caller's jurisdiction. */
  @Guarded(Commands.intake.orgUnitLayer, { roles: CASE_READER_ROLES })
  layer(caller: Caller, body: unknown) {
    return this.tree.layer(body, caller);
  }

  @Guarded(Commands.intake.unmaskGridWorker, { roles: GRID_CONTACT_REVEALER_ROLES })
  unmaskWorker(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.tree.unmaskWorker(body, caller, ctx.getHeaders()?.get(REQUEST_ID_HEADER) || undefined);
  }

  @Guarded(Commands.intake.loadOrgUnits, { roles: ORG_TREE_WRITER_ROLES })
  load(caller: Caller, body: unknown) {
    return this.tree.load(body, caller);
  }
}
