import { hasAnyRole } from '@fengqiao/auth';
import {
  BOARD_ROLES,
  boardQuerySchema,
  ok,
  withoutEmptyParams,
  zodFieldErrors,
  type BoardUnitView,
  type BoardView,
  type GridActivityView,
  type Caller,
  type Reply,
  type WarningColour,
} from '@fengqiao/contracts';
import type { OrgUnitsRepository } from '../org-units/org-units.repository';
import { cardOf, legalAidTile, NO_COUNTS, NO_LEGAL_AID_COUNTS, pathCodes, subtreeTotals, type BoardRules, type UnitCounts } from './board-card.policy';
import { chinaDay } from '../projection/case-facts';
import type { BoardRepository } from './board.repository';
import { InsightsFailures } from '../insights.failures';
import { KEY_PERSON_STATS_ROLES } from '@fengqiao/rules';
import { keyPersonStatsView, keyPersonsTile, NO_KEY_PERSON_COUNTS } from '../key-persons/key-person-figures';
import type { KeyPersonStatsRepository } from '../key-persons/key-person-stats.repository';

const DAY_MS = 86_400_000;

/** The public case list query behind one count (the same subtree, the same selection). */
export function drillDown(orgUnit: string, complaintsFrom: Date): BoardUnitView['cases'] {
  const list = (q: Record<string, string>) => `/api/v1/cases?${new URLSearchParams({ orgUnit, ...q })}`;
  const open = (warning: WarningColour) => list({ open: 'true', warning });
  return {
    green: open('green'),
    yellow: open('yellow'),
    red: open('red'),
    complaints: list({ kind: 'complaint', registeredFrom: complaintsFrom.toISOString() }),
  };
}

/** `GET /api/v1/board`: the caller's jurisdiction checked, then every known unit of the subtree with its card. */
export class BoardService {
  constructor(
    private readonly units: OrgUnitsRepository,
    private readonly repo: BoardRepository,
    private readonly rules: BoardRules,
    private readonly now: () => Date = () => new Date(),
    private readonly keyPersons?: KeyPersonStatsRepository,
    /** Grid workers' activity of a unit's subtree from a China day on (grid-activity/grid-activity.ts). */
    private readonly gridActivity?: (orgUnit: string, fromDay: string) => Promise<GridActivityView>,
  ) {}

  async board(caller: Caller, input: unknown): Promise<Reply<BoardView>> {
    if (!hasAnyRole(caller, BOARD_ROLES)) return InsightsFailures.fail('BOARD_FORBIDDEN');
    const given = withoutEmptyParams(input);
    const parsed = boardQuerySchema.safeParse(given);
    if (!parsed.success) return InsightsFailures.fail('BOARD_QUERY_INVALID', zodFieldErrors(parsed.error));
    const orgUnit = parsed.data.orgUnit ?? caller.orgUnit ?? undefined;
    if (!orgUnit) return InsightsFailures.fail('ORG_UNIT_REQUIRED');
    const scoped = await this.units.pathInJurisdiction(caller, orgUnit);
    if (!scoped.ok) return scoped;
    const path = scoped.value;
    const now = this.now();
    const complaintsFrom = new Date(now.getTime() - this.rules.complaintWindowDays * DAY_MS);
    const paths = path ? await this.repo.units(path) : new Map([[orgUnit, `/${orgUnit}/`]]);
    const totals = path ? subtreeTotals(orgUnit, paths, await this.repo.ownCounts(path, complaintsFrom)) : new Map<string, UnitCounts>();
    const depth = pathCodes(paths.get(orgUnit)!).length;
    // This month in China time: the grant rate's window, as `/stats?kind=legal-aid&from=<month>-01` reads it.
    const month = chinaDay(now.getTime()).slice(0, 7);
    const legalAid = legalAidTile(orgUnit, month, path ? await this.repo.legalAid(path, `${month}-01`) : NO_LEGAL_AID_COUNTS);
    // Key-person counts only for those who may read them (the register's own role list), now.
    const keyPersons =
      this.keyPersons && hasAnyRole(caller, KEY_PERSON_STATS_ROLES)
        ? keyPersonsTile(
            keyPersonStatsView(orgUnit, path ? await this.keyPersons.counts({ pathPrefix: path, orgUnit, end: now.getTime() }) : NO_KEY_PERSON_COUNTS),
          )
        : undefined;
    const activity = this.gridActivity ? await this.gridActivity(orgUnit, `${month}-01`) : undefined;
    const gridActivity = activity
      ? { month, gridWorkers: activity.gridWorkers, activeGridWorkers: activity.activeGridWorkers, activityRate: activity.activityRate }
      : undefined;
    const units = [...paths].map(([code, p]): BoardUnitView => {
      const codes = pathCodes(p);
      const counts = totals.get(code) ?? NO_COUNTS;
      return {
        orgUnit: code,
        parent: codes.length > 1 ? codes[codes.length - 2]! : null,
        level: codes.length - depth,
        open: { ...counts.open },
        complaints: counts.complaints,
        ...cardOf(counts, this.rules),
        cases: drillDown(code, complaintsFrom),
      };
    });
    // The unit asked about first, then its subtree in path order (parents before their children).
    const key = (u: BoardUnitView) => (u.orgUnit === orgUnit ? '' : paths.get(u.orgUnit)!);
    units.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return ok({
      orgUnit,
      generatedAt: now.toISOString(),
      legalAid,
      ...(keyPersons ? { keyPersons } : {}),
      ...(gridActivity ? { gridActivity } : {}),
      rules: { ...this.rules },
      units,
    });
  }
}
