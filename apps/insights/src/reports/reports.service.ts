import type { Client } from '@temporalio/client';
import { hasAnyRole } from '@fengqiao/auth';
import { JurisdictionFailures, mayActOnUnit, reachOf } from '@fengqiao/rules';
import {
  chinaMonth,
  MONTHLY_REPORT_WORKFLOW,
  monthlyReportRequestSchema,
  monthlyReportWorkflowId,
  ok,
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  REPORT_ID,
  REPORT_READER_ROLES,
  REPORT_TRIGGER_ROLES,
  reportListQuerySchema,
  taskQueue,
  zodFieldErrors,
  type Caller,
  type MonthlyReportInput,
  type Page,
  type ReportFile,
  type ReportFormat,
  type ReportSummary,
  type ReportView,
  type Reply,
  withoutEmptyParams,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE } from '@fengqiao/temporal';
import type { OrgUnitsRepository } from '../org-units/org-units.repository';
import { InsightsFailures } from '../insights.failures';
import { reportFilename } from './report-labels';
import { reportLevel } from './report-units';
import type { ReportsRepository, StoredReport } from './reports.repository';

export interface MonthlyReportRun {
  workflowId: string;
  month: string;
  orgUnit: string | null;
}

/** The reports API behind the gateway: roles and jurisdiction (by path) checked again here. */
export class ReportsService {
  constructor(
    private readonly units: OrgUnitsRepository,
    private readonly repo: ReportsRepository,
    private readonly temporal: () => Client,
    private readonly prefix: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** `POST /api/v1/reports/monthly`: an admin orders the report of a month that has begun. */
  async trigger(caller: Caller, input: unknown): Promise<Reply<MonthlyReportRun>> {
    if (!hasAnyRole(caller, REPORT_TRIGGER_ROLES)) return InsightsFailures.fail('REPORT_ORDER_FORBIDDEN');
    const parsed = monthlyReportRequestSchema.safeParse(input ?? {});
    if (!parsed.success) return InsightsFailures.fail('REPORT_REQUEST_INVALID', zodFieldErrors(parsed.error));
    const { month, orgUnit } = parsed.data;
    if (month > chinaMonth(this.now())) {
      return InsightsFailures.fail('REPORT_MONTH_NOT_BEGUN');
    }
    if (orgUnit) {
      if (!reportLevel(orgUnit)) {
        return InsightsFailures.fail('REPORT_UNIT_WITHOUT_REPORT');
      }
      if (!(await this.units.path(orgUnit))) {
        return InsightsFailures.fail('REPORT_UNIT_UNKNOWN');
      }
    }
    const workflowId = monthlyReportWorkflowId(month, orgUnit, this.prefix);
    const args: MonthlyReportInput = { month, orgUnits: orgUnit ? [orgUnit] : undefined, queuePrefix: this.prefix, requestedBy: caller.username };
    // A second order while the same run is going joins it; after it closed, a new run rebuilds the reports in place.
    await this.temporal().workflow.start(MONTHLY_REPORT_WORKFLOW, {
      workflowId,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, this.prefix),
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return ok({ workflowId, month, orgUnit: orgUnit ?? null });
  }

  async list(caller: Caller, input: unknown): Promise<Reply<Page<ReportSummary>>> {
    const denied = this.reader(caller);
    if (denied) return denied;
    const parsed = reportListQuerySchema.safeParse(withoutEmptyParams(input));
    if (!parsed.success) return InsightsFailures.fail('REPORT_QUERY_INVALID', zodFieldErrors(parsed.error));
    const q = parsed.data;
    const reach = reachOf(caller);
    if (q.orgUnit) {
      const scoped = await this.units.pathInJurisdiction(caller, q.orgUnit);
      if (!scoped.ok) return scoped;
    }
    const { items, total } = await this.repo.list({
      within: reach.kind === 'subtree' ? reach.unit : undefined,
      orgUnit: q.orgUnit,
      month: q.month,
      page: q.page,
      pageSize: q.pageSize,
    });
    return ok({ items, total, page: q.page, pageSize: q.pageSize });
  }

  async get(caller: Caller, input: unknown): Promise<Reply<ReportView>> {
    const found = await this.find(caller, input);
    if (!found.ok) return found;
    const { orgPath: _p, ...view } = found.value;
    return ok(view);
  }

  async file(caller: Caller, input: unknown): Promise<Reply<ReportFile>> {
    const format = (input as { format?: unknown } | null)?.format;
    if (!REPORT_FORMATS.includes(format as ReportFormat)) {
      return InsightsFailures.fail('REPORT_FORMAT_UNKNOWN', { formats: REPORT_FORMATS.join(', ') });
    }
    const found = await this.find(caller, input);
    if (!found.ok) return found;
    const file = await this.repo.file(found.value.id, format as ReportFormat);
    if (!file) return InsightsFailures.fail('REPORT_NOT_FOUND');
    return ok({
      filename: reportFilename(file, format as string),
      contentType: REPORT_CONTENT_TYPES[format as ReportFormat],
      base64: file.content.toString('base64'),
    });
  }

  private reader(caller: Caller): Reply<never> | undefined {
    if (!hasAnyRole(caller, REPORT_READER_ROLES)) return InsightsFailures.fail('REPORTS_FORBIDDEN');
    if (reachOf(caller).kind === 'own-cases') return JurisdictionFailures.fail('NO_ORG_UNIT');
    return undefined;
  }

  private async find(caller: Caller, input: unknown): Promise<Reply<StoredReport>> {
    const denied = this.reader(caller);
    if (denied) return denied;
    const id = (input as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !REPORT_ID.test(id)) return InsightsFailures.fail('REPORT_NOT_FOUND');
    const report = await this.repo.get(id);
    if (!report) return InsightsFailures.fail('REPORT_NOT_FOUND');
    if (!mayActOnUnit(caller, { path: report.orgPath })) {
      return InsightsFailures.fail('REPORT_OUTSIDE_JURISDICTION');
    }
    return ok(report);
  }
}
