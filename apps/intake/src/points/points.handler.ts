import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { POINTS_ADJUSTER_ROLES, POINTS_EARNER_ROLES, POINTS_READER_ROLES, POINTS_REDEEMER_ROLES, POINTS_RULES_PUBLISHER_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { PointsService } from './points.service';
import { PointsRulesService } from './points-rules.service';

const header = (ctx: NatsContext | undefined, name: string) => ctx?.getHeaders()?.get(name) || undefined;

/** NATS entry points of participation points (积分); @Guarded verifies the caller's token and roles. */
@Controller()
export class PointsHandler implements GuardedHandler {
  constructor(
    @Inject(PointsService) private readonly points: PointsService,
    @Inject(PointsRulesService) private readonly rules: PointsRulesService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.myPoints, { roles: POINTS_EARNER_ROLES })
  mine(caller: Caller) {
    return this.points.mine(caller);
  }

  @Guarded(Commands.intake.listPointsAccounts, { roles: POINTS_READER_ROLES })
  accounts(caller: Caller, query: unknown) {
    return this.points.listAccounts(query, caller);
  }

  @Guarded(Commands.intake.getPointsLedger, { roles: POINTS_READER_ROLES })
  ledger(caller: Caller, body: unknown) {
    return this.points.ledger(body, caller);
  }

  @Guarded(Commands.intake.redeemPoints, { roles: POINTS_REDEEMER_ROLES })
  redeem(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.points.redeem(body, caller, header(ctx, IDEMPOTENCY_KEY_HEADER), header(ctx, REQUEST_ID_HEADER));
  }

  @Guarded(Commands.intake.adjustPoints, { roles: POINTS_ADJUSTER_ROLES })
  adjust(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.points.adjust(body, caller, header(ctx, IDEMPOTENCY_KEY_HEADER), header(ctx, REQUEST_ID_HEADER));
  }

  @Guarded(Commands.intake.getPointsRules, { roles: POINTS_READER_ROLES })
  getRules(_caller: Caller, query: unknown) {
    return this.rules.get(query);
  }

  @Guarded(Commands.intake.publishPointsRules, { roles: POINTS_RULES_PUBLISHER_ROLES })
  publishRules(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.rules.publish(body, caller, header(ctx, REQUEST_ID_HEADER));
  }
}
