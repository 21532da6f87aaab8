import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { TokenVerifier } from '@fengqiao/auth';
import { Commands } from '@fengqiao/contracts';
import type { JsonLogger } from '@fengqiao/observability';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { authenticated } from '@fengqiao/messaging';
import { ReportsService } from './reports.service';

@Controller()
export class ReportsHandler {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) private readonly logger: JsonLogger,
  ) {}

  private run<T>(ctx: NatsContext, fn: Parameters<typeof authenticated<T>>[2]) {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, fn);
  }

  @MessagePattern(Commands.insights.triggerMonthlyReport)
  trigger(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return this.run(ctx, (caller) => this.reports.trigger(caller, body));
  }

  @MessagePattern(Commands.insights.listReports)
  list(@Payload() query: unknown, @Ctx() ctx: NatsContext) {
    return this.run(ctx, (caller) => this.reports.list(caller, query));
  }

  @MessagePattern(Commands.insights.getReport)
  get(@Payload() input: unknown, @Ctx() ctx: NatsContext) {
    return this.run(ctx, (caller) => this.reports.get(caller, input));
  }

  @MessagePattern(Commands.insights.getReportFile)
  file(@Payload() input: unknown, @Ctx() ctx: NatsContext) {
    return this.run(ctx, (caller) => this.reports.file(caller, input));
  }
}
