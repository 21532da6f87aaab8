// A deliberately changed monthlyReport for the replay test: it stores each report before it
// builds the next (one activity moved), which recorded histories must refuse to replay.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { previousChinaMonth, taskQueue, type MonthlyReportInput, type MonthlyReportResult, type ReportsActivities } from '@fengqiao/contracts';

export async function monthlyReport(input: MonthlyReportInput = {}): Promise<MonthlyReportResult> {
  const month = input.month ?? previousChinaMonth(workflowInfo().runStartTime.getTime());
  const insights = proxyActivities<ReportsActivities>({ taskQueue: taskQueue('insights', undefined, input.queuePrefix), startToCloseTimeout: '2 minutes' });
  const units = await insights.reportUnits({ orgUnits: input.orgUnits });
  const built = await Promise.all(units.map((unit) => insights.buildMonthlyReport({ month, unit })));
  const reports: MonthlyReportResult['reports'] = [];
  for (const figures of built) {
    const { id } = await insights.storeMonthlyReport({ figures, workflowId: workflowInfo().workflowId });
    reports.push({ id, orgUnit: figures.orgUnit.code });
  }
  return { month, reports };
}
