import type { DataSource } from 'typeorm';
import { Controller, Inject } from '@nestjs/common';
import { TokenVerifier, hasAnyRole } from '@fengqiao/auth';
import { chinaDate } from '@fengqiao/calendar';
import {
  Commands,
  eventFilter,
  keyPersonStatsQuerySchema,
  ok,
  withoutEmptyParams,
  withPrefix,
  zodFieldErrors,
  type Caller,
  type CloudEvent,
  type GridActivityView,
  type Reply,
} from '@fengqiao/contracts';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import { GRID_ACTIVITY_READER_ROLES } from '@fengqiao/rules';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { InsightsFailures } from '../insights.failures';
import type { OrgUnitsRepository } from '../org-units/org-units.repository';
import { ratio } from '../stats/stats-metrics';

/** Every check-in event of every unit (`fq.evt.<unit>.check-in.<event>`). */
export const checkInEventsFilter = (prefix: string | undefined) => withPrefix(prefix, eventFilter('check-in', '*'));

const PATH = /^(\/[0-9A-Za-z-]+)+\/$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** What a check-in event says, checked field by field; undefined when it is none of ours or malformed (retrying cannot help). */
export type CheckInFact =
  | { kind: 'roster'; gridCode: string; path: string; usernames: string[]; at: string }
  | { kind: 'recorded'; username: string; day: string; path: string };

export function classifyCheckInEvent(e: CloudEvent, subject: string): CheckInFact | undefined {
  const d = e.data as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || !str(d['path']) || !PATH.test(d['path'])) return undefined;
  if (subject.endsWith('.check-in.roster')) {
    const names = d['usernames'];
    if (!str(d['gridCode']) || !Array.isArray(names) || !names.every(str) || !str(d['at']) || !Number.isFinite(Date.parse(d['at']))) return undefined;
    return { kind: 'roster', gridCode: d['gridCode'], path: d['path'], usernames: names, at: new Date(d['at']).toISOString() };
  }
  if (subject.endsWith('.check-in.recorded')) {
    if (!str(d['username']) || !str(d['day']) || !DAY.test(d['day'])) return undefined;
    return { kind: 'recorded', username: d['username'], day: d['day'], path: d['path'] };
  }
  return undefined;
}

/** Applies check-in events: a grid's newest roster, each worker's check-in days. Idempotent, any order. */
export class CheckInProjector {
  constructor(private readonly ds: DataSource) {}

  async handle(e: CloudEvent, subject: string): Promise<void> {
    const fact = classifyCheckInEvent(e, subject);
    if (!fact) return;
    if (fact.kind === 'roster') {
      await this.ds.query(
        `INSERT INTO insights.grid_rosters (grid_code, path, usernames, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (grid_code) DO UPDATE SET path = EXCLUDED.path, usernames = EXCLUDED.usernames, at = EXCLUDED.at
         WHERE insights.grid_rosters.at <= EXCLUDED.at`,
        [fact.gridCode, fact.path, fact.usernames, fact.at],
      );
    } else {
      await this.ds.query(`INSERT INTO insights.check_in_days (username, day, path) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
        fact.username,
        fact.day,
        fact.path,
      ]);
    }
  }
}

/**
 * `GET /api/v1/stats/grid-activity`: of the grid workers (logins) on the rosters of the unit's subtree,
 * how many were active on a China day of the window: checked in, filed a field report, or settled, sent or
 * rejected one (docs/metrics.md).
 */
export class GridActivityService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  async activity(caller: Caller, input: unknown): Promise<Reply<GridActivityView>> {
    if (!hasAnyRole(caller, GRID_ACTIVITY_READER_ROLES)) return InsightsFailures.fail('STATS_FORBIDDEN');
    const parsed = keyPersonStatsQuerySchema.safeParse(withoutEmptyParams(input));
    if (!parsed.success) return InsightsFailures.fail('STATS_QUERY_INVALID', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const scoped = await this.units.readScope(caller, q.orgUnit, (code) => unitPathOf(this.ds, this.units, code));
    if (!scoped.ok) return scoped;
    const { orgUnit } = scoped.value;
    const from = q.from === undefined ? null : chinaDate(new Date(q.from));
    const to = q.to === undefined ? null : chinaDate(new Date(q.to));
    return ok(await gridActivityOf(this.ds, orgUnit, from, to));
  }
}

/**
 * A unit's path: as case events named it, else as a roster's or a field report's path names it (a village
 * or grid where no case was registered yet has grids all the same); undefined when none knows it.
 */
export async function unitPathOf(ds: DataSource, units: OrgUnitsRepository, code: string): Promise<string | undefined> {
  const known = await units.path(code);
  if (known) return known;
  const [r] = (await ds.query(
    `SELECT path FROM insights.grid_rosters WHERE path LIKE $1 UNION ALL SELECT path FROM insights.field_reports WHERE path LIKE $1 LIMIT 1`,
    [`%/${code}/%`],
  )) as { path: string }[];
  return r ? r.path.slice(0, r.path.indexOf(`/${code}/`) + code.length + 2) : undefined;
}

/**
 * The activity figures of a unit's subtree (all units without one) for the China days `[fromDay, toDay)`
 * (either open): by the unit's code in the rosters' own paths, so a unit no case event has named yet
 * still counts its grids. The one home of the definition in docs/metrics.md (the stats route and the board).
 */
export async function gridActivityOf(ds: DataSource, orgUnit: string | undefined, fromDay: string | null, toDay: string | null): Promise<GridActivityView> {
  const pattern = orgUnit ? `%/${orgUnit}/%` : '%';
  const [row] = (await ds.query(
    `WITH workers AS (SELECT DISTINCT unnest(usernames) AS username FROM insights.grid_rosters WHERE path LIKE $1),
          activity AS (
            SELECT username, day, path FROM insights.check_in_days
            UNION ALL SELECT reporter_username, recorded_day, path FROM insights.field_reports WHERE reporter_role = 'grid-worker' AND recorded_day IS NOT NULL
            UNION ALL SELECT handled_by, handled_day, path FROM insights.field_reports WHERE handled_by IS NOT NULL AND handled_day IS NOT NULL)
     SELECT (SELECT count(*) FROM workers)::int AS workers,
            (SELECT count(DISTINCT c.username) FROM activity c JOIN workers w ON w.username = c.username
              WHERE c.path LIKE $1 AND ($2::date IS NULL OR c.day >= $2::date) AND ($3::date IS NULL OR c.day < $3::date))::int AS active`,
    [pattern, fromDay, toDay],
  )) as { workers: number; active: number }[];
  const workers = row?.workers ?? 0;
  const active = row?.active ?? 0;
  return { orgUnit: orgUnit ?? '', gridWorkers: workers, activeGridWorkers: active, activityRate: ratio(BigInt(active), BigInt(workers)) };
}

@Controller()
export class GridActivityHandler implements GuardedHandler {
  constructor(
    @Inject(GridActivityService) private readonly service: GridActivityService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.insights.gridActivity, { roles: GRID_ACTIVITY_READER_ROLES })
  get(caller: Caller, query: unknown) {
    return this.service.activity(caller, query);
  }
}
