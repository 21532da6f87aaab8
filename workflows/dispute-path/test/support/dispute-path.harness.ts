import { homedir } from 'node:os';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultCalendar } from '@fengqiao/calendar';
import { disputeWorkflowId, taskQueue, WorkflowTypes, type DisputePathInput, type DisputePathState, type IntakeActivities } from '@fengqiao/contracts';
import { bundleWorkflows, ORCHESTRATOR_QUEUE } from '@fengqiao/temporal';
import { disputePathWorkflowsPath, stateQuery } from '../../src';

export type WarningCall = Parameters<IntakeActivities['recordWarning']>[0];

/** Temporal's Java time-skipping test server, provisioned by `tools/infra/infra.sh`. */
export function testServerPath(): string {
  return process.env.TEMPORAL_TEST_SERVER ?? `${homedir()}/.cache/fengqiao/bin/temporal-test-server`;
}

export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServerPath() } } });
}

export function bundleDisputePath(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflows(disputePathWorkflowsPath);
}

/**
 * Fake intake activities (a factory, like the real `createIntakeActivities`): they remember every
 * attempt and every recorded warning, by case, and can be told to fail a case's next attempts.
 */
export function createRecordingIntake() {
  const attempts: WarningCall[] = [];
  const recorded: WarningCall[] = [];
  const failuresLeft = new Map<string, number>();
  const activities: IntakeActivities = {
    async recordWarning(input) {
      attempts.push(input);
      const left = failuresLeft.get(input.caseNo) ?? 0;
      if (left > 0) {
        failuresLeft.set(input.caseNo, left - 1);
        throw new Error(`intake unavailable (fake, ${left} failure(s) left)`);
      }
      recorded.push(input);
    },
  };
  return {
    activities,
    failNextAttempts: (caseNo: string, n: number) => failuresLeft.set(caseNo, n),
    attemptsFor: (caseNo: string) => attempts.filter((c) => c.caseNo === caseNo),
    recordedFor: (caseNo: string) => recorded.filter((c) => c.caseNo === caseNo),
  };
}
export type RecordingIntake = ReturnType<typeof createRecordingIntake>;

/** The orchestrator's workflow worker and intake's activity worker, on one test server, under a queue prefix. */
export async function startWorkers(env: TestWorkflowEnvironment, prefix: string, workflowBundle: WorkflowBundleWithSourceMap, intake: IntakeActivities) {
  const workflows = await Worker.create({ connection: env.nativeConnection, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), workflowBundle });
  const activities = await Worker.create({ connection: env.nativeConnection, taskQueue: taskQueue('intake', undefined, prefix), activities: intake });
  const running = Promise.all([workflows.run(), activities.run()]);
  return {
    stop: async () => {
      workflows.shutdown();
      activities.shutdown();
      await running;
    },
  };
}

let caseCounter = 0;

/** A dispute case with a first-reply period; times are instants of the test server's clock. */
export function disputeCase(prefix: string, registeredAt: number, firstReplyDue: number): DisputePathInput {
  caseCounter += 1;
  const caseNo = `${prefix}-${Date.now().toString(36)}-${caseCounter}`;
  return {
    caseId: `case-${caseNo}`,
    caseNo,
    orgUnit: 'test-unit',
    registeredAt: new Date(registeredAt).toISOString(),
    firstReplyDue: new Date(firstReplyDue).toISOString(),
    yellowAt: 0.8,
    queuePrefix: prefix,
  };
}

/** Registered now, first reply due at the end of the next working day (as intake computes it). */
export async function caseWithWorkingDays(env: TestWorkflowEnvironment, prefix: string, workingDays: number): Promise<DisputePathInput> {
  const now = await env.currentTimeMs();
  return disputeCase(prefix, now, defaultCalendar().addWorkingDays(new Date(now), workingDays).due.getTime());
}

export function yellowPoint(input: DisputePathInput): number {
  const start = Date.parse(input.registeredAt);
  return start + (Date.parse(input.firstReplyDue) - start) * input.yellowAt;
}

export function startDisputePath(env: TestWorkflowEnvironment, input: DisputePathInput): Promise<WorkflowHandle> {
  return env.client.workflow.start(WorkflowTypes.disputePath, {
    workflowId: disputeWorkflowId(input.caseNo, input.queuePrefix),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
}

/** Skips the server clock forward to `instant` (no real waiting). */
export async function skipTo(env: TestWorkflowEnvironment, instant: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (instant > now) await env.sleep(instant - now);
}

export const queryState = (handle: WorkflowHandle): Promise<DisputePathState> => handle.query(stateQuery);

/**
 * Polls until `probe` returns a value, or fails after a real-time deadline. (A local twin of
 * `@fengqiao/testing`'s `waitFor`, which would pull PostgreSQL, NATS and TypeORM into this test.)
 */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Waits until the workflow reports `warning` and the fake has recorded `count` warnings for the case. */
export function warningReached(handle: WorkflowHandle, intake: RecordingIntake, caseNo: string, warning: DisputePathState['warning'], count: number) {
  return eventually(async () => {
    const state = await queryState(handle);
    return state.warning === warning && intake.recordedFor(caseNo).length >= count && state;
  }, `${caseNo} to be ${warning} with ${count} recorded warning(s)`);
}
