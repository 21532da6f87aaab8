import { Context } from '@temporalio/activity';
import { WorkflowClient, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  KeyPersonQueries,
  KeyPersonSignals,
  keyPersonWorkflowId,
  taskQueue,
  WorkflowTypes,
  type KeyPersonActivities,
  type KeyPersonPurgeActivities,
  type KeyPersonPurgeInput,
  type KeyPersonSupervisionState,
  type ObligationRef,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, eventually } from '@fengqiao/testing/workflow';
import { workflowsPath, type KeyPersonSupervisionRunInput } from '../../src';

export { createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';

export const bundleKeyPersons = () => bundleOnce(workflowsPath);

export type ActivityName = keyof KeyPersonActivities | keyof KeyPersonPurgeActivities;
export interface ActivityCall {
  name: ActivityName;
  input: ObligationRef & { metAt?: string; colour?: 'yellow' | 'red'; at?: string; asOf?: string };
  queue: string;
}

/** A fake key-persons service: every activity call, in order, with the queue it ran on. */
export function createFakeService() {
  const calls: ActivityCall[] = [];
  const record = (name: ActivityName, input: object) =>
    calls.push({ name, input: structuredClone(input) as ActivityCall['input'], queue: Context.current().info.taskQueue });
  const activities: KeyPersonActivities & KeyPersonPurgeActivities = {
    async planObligation(input) {
      record('planObligation', input);
    },
    async obligationMet(input) {
      record('obligationMet', input);
    },
    async raiseWarning(input) {
      record('raiseWarning', input);
    },
    async purgeArchivedKeyPersons(input) {
      record('purgeArchivedKeyPersons', input);
      return { purged: 3 };
    },
  };
  return {
    activities,
    calls,
    of: (personId: string, name?: ActivityName) => calls.filter((c) => c.input.personId === personId && (!name || c.name === name)),
  };
}
export type FakeService = ReturnType<typeof createFakeService>;

/** The orchestrator's workflow worker and the fake key-persons activity worker under a queue prefix. */
export async function startWorkers(env: TestWorkflowEnvironment, prefix: string, service: FakeService, workflowBundle?: WorkflowBundleWithSourceMap) {
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({
      ...workerTelemetry(),
      connection,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix),
      workflowBundle: workflowBundle ?? (await bundleKeyPersons()),
    }),
    await Worker.create({ connection, taskQueue: taskQueue('key-persons', undefined, prefix), activities: service.activities }),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    stop: async () => {
      for (const w of workers) w.shutdown();
      await running;
    },
  };
}

export function startSupervision(env: TestWorkflowEnvironment, input: KeyPersonSupervisionRunInput): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return env.client.workflow.start(WorkflowTypes.keyPersonSupervision, {
    workflowId: keyPersonWorkflowId(input.personId, input.queuePrefix),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
}

export function startPurge(env: TestWorkflowEnvironment, workflowId: string, input: KeyPersonPurgeInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(WorkflowTypes.keyPersonPurge, {
    workflowId,
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
}

/**
 * The latest run's id once it is idle: running, no activity pending and no workflow task open in its
 * history (the Java test server's describe leaves pendingWorkflowTask empty). That server loses a
 * query or signal that races a continue-as-new and keeps its time-skipping lock held with it, so
 * every later skip would hang; a real server retries the task instead.
 */
export function idleRun(handle: WorkflowHandle): Promise<string> {
  return eventually(async () => {
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING' || (d.raw.pendingActivities?.length ?? 0) > 0) return undefined;
    const { events } = await handle.client.getHandle(handle.workflowId, d.runId).fetchHistory();
    let open = false;
    for (const e of events ?? []) {
      if (e.workflowTaskScheduledEventAttributes) open = true;
      if (e.workflowTaskCompletedEventAttributes) open = false;
    }
    return !open && d.runId;
  }, `${handle.workflowId} idle`);
}

export async function signal(handle: WorkflowHandle, name: keyof typeof KeyPersonSignals, arg: object): Promise<void> {
  await idleRun(handle);
  await handle.signal(KeyPersonSignals[name], arg);
}

export async function stateOf(handle: WorkflowHandle): Promise<KeyPersonSupervisionState> {
  const runId = await idleRun(handle);
  return handle.client.getHandle(handle.workflowId, runId).query<KeyPersonSupervisionState>(KeyPersonQueries.state);
}

/** Waits until the run's state satisfies `ok` (activities are drained asynchronously). */
export function stateWhen(handle: WorkflowHandle, ok: (s: KeyPersonSupervisionState) => boolean, what: string): Promise<KeyPersonSupervisionState> {
  return eventually(async () => {
    const s = await stateOf(handle);
    return ok(s) ? s : undefined;
  }, what);
}

/** Waits until the fake service has seen calls matching `ok` (the run drains its effects one by one). */
export function callsWhen(service: FakeService, personId: string, ok: (calls: ActivityCall[]) => boolean, what: string): Promise<ActivityCall[]> {
  return eventually(() => {
    const calls = service.of(personId);
    return ok(calls) ? calls : undefined;
  }, what);
}

/** The run's result without the time-skipping client's auto-skip (never `handle.result()` on the test server). */
export async function completed(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<KeyPersonSupervisionState | { purged: number }> {
  await eventually(async () => (await handle.describe()).status.name !== 'RUNNING' || undefined, `${handle.workflowId} to close`);
  const plain = new WorkflowClient({ connection: env.connection, namespace: env.namespace });
  return plain.getHandle(handle.workflowId).result() as Promise<KeyPersonSupervisionState | { purged: number }>;
}

export const DAY = 24 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const plus = (at: string, ms: number) => iso(Date.parse(at) + ms);
