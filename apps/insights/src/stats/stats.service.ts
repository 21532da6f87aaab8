import { hasAnyRole } from '@fengqiao/auth';
import { reachOf, ROOT_PATH } from '@fengqiao/rules';
import { fail, ok, problem, STATS_ROLES, statsQuerySchema, withoutEmptyParams, zodFieldErrors, type Caller, type Reply, type StatsView } from '@fengqiao/contracts';
import type { OrgUnitsRepository } from '../org-units/org-units.repository';
import { statsFromTotals, ZERO_TOTALS } from './stats-metrics';
import type { StatsRepository } from './stats.repository';

/** `GET /api/v1/stats`: the query checked, the caller's jurisdiction checked, the rollups summed. */
export class StatsService {
  constructor(private readonly units: OrgUnitsRepository, private readonly repo: StatsRepository) {}

  async stats(caller: Caller, input: unknown): Promise<Reply<StatsView>> {
    if (!hasAnyRole(caller, STATS_ROLES)) return fail(problem('forbidden', '当前角色无权查看统计 / Your role may not read statistics'));
    // `?orgUnit=` means "not given" (the caller's unit), as a form would send it.
    const given = withoutEmptyParams(input);
    const parsed = statsQuerySchema.safeParse(given);
    if (!parsed.success) return fail(problem('validation', '统计查询参数有误 / The statistics query is not valid', zodFieldErrors(parsed.error)));
    const q = parsed.data;
    const orgUnit = q.orgUnit ?? caller.orgUnit ?? undefined;
    if (!orgUnit && reachOf(caller).kind !== 'everywhere') return fail(problem('forbidden', '账号未关联单位 / Your account belongs to no org unit'));
    const scoped = orgUnit ? await this.units.pathInJurisdiction(caller, orgUnit) : ok(ROOT_PATH);
    if (!scoped.ok) return scoped;
    const path = scoped.value;
    if (!path) return ok(statsFromTotals(ZERO_TOTALS));
    const totals = await this.repo.totals({ pathPrefix: path, kind: q.kind, from: q.from, to: q.to });
    return ok(statsFromTotals(totals));
  }
}
