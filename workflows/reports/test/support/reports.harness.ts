import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker, type LogEntry, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
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
import { bundleWorkflows, ORCHESTRATOR_QUEUE } from '@fengqiao/temporal';
import { reportsWorkflowsPath } from '../../src';

/** The demo tree's county and townships (shared/domain/demo-county.md). */
export const DEMO_UNITS: ReportUnit[] = [
  { code: '621102', name: '安定区', level: 'county', path: '/621100/621102/' },
  { code: '621102101', name: '巉口镇', level: 'township', path: '/621100/621102/621102101/' },
  { code: '621102102', name: '内官营镇', level: 'township', path: '/621100/621102/621102102/' },
];

/** Temporal's Java time-skipping test server, provisioned by `tools/infra/infra.sh`. */
export function testServerPath(): string {
  return process.env.TEMPORAL_TEST_SERVER ?? `${homedir()}/.cache/fengqiao/bin/temporal-test-server`;
}

let launcherDir: string | undefined;

/**
 * A time-skipping server whose clock starts at `startAt` (as dispute-path's harness: the
 * launcher bakes FQ_TEST_SERVER_START_MS in, since Jest's process.env never reaches the server).
 */
export async function createTimeSkippingEnv(startAt: string): Promise<TestWorkflowEnvironment> {
  const ms = Date.parse(startAt);
  if (!Number.isFinite(ms)) throw new Error(`unreadable server start ${startAt}`);
  launcherDir ??= mkdtempSync(join(tmpdir(), 'fq-test-server-'));
  const path = join(launcherDir, `start-${ms}.sh`);
  writeFileSync(path, `#!/usr/bin/env bash\nexport FQ_TEST_SERVER_START_MS=${ms}\nexec ${JSON.stringify(testServerPath())} "$@"\n`);
  chmodSync(path, 0o755);
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}

let logsQuieted = false;

/** Warnings and errors only (FQ_TEMPORAL_LOG=INFO shows everything). */
export function quietTemporalLogs(): void {
  if (logsQuieted) return;
  logsQuieted = true;
  const level = (process.env.FQ_TEMPORAL_LOG ?? 'WARN') as 'WARN' | 'INFO' | 'DEBUG';
  const log = new DefaultLogger(level);
  try {
    Runtime.install({
      logger: new DefaultLogger(level, (entry: LogEntry) => {
        if (!/^No (activities|workflows|Nexus services) registered/.test(entry.message)) log.log(entry.level, entry.message, entry.meta);
      }),
      telemetryOptions: {
        logging: { filter: level === 'WARN' ? 'temporalio_sdk_core=WARN,temporalio_sdk_core::worker=ERROR,temporalio_sdk_core::worker::workflow=WARN' : level },
      },
    });
  } catch {
    // a runtime already exists in this module registry: keep its settings
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export const bundleReports = () => (bundle ??= bundleWorkflows(reportsWorkflowsPath));

const ZERO: StatsView = {
  received: 0, closed: 0, closureRate: 0, resolvedAtFirstContact: 0, mediated: 0, mediationSucceeded: 0, mediationSuccessRate: 0,
  resolved: 0, resolutionRate: 0, closedOnTime: 0, onTimeRate: 0, avgFirstReplyHours: 0, satisfactionRate: 0, warnings: { green: 0, yellow: 0, red: 0 },
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
  const record = (name: keyof ReportsActivities, input: object) => calls.push({ name, input: structuredClone(input) as Record<string, unknown>, queue: Context.current().info.taskQueue });
  const activities: ReportsActivities = {
    async reportUnits(input) {
      record('reportUnits', input);
      return input.orgUnits ? units.filter((u) => input.orgUnits!.includes(u.code)) : units;
    },
    async buildMonthlyReport(input) {
      record('buildMonthlyReport', input);
      const w = monthWindow(input.month);
      return {
        month: input.month, orgUnit: input.unit, window: { from: w.from, to: w.to }, previousMonth: '', stats: ZERO, previous: ZERO,
        change: { received: 0, closed: 0, closureRate: 0, resolvedAtFirstContact: 0, mediated: 0, mediationSucceeded: 0, mediationSuccessRate: 0, resolved: 0, resolutionRate: 0, closedOnTime: 0, onTimeRate: 0, avgFirstReplyHours: 0, satisfactionRate: 0 },
        redUnits: [], yellowUnits: [], topCategories: [], rules: { redMinOverdue: 1, yellowMinOpenYellow: 1, topCategories: 5 }, generatedAt: '2026-01-01T00:00:00.000Z',
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
  return { activities, calls, stored, monthsBuilt: () => [...new Set(calls.filter((c) => c.name === 'buildMonthlyReport').map((c) => String(c.input['month'])))] };
}
export type FakeInsights = ReturnType<typeof createFakeInsights>;

/** The orchestrator's workflow worker and a fake insights activity worker under a queue prefix. */
export async function startWorkers(env: TestWorkflowEnvironment, prefix: string, insights: FakeInsights, workflowBundle?: WorkflowBundleWithSourceMap) {
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({ connection, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), workflowBundle: workflowBundle ?? (await bundleReports()) }),
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
  return env.client.workflow.start(MONTHLY_REPORT_WORKFLOW, { workflowId, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix), args: [input] });
}

/** Skips the server clock forward to `instant` (no real waiting). */
export async function skipTo(env: TestWorkflowEnvironment, instant: string): Promise<void> {
  const now = await env.currentTimeMs();
  const target = Date.parse(instant);
  if (target > now) await env.sleep(target - now);
}

/** Polls until `probe` returns a value, or fails after a real-time deadline. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * The run's result (or its failure) without unlocking time skipping (the environment's client would let the
 * server jump ahead while it waits): poll `describe`, then read through a plain client.
 */
export async function completed(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<MonthlyReportResult> {
  await eventually(async () => (await handle.describe()).status.name !== 'RUNNING' || undefined, `${handle.workflowId} to close`);
  const plain = new WorkflowClient({ connection: env.connection, namespace: env.namespace });
  return plain.getHandle(handle.workflowId).result() as Promise<MonthlyReportResult>;
}
