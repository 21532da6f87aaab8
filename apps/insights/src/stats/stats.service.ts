import { hasAnyRole } from '@fengqiao/auth';
import { InsightsFailures } from '../insights.failures';
import { ok, STATS_ROLES, statsQuerySchema, withoutEmptyParams, zodFieldErrors, type Caller, type Reply, type StatsView } from '@fengqiao/contracts';
import type { OrgUnitsRepository } from '../org-units/org-units.repository';
import { statsFromTotals, ZERO_TOTALS } from './stats-metrics';
import type { StatsRepository } from './stats.repository';

/** `GET /api/v1/stats`: the query checked, the caller's jurisdiction checked, the rollups summed. */
export class StatsService {
  constructor(
    private readonly units: OrgUnitsRepository,
    private readonly repo: StatsRepository,
  ) {}

  async stats(caller: Caller, input: unknown): Promise<Reply<StatsView>> {
    if (!hasAnyRole(caller, STATS_ROLES)) return InsightsFailures.fail('STATS_FORBIDDEN');
    // `?orgUnit=` means "not given" (the caller's unit), as a form would send it.
    const given = withoutEmptyParams(input);
    const parsed = statsQuerySchema.safeParse(given);
    if (!parsed.success) return InsightsFailures.fail('STATS_QUERY_INVALID', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const scoped = await this.units.readScope(caller, q.orgUnit);
    if (!scoped.ok) return scoped;
    const { path } = scoped.value;
    if (!path) return ok(statsFromTotals(ZERO_TOTALS, q.kind));
    const totals = await this.repo.totals({ pathPrefix: path, kind: q.kind, from: q.from, to: q.to });
    return ok(statsFromTotals(totals, q.kind));
  }
}
