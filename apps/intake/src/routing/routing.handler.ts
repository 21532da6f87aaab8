import { Controller, Inject } from '@nestjs/common';
import { Commands, ok, type Caller, type Reply, type RoutingRulesVersion } from '@fengqiao/contracts';
import { CASE_READER_ROLES, STAFF_ROLES, TokenVerifier } from '@fengqiao/auth';
import { REFERENCE_DATA_WRITER_ROLES } from '@fengqiao/rules';
import { JsonLogger } from '@fengqiao/observability';
import { INTAKE_LOGGER } from '../config/intake.config';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import { HolidayNoticesService } from './holiday-notices.service';
import { RoutingRulesService, type RoutingRulesSummary } from './routing-rules.service';
import { CategoriesService } from './categories.service';
import { RoutingFailures } from './routing.failures';

/** `{ version }` as a number or a numeric string (a query parameter passed on); absent → the current version. */
export function parseVersionQuery(payload: unknown): { ok: true; history: boolean; version?: number } | { ok: false; message: string } {
  const p = (payload ?? {}) as { version?: unknown; history?: unknown };
  const history = p.history === true || p.history === 'true';
  if (p.version === undefined || p.version === null || p.version === '') return { ok: true, history };
  const version = typeof p.version === 'number' ? p.version : typeof p.version === 'string' && /^\d{1,9}$/.test(p.version) ? Number(p.version) : NaN;
  if (!Number.isSafeInteger(version) || version < 1) return { ok: false, message: '版本号应为正整数 / version must be a positive integer' };
  return { ok: true, history, version };
}

/** NATS entry points for routing rules, categories and holiday notices; @Guarded verifies the caller's token and roles. */
@Controller()
export class RoutingHandler implements GuardedHandler {
  constructor(
    @Inject(RoutingRulesService) private readonly rules: RoutingRulesService,
    @Inject(HolidayNoticesService) private readonly holidays: HolidayNoticesService,
    @Inject(CategoriesService) private readonly categories: CategoriesService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INTAKE_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.intake.getRoutingRules, { roles: STAFF_ROLES })
  async get(_caller: Caller, payload: unknown): Promise<Reply<RoutingRulesVersion | RoutingRulesSummary[]>> {
    const q = parseVersionQuery(payload);
    if (!q.ok) return RoutingFailures.fail('INVALID_QUERY', [{ path: 'version', message: q.message }]);
    if (q.history) return ok(await this.rules.history());
    if (q.version === undefined) return ok(await this.rules.current());
    const found = await this.rules.version(q.version);
    return found ? ok(found) : RoutingFailures.fail('ROUTING_RULES_VERSION_NOT_FOUND', { version: q.version });
  }

  @Guarded(Commands.intake.publishRoutingRules, { roles: REFERENCE_DATA_WRITER_ROLES })
  publish(caller: Caller, body: unknown) {
    return this.rules.publish(body, caller);
  }

  @Guarded(Commands.intake.loadCategories, { roles: REFERENCE_DATA_WRITER_ROLES })
  loadCategories(caller: Caller, body: unknown) {
    return this.categories.load(body, caller);
  }

  @Guarded(Commands.intake.listHolidayNotices, { roles: CASE_READER_ROLES })
  async listHolidays() {
    return ok(await this.holidays.list());
  }

  @Guarded(Commands.intake.loadHolidayNotice, { roles: REFERENCE_DATA_WRITER_ROLES })
  loadHoliday(caller: Caller, body: unknown) {
    return this.holidays.load(body, caller);
  }
}
