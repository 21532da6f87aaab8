import { Context } from '@temporalio/activity';
import { WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  HOTLINE_TASK_QUEUE,
  hotlineOrderWorkflowId,
  HotlineOrderSignals,
  taskQueue,
  WorkflowTypes,
  type HotlineOrderActivities,
  type HotlineOrderClosedSignal,
  type HotlineOrderDeadlineInput,
  type HotlineOrderDeadlineResult,
  type HotlineOrderRef,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, eventually } from '@fengqiao/testing/workflow';
import { workflowsPath } from '../../src';

export { createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';

export const bundleHotlineOrder = () => bundleOnce(workflowsPath);

export interface ActivityCall {
  name: keyof HotlineOrderActivities;
  input: HotlineOrderRef & { at: string };
  queue: string;
}

/** A fake adapter: every activity call, in order, with the queue it ran on; `closed` orders answer false (not marked). */
export function createFakeAdapter() {
  const calls: ActivityCall[] = [];
  const closed = new Set<string>();
  const record = (name: ActivityCall['name'], input: ActivityCall['input']) => {
    calls.push({ name, input: structuredClone(input), queue: Context.current().info.taskQueue });
    return !closed.has(input.orderNo);
  };
  const activities: HotlineOrderActivities = {
    async warnOrderDeadline(input) {
      return record('warnOrderDeadline', input);
    },
    async markOrderOverdue(input) {
      return record('markOrderOverdue', input);
    },
  };
  return { activities, calls, closed, of: (orderNo: string) => calls.filter((c) => c.input.orderNo === orderNo) };
}
export type FakeAdapter = ReturnType<typeof createFakeAdapter>;

/** The orchestrator's workflow worker and the fake adapter's activity worker under a queue prefix. */
export async function startWorkers(env: TestWorkflowEnvironment, prefix: string, adapter: FakeAdapter, workflowBundle?: WorkflowBundleWithSourceMap) {
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({
      ...workerTelemetry(),
      connection,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix),
      workflowBundle: workflowBundle ?? (await bundleHotlineOrder()),
    }),
    await Worker.create({ connection, taskQueue: taskQueue(HOTLINE_TASK_QUEUE, undefined, prefix), activities: adapter.activities }),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    stop: async () => {
      for (const w of workers) w.shutdown();
      await running;
    },
  };
}

export function startDeadline(env: TestWorkflowEnvironment, input: HotlineOrderDeadlineInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(WorkflowTypes.hotlineOrderDeadline, {
    workflowId: hotlineOrderWorkflowId(input.centre, input.orderNo, input.queuePrefix),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
}

export async function close(handle: WorkflowHandle, reason: HotlineOrderClosedSignal['reason'], at: string): Promise<void> {
  await handle.signal(HotlineOrderSignals.closed, { reason, at });
}

/** Waits until the fake adapter has seen calls of the order matching `ok`. */
export function callsWhen(adapter: FakeAdapter, orderNo: string, ok: (calls: ActivityCall[]) => boolean, what: string): Promise<ActivityCall[]> {
  return eventually(() => {
    const calls = adapter.of(orderNo);
    return ok(calls) ? calls : undefined;
  }, what);
}

/** The run's result without the time-skipping client's auto-skip (never `handle.result()` on the test server). */
export async function completed(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<HotlineOrderDeadlineResult> {
  await eventually(async () => (await handle.describe()).status.name !== 'RUNNING' || undefined, `${handle.workflowId} to close`);
  const plain = new WorkflowClient({ connection: env.connection, namespace: env.namespace });
  return plain.getHandle(handle.workflowId).result() as Promise<HotlineOrderDeadlineResult>;
}

export const DAY = 24 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;
export const iso = (ms: number) => new Date(ms).toISOString();
