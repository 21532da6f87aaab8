import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, IDEMPOTENCY_KEY_HEADER, SUPERVISION_ROLES, type Caller } from '@fengqiao/contracts';
import { TokenVerifier, type Role } from '@fengqiao/auth';
import { actionRoles, JUDICIAL_CONFIRMATION_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { CaseActionsService } from './case-actions.service';
import { SupervisionService } from '../supervision/supervision.service';
import { INTAKE_LOGGER } from '../config/intake.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';

/** Whoever may take some action of some kind (the gateway's set); the service checks the action's own roles next. */
const ACTORS = actionRoles() as Role[];

/** NATS entry points of case processes: actions, the court's answer, supervision items. */
@Controller()
export class CaseActionsHandler implements GuardedHandler {
  constructor(
    @Inject(CaseActionsService) private readonly actions: CaseActionsService,
    @Inject(SupervisionService) private readonly supervision: SupervisionService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.act, { roles: ACTORS })
  act(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.actions.act(body, caller, ctx.getHeaders()?.get(IDEMPOTENCY_KEY_HEADER) || undefined);
  }

  @Guarded(Commands.intake.recordJudicialConfirmation, { roles: JUDICIAL_CONFIRMATION_ROLES })
  judicialConfirmation(caller: Caller, body: unknown) {
    return this.actions.recordJudicialConfirmation(body, caller);
  }

  @Guarded(Commands.intake.listSupervision, { roles: SUPERVISION_ROLES })
  listSupervision(caller: Caller, query: unknown) {
    return this.supervision.list(query, caller);
  }
}
