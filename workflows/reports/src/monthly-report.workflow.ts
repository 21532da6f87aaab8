import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import { previousChinaMonth, REPORT_MONTH, taskQueue, type MonthlyReportInput, type MonthlyReportResult, type ReportsActivities } from '@fengqiao/contracts';

/** Search attribute a Schedule sets on the runs it starts: the time the run was due. */
const SCHEDULED_START = 'TemporalScheduledStartTime';

/**
 * The instant the run reports from: the Schedule's due time when a Schedule started it (a run
 * caught up late still reports the month it was due for), otherwise the run's own start.
 */
export function reportClock(): number {
  const info = workflowInfo();
  const scheduled = info.searchAttributes?.[SCHEDULED_START]?.[0];
  const at = scheduled instanceof Date ? scheduled.getTime() : typeof scheduled === 'string' ? Date.parse(scheduled) : NaN;
  return Number.isFinite(at) ? at : info.runStartTime.getTime();
}

/**
 * The monthly situation report (每月5日发布上月平安动态): for the given month, or the China-time
 * month before the run's due time, one report per county and township, each built from the
 * read model and stored with its XLSX and PDF by insights (idempotent per month and unit).
 */
export async function monthlyReport(input: MonthlyReportInput = {}): Promise<MonthlyReportResult> {
  const month = input.month ?? previousChinaMonth(reportClock());
  if (!REPORT_MONTH.test(month)) throw ApplicationFailure.nonRetryable(`not a month: ${month}`, 'InvalidInput');
  const insights = proxyActivities<ReportsActivities>({
    taskQueue: taskQueue('insights', undefined, input.queuePrefix),
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
  });
  const units = await insights.reportUnits({ orgUnits: input.orgUnits });
  const reports: MonthlyReportResult['reports'] = [];
  for (const unit of units) {
    const figures = await insights.buildMonthlyReport({ month, unit });
    const { id } = await insights.storeMonthlyReport({ figures, workflowId: workflowInfo().workflowId });
    reports.push({ id, orgUnit: unit.code });
  }
  return { month, reports };
}
