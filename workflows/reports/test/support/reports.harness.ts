import { Context } from '@temporalio/activity';
import { WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  monthWindow,
  MONTHLY_REPORT_WORKFLOW,
  taskQueue,
  type MonthlyReportFigures,
  type MonthlyReportInput,
  type MonthlyReportResult,
  type ReportsActivities,
  type ReportUnit,
  type StatsView,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, eventually } from '@fengqiao/testing/workflow';
import { reportsWorkflowsPath } from '../../src';

/** The demo tree's county and townships (docs/demo-county.md). */
export const DEMO_UNITS: ReportUnit[] = [
  { code: '621102', name: '安定区', level: 'county', path: '/621100/621102/' },
  { code: '621102101', name: '巉口镇', level: 'township', path: '/621100/621102/621102101/' },
  { code: '621102102', name: '内官营镇', level: 'township', path: '/621100/621102/621102102/' },
];

export { createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';

export const bundleReports = () => bundleOnce(reportsWorkflowsPath);

const ZERO: StatsView = {
  received: 0,
  closed: 0,
  closureRate: 0,
  resolvedAtFirstContact: 0,
  mediated: 0,
  mediationSucceeded: 0,
  mediationSuccessRate: 0,
  resolved: 0,
  resolutionRate: 0,
  closedOnTime: 0,
  onTimeRate: 0,
  avgFirstReplyHours: 0,
  satisfactionRate: 0,
  warnings: { green: 0, yellow: 0, red: 0 },
};

export interface ActivityCall {
  name: keyof ReportsActivities;
  input: Record<string, unknown>;
  queue: string;
}

/** Fake insights: the demo units, figures that name their month, stored reports by (month, unit). */
export function createFakeInsights(units: ReportUnit[] = DEMO_UNITS) {
  const calls: ActivityCall[] = [];
  const stored = new Map<string, { id: string; figures: MonthlyReportFigures }>();
  const record = (name: keyof ReportsActivities, input: object) =>
    calls.push({ name, input: structuredClone(input) as Record<string, unknown>, queue: Context.current().info.taskQueue });
  const activities: ReportsActivities = {
    async reportUnits(input) {
      record('reportUnits', input);
      return input.orgUnits ? units.filter((u) => input.orgUnits!.includes(u.code)) : units;
    },
    async buildMonthlyReport(input) {
      record('buildMonthlyReport', input);
      const w = monthWindow(input.month);
      return {
        month: input.month,
        orgUnit: input.unit,
        window: { from: w.from, to: w.to },
        previousMonth: '',
        stats: ZERO,
        previous: ZERO,
        change: {
          received: 0,
          closed: 0,
          closureRate: 0,
          resolvedAtFirstContact: 0,
          mediated: 0,
          mediationSucceeded: 0,
          mediationSuccessRate: 0,
          resolved: 0,
          resolutionRate: 0,
          closedOnTime: 0,
          onTimeRate: 0,
          avgFirstReplyHours: 0,
          satisfactionRate: 0,
        },
        redUnits: [],
        yellowUnits: [],
        topCategories: [],
        rules: { redMinOverdue: 1, yellowMinOpenYellow: 1, topCategories: 5 },
        generatedAt: '2026-01-01T00:00:00.000Z',
      };
    },
    async storeMonthlyReport(input) {
      record('storeMonthlyReport', input);
      const key = `${input.figures.month}/${input.figures.orgUnit.code}`;
      // Idempotent per (month, unit): a second run keeps the id.
      const id = stored.get(key)?.id ?? `00000000-0000-4000-8000-${String(stored.size + 1).padStart(12, '0')}`;
      stored.set(key, { id, figures: input.figures });
      return { id };
    },
  };
  return {
    activities,
    calls,
    stored,
    monthsBuilt: () => [...new Set(calls.filter((c) => c.name === 'buildMonthlyReport').map((c) => String(c.input['month'])))],
  };
}
export type FakeInsights = ReturnType<typeof createFakeInsights>;

/** The orchestrator's workflow worker and a fake insights activity worker under a queue prefix. */
export async function startWorkers(env: TestWorkflowEnvironment, prefix: string, insights: FakeInsights, workflowBundle?: WorkflowBundleWithSourceMap) {
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({
      ...workerTelemetry(),
      connection,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix),
      workflowBundle: workflowBundle ?? (await bundleReports()),
    }),
    await Worker.create({ connection, taskQueue: taskQueue('insights', undefined, prefix), activities: insights.activities }),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    stop: async () => {
      for (const w of workers) w.shutdown();
      await running;
    },
  };
}

export function startMonthlyReport(env: TestWorkflowEnvironment, workflowId: string, input: MonthlyReportInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(MONTHLY_REPORT_WORKFLOW, {
    workflowId,
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
}

export async function completed(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<MonthlyReportResult> {
  await eventually(async () => (await handle.describe()).status.name !== 'RUNNING' || undefined, `${handle.workflowId} to close`);
  const plain = new WorkflowClient({ connection: env.connection, namespace: env.namespace });
  return plain.getHandle(handle.workflowId).result() as Promise<MonthlyReportResult>;
}
