import { hasAnyRole } from '@fengqiao/auth';
import { keyPersonStatsQuerySchema, ok, withoutEmptyParams, zodFieldErrors, type Caller, type KeyPersonStatsView, type Reply } from '@fengqiao/contracts';
import { KEY_PERSON_STATS_ROLES } from '@fengqiao/rules';
import { InsightsFailures } from '../insights.failures';
import type { OrgUnitsRepository } from '../org-units/org-units.repository';
import { keyPersonStatsView, NO_KEY_PERSON_COUNTS } from './key-person-figures';
import type { KeyPersonStatsRepository } from './key-person-stats.repository';

/** `GET /api/v1/key-persons/stats`: the query checked, the caller's jurisdiction checked, counts only. */
export class KeyPersonStatsService {
  constructor(
    private readonly units: OrgUnitsRepository,
    private readonly repo: KeyPersonStatsRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async stats(caller: Caller, input: unknown): Promise<Reply<KeyPersonStatsView>> {
    if (!hasAnyRole(caller, KEY_PERSON_STATS_ROLES)) return InsightsFailures.fail('STATS_FORBIDDEN');
    const parsed = keyPersonStatsQuerySchema.safeParse(withoutEmptyParams(input));
    if (!parsed.success) return InsightsFailures.fail('STATS_QUERY_INVALID', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const scoped = await this.units.readScope(caller, q.orgUnit);
    if (!scoped.ok) return scoped;
    const { orgUnit, path } = scoped.value;
    // A unit no event has named: nothing has happened there yet (only ever the caller's own).
    if (!path) return ok(keyPersonStatsView(orgUnit!, NO_KEY_PERSON_COUNTS));
    const now = this.now();
    const end = q.to === undefined ? now : Math.min(q.to, now);
    const counts = await this.repo.counts({ pathPrefix: path, orgUnit: orgUnit ?? '', from: q.from, to: q.to, end });
    return ok(keyPersonStatsView(orgUnit ?? '', counts));
  }
}
