import { Controller, Inject } from '@nestjs/common';
import { TokenVerifier } from '@fengqiao/auth';
import { Commands, REPORT_READER_ROLES, REPORT_TRIGGER_ROLES, type Caller } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { ReportsService } from './reports.service';

@Controller()
export class ReportsHandler implements GuardedHandler {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.insights.triggerMonthlyReport, { roles: REPORT_TRIGGER_ROLES })
  trigger(caller: Caller, body: unknown) {
    return this.reports.trigger(caller, body);
  }

  @Guarded(Commands.insights.listReports, { roles: REPORT_READER_ROLES })
  list(caller: Caller, query: unknown) {
    return this.reports.list(caller, query);
  }

  @Guarded(Commands.insights.getReport, { roles: REPORT_READER_ROLES })
  get(caller: Caller, input: unknown) {
    return this.reports.get(caller, input);
  }

  @Guarded(Commands.insights.getReportFile, { roles: REPORT_READER_ROLES })
  file(caller: Caller, input: unknown) {
    return this.reports.file(caller, input);
  }
}
