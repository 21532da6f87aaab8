import { Controller, Inject } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Commands, IDEMPOTENCY_KEY_HEADER, type Caller } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { FIELD_REPORT_HANDLER_ROLES, FIELD_REPORT_READER_ROLES, FIELD_REPORTER_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { INTAKE_LOGGER } from '../config/intake.config';
import { FieldReportsService } from './field-reports.service';

/** NATS entry points of field reports (随手拍); @Guarded verifies the caller's token and roles. Actions take `{ id, input }`. */
@Controller()
export class FieldReportsHandler implements GuardedHandler {
  constructor(
    @Inject(FieldReportsService) private readonly reports: FieldReportsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.createFieldReport, { roles: FIELD_REPORTER_ROLES })
  create(caller: Caller, body: unknown, ctx: NatsContext) {
    return this.reports.create(body, caller, ctx.getHeaders()?.get(IDEMPOTENCY_KEY_HEADER) || undefined);
  }

  @Guarded(Commands.intake.listFieldReports, { roles: FIELD_REPORT_READER_ROLES })
  list(caller: Caller, query: unknown) {
    return this.reports.list(query, caller);
  }

  @Guarded(Commands.intake.getFieldReport, { roles: FIELD_REPORT_READER_ROLES })
  get(caller: Caller, body: unknown) {
    return this.reports.get(body, caller);
  }

  @Guarded(Commands.intake.settleFieldReport, { roles: FIELD_REPORT_HANDLER_ROLES })
  settle(caller: Caller, body: unknown) {
    return this.reports.settle(body, caller);
  }

  @Guarded(Commands.intake.sendFieldReport, { roles: FIELD_REPORT_HANDLER_ROLES })
  send(caller: Caller, body: unknown) {
    return this.reports.send(body, caller);
  }

  @Guarded(Commands.intake.rejectFieldReport, { roles: FIELD_REPORT_HANDLER_ROLES })
  reject(caller: Caller, body: unknown) {
    return this.reports.reject(body, caller);
  }
}
