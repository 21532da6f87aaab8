import { Context } from '@temporalio/activity';
import { WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  CHECK_IN_ROLL_CALL_WORKFLOW,
  taskQueue,
  type CheckInActivities,
  type CheckInRollCall,
  type CheckInRollCallInput,
  type CheckInRollCallResult,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE } from '@fengqiao/temporal';
import { eventually } from '@fengqiao/testing/workflow';
import { bundleReports } from './reports.harness';

export interface RollCallActivityCall {
  input: { county: string; day: string; dueAt: string };
  queue: string;
  attempt: number;
}

/**
 * Fake intake: each county has two grid workers; one checked in. Results stored once per (county, day)
 * as intake does; `failNext` makes the next attempt fail as a passing outage would.
 */
export function createFakeIntake() {
  const calls: RollCallActivityCall[] = [];
  const stored = new Map<string, CheckInRollCall>();
  let failNext = 0;
  const activities: CheckInActivities = {
    async takeCheckInRollCall(input) {
      const info = Context.current().info;
      calls.push({ input: structuredClone(input), queue: info.taskQueue, attempt: info.attempt });
      if (failNext > 0) {
        failNext--;
        throw new Error('intake database unavailable');
      }
      const key = `${input.county}/${input.day}`;
      const call = stored.get(key) ?? {
        ...input,
        workers: 2,
        checkedIn: 1,
        missing: [{ username: `grid.${input.county}001`, name: '网格员', grids: [`${input.county}001001-01`] }],
        takenAt: input.dueAt,
      };
      stored.set(key, call);
      return call;
    },
  };
  return { activities, calls, stored, failOnce: () => void (failNext = 1) };
}
export type FakeIntake = ReturnType<typeof createFakeIntake>;

/** The orchestrator's workflow worker (the reports bundle) and a fake intake activity worker under a queue prefix. */
export async function startRollCallWorkers(env: TestWorkflowEnvironment, prefix: string, intake: FakeIntake) {
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({ connection, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), workflowBundle: await bundleReports() }),
    await Worker.create({ connection, taskQueue: taskQueue('intake', undefined, prefix), activities: intake.activities }),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    stop: async () => {
      for (const w of workers) w.shutdown();
      await running;
    },
  };
}

export function startRollCall(env: TestWorkflowEnvironment, workflowId: string, input: CheckInRollCallInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(CHECK_IN_ROLL_CALL_WORKFLOW, {
    workflowId,
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
}

export async function rollCallDone(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<CheckInRollCallResult> {
  await eventually(async () => (await handle.describe()).status.name !== 'RUNNING' || undefined, `${handle.workflowId} to close`);
  const plain = new WorkflowClient({ connection: env.connection, namespace: env.namespace });
  return plain.getHandle(handle.workflowId).result() as Promise<CheckInRollCallResult>;
}
