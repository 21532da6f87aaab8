import { Controller, Inject } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { Commands, fail, ok, problem, type Caller, type Reply, type RoutingRulesVersion } from '@fengqiao/contracts';
import { TokenVerifier } from '@fengqiao/auth';
import { JsonLogger } from '@fengqiao/observability';
import { INTAKE_LOGGER } from '../config/intake.config';
import { authenticated } from '@fengqiao/messaging';
import { HolidayNoticesService } from './holiday-notices.service';
import { RoutingRulesService, type RoutingRulesSummary } from './routing-rules.service';

/** `{ version }` as a number or a numeric string (a query parameter passed on); absent → the current version. */
export function parseVersionQuery(payload: unknown): { ok: true; history: boolean; version?: number } | { ok: false; message: string } {
  const p = (payload ?? {}) as { version?: unknown; history?: unknown };
  const history = p.history === true || p.history === 'true';
  if (p.version === undefined || p.version === null || p.version === '') return { ok: true, history };
  const version = typeof p.version === 'number' ? p.version : typeof p.version === 'string' && /^\d{1,9}$/.test(p.version) ? Number(p.version) : NaN;
  if (!Number.isSafeInteger(version) || version < 1) return { ok: false, message: '版本号应为正整数 / version must be a positive integer' };
  return { ok: true, history, version };
}

/** NATS entry points for routing rules and holiday notices; each verifies the caller's token. */
@Controller()
export class RoutingHandler {
  constructor(
    @Inject(RoutingRulesService) private readonly rules: RoutingRulesService,
    @Inject(HolidayNoticesService) private readonly holidays: HolidayNoticesService,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) private readonly logger: JsonLogger,
  ) {}

  @MessagePattern(Commands.intake.getRoutingRules)
  get(@Payload() payload: unknown, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, async (): Promise<Reply<RoutingRulesVersion | RoutingRulesSummary[]>> => {
      const q = parseVersionQuery(payload);
      if (!q.ok) return fail(problem('validation', '查询参数有误 / Invalid query', [{ path: 'version', message: q.message }]));
      if (q.history) return ok(await this.rules.history());
      if (q.version === undefined) return ok(await this.rules.current());
      const found = await this.rules.version(q.version);
      return found ? ok(found) : fail(problem('notFound', `路由规则版本 ${q.version} 不存在 / Routing rules version ${q.version} not found`));
    });
  }

  @MessagePattern(Commands.intake.publishRoutingRules)
  publish(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, (caller) => this.rules.publish(body, caller));
  }

  @MessagePattern(Commands.intake.listHolidayNotices)
  listHolidays(@Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, async () => ok(await this.holidays.list()));
  }

  @MessagePattern(Commands.intake.loadHolidayNotice)
  loadHoliday(@Payload() body: unknown, @Ctx() ctx: NatsContext) {
    return this.authenticated(ctx, (caller) => this.holidays.load(body, caller));
  }

  private authenticated<T>(ctx: NatsContext, fn: (caller: Caller) => Promise<Reply<T>>): Promise<Reply<T>> {
    return authenticated({ tokens: this.tokens, logger: this.logger }, ctx, fn);
  }
}
