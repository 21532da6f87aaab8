import type { DataSource } from 'typeorm';
import { Controller, Inject } from '@nestjs/common';
import { TokenVerifier, hasAnyRole } from '@fengqiao/auth';
import { chinaDate } from '@fengqiao/calendar';
import {
  Commands,
  eventFilter,
  FIELD_REPORT_KINDS,
  FIELD_REPORT_STATUSES,
  keyPersonStatsQuerySchema,
  ok,
  withoutEmptyParams,
  withPrefix,
  zodFieldErrors,
  type Caller,
  type CloudEvent,
  type FieldReportKind,
  type FieldReportStatsView,
  type FieldReportStatus,
  type FieldReportStatusCounts,
  type Reply,
} from '@fengqiao/contracts';
import { Guarded, type GuardedHandler } from '@fengqiao/messaging';
import type { JsonLogger } from '@fengqiao/observability';
import { FIELD_REPORT_STATS_READER_ROLES } from '@fengqiao/rules';
import { INSIGHTS_LOGGER } from '../config/insights.config';
import { InsightsFailures } from '../insights.failures';
import { likePrefix, type OrgUnitsRepository } from '../org-units/org-units.repository';
import { unitPathOf } from './grid-activity';

/** Every field-report event of every grid (`fq.evt.<grid>.field-report.<event>`). */
export const fieldReportEventsFilter = (prefix: string | undefined) => withPrefix(prefix, eventFilter('field-report', '*'));

const PATH = /^(\/[0-9A-Za-z-]+)+\/$/;
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const instant = (v: unknown): v is string => str(v) && Number.isFinite(Date.parse(v));
const isKind = (v: unknown): v is FieldReportKind => (FIELD_REPORT_KINDS as readonly unknown[]).includes(v);
const isStatus = (v: unknown): v is FieldReportStatus => (FIELD_REPORT_STATUSES as readonly unknown[]).includes(v);
const isRole = (v: unknown): v is 'grid-worker' | 'resident' => v === 'grid-worker' || v === 'resident';

interface ReportFacts {
  reportId: string;
  gridCode: string;
  path: string;
  kind: FieldReportKind;
  category: string;
  reporterUsername: string;
  reporterRole: 'grid-worker' | 'resident';
}

/** What a field-report event says, checked field by field; undefined when it is none of ours or malformed (retrying cannot help). */
export type FieldReportFact =
  | (ReportFacts & { event: 'recorded'; status: FieldReportStatus; at: string })
  | (ReportFacts & { event: 'handled'; status: FieldReportStatus; handledBy: string; recordedAt: string; at: string })
  | (ReportFacts & { event: 'verified'; status: FieldReportStatus; at: string });

export function classifyFieldReportEvent(e: CloudEvent, subject: string): FieldReportFact | undefined {
  const d = e.data as Record<string, unknown> | null;
  if (!d || typeof d !== 'object' || !str(d['reportId']) || !str(d['gridCode']) || !str(d['path']) || !PATH.test(d['path'])) return undefined;
  if (!isKind(d['kind']) || !str(d['category']) || !instant(d['at'])) return undefined;
  const base = { reportId: d['reportId'], gridCode: d['gridCode'], path: d['path'], kind: d['kind'], category: d['category'], at: d['at'] };
  if (subject.endsWith('.field-report.verified')) {
    if (!str(d['residentUsername']) || (d['outcome'] !== 'settled' && d['outcome'] !== 'sent')) return undefined;
    return { ...base, event: 'verified', status: d['outcome'], reporterUsername: d['residentUsername'], reporterRole: 'resident' };
  }
  if (!str(d['reporterUsername']) || !isRole(d['reporterRole']) || !isStatus(d['status'])) return undefined;
  const reporter = { reporterUsername: d['reporterUsername'], reporterRole: d['reporterRole'], status: d['status'] };
  if (subject.endsWith('.field-report.recorded')) return { ...base, ...reporter, event: 'recorded' };
  if (subject.endsWith('.field-report.handled')) {
    if (!str(d['handledBy']) || !instant(d['recordedAt']) || d['status'] === 'open') return undefined;
    return { ...base, ...reporter, event: 'handled', handledBy: d['handledBy'], recordedAt: d['recordedAt'] };
  }
  return undefined;
}

/**
 * Applies field-report events: one row per report. A handling (settled, sent, rejected) is final and
 * beats `open` whatever order the events arrive in; verification only sets its flag. Idempotent.
 */
export class FieldReportProjector {
  constructor(private readonly ds: DataSource) {}

  async handle(e: CloudEvent, subject: string): Promise<void> {
    const f = classifyFieldReportEvent(e, subject);
    if (!f) return;
    const recordedAt = f.event === 'recorded' ? f.at : f.event === 'handled' ? f.recordedAt : null;
    const handled = f.event === 'handled' ? { by: f.handledBy, day: chinaDate(new Date(f.at)) } : null;
    // Settled on the spot: recorded already handled, by its reporter (a grid worker), that day.
    const onSpot = f.event === 'recorded' && f.status !== 'open' ? { by: f.reporterUsername, day: chinaDate(new Date(f.at)) } : null;
    const h = handled ?? onSpot;
    await this.ds.query(
      `INSERT INTO insights.field_reports (report_id, grid_code, path, kind, category, status, reporter_username, reporter_role, recorded_at, recorded_day,
         handled_by, handled_day, verified)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamptz, $10::date, $11, $12::date, $13)
       ON CONFLICT (report_id) DO UPDATE SET
         status = CASE WHEN insights.field_reports.status = 'open' THEN EXCLUDED.status ELSE insights.field_reports.status END,
         recorded_at = coalesce(insights.field_reports.recorded_at, EXCLUDED.recorded_at),
         recorded_day = coalesce(insights.field_reports.recorded_day, EXCLUDED.recorded_day),
         handled_by = coalesce(insights.field_reports.handled_by, EXCLUDED.handled_by),
         handled_day = coalesce(insights.field_reports.handled_day, EXCLUDED.handled_day),
         verified = insights.field_reports.verified OR EXCLUDED.verified`,
      [
        f.reportId,
        f.gridCode,
        f.path,
        f.kind,
        f.category,
        f.status,
        f.reporterUsername,
        f.reporterRole,
        recordedAt,
        recordedAt ? chinaDate(new Date(recordedAt)) : null,
        h?.by ?? null,
        h?.day ?? null,
        f.event === 'verified',
      ],
    );
  }
}

const zeroStatuses = (): FieldReportStatusCounts => Object.fromEntries(FIELD_REPORT_STATUSES.map((s) => [s, 0])) as FieldReportStatusCounts;
const zeroKinds = (): Record<FieldReportKind, number> => Object.fromEntries(FIELD_REPORT_KINDS.map((k) => [k, 0])) as Record<FieldReportKind, number>;

export interface FieldReportCountRow {
  grid_code: string;
  kind: string;
  status: string;
  reports: number;
  from_residents: number;
  verified: number;
}

/** Folds the counts by grid, kind and status into the answer (grids by code). Pure. */
export function fieldReportStatsOf(orgUnit: string, rows: readonly FieldReportCountRow[]): FieldReportStatsView {
  const view: FieldReportStatsView = { orgUnit, total: 0, byStatus: zeroStatuses(), byKind: zeroKinds(), fromResidents: 0, verified: 0, grids: [] };
  const grids = new Map<string, FieldReportStatsView['grids'][number]>();
  for (const r of rows) {
    if (!isKind(r.kind) || !isStatus(r.status)) continue;
    let g = grids.get(r.grid_code);
    if (!g) grids.set(r.grid_code, (g = { gridCode: r.grid_code, total: 0, byStatus: zeroStatuses(), byKind: zeroKinds() }));
    for (const t of [view, g]) {
      t.total += r.reports;
      t.byStatus[r.status] += r.reports;
      t.byKind[r.kind] += r.reports;
    }
    view.fromResidents += r.from_residents;
    view.verified += r.verified;
  }
  view.grids = [...grids.values()].sort((a, b) => a.gridCode.localeCompare(b.gridCode));
  return view;
}

/** `GET /api/v1/stats/field-reports`: the reports recorded in the window `[from, to)` in the unit's subtree, by grid, kind and status. */
export class FieldReportStatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly units: OrgUnitsRepository,
  ) {}

  async stats(caller: Caller, input: unknown): Promise<Reply<FieldReportStatsView>> {
    if (!hasAnyRole(caller, FIELD_REPORT_STATS_READER_ROLES)) return InsightsFailures.fail('STATS_FORBIDDEN');
    const parsed = keyPersonStatsQuerySchema.safeParse(withoutEmptyParams(input));
    if (!parsed.success) return InsightsFailures.fail('STATS_QUERY_INVALID', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const scoped = await this.units.readScope(caller, q.orgUnit, (code) => unitPathOf(this.ds, this.units, code));
    if (!scoped.ok) return scoped;
    const { orgUnit, path } = scoped.value;
    const rows = (await this.ds.query(
      `SELECT grid_code, kind, status, count(*)::int AS reports,
              (count(*) FILTER (WHERE reporter_role = 'resident'))::int AS from_residents, (count(*) FILTER (WHERE verified))::int AS verified
         FROM insights.field_reports
        WHERE path LIKE $1 AND ($2::timestamptz IS NULL OR recorded_at >= $2) AND ($3::timestamptz IS NULL OR recorded_at < $3)
        GROUP BY grid_code, kind, status`,
      [
        // A path prefix, which the (path text_pattern_ops, recorded_at) index serves.
        path ? likePrefix(path) : orgUnit ? `%/${orgUnit}/%` : '%',
        q.from === undefined ? null : new Date(q.from).toISOString(),
        q.to === undefined ? null : new Date(q.to).toISOString(),
      ],
    )) as FieldReportCountRow[];
    return ok(fieldReportStatsOf(orgUnit ?? '', rows));
  }
}

@Controller()
export class FieldReportStatsHandler implements GuardedHandler {
  constructor(
    @Inject(FieldReportStatsService) private readonly service: FieldReportStatsService,
    @Inject(TokenVerifier) readonly tokens: TokenVerifier,
    @Inject(INSIGHTS_LOGGER) readonly logger: JsonLogger,
  ) {}

  @Guarded(Commands.insights.fieldReportStats, { roles: FIELD_REPORT_STATS_READER_ROLES })
  get(caller: Caller, query: unknown) {
    return this.service.stats(caller, query);
  }
}
