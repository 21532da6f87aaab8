import { WorkflowClient, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  defaultRoutingRules,
  resolveRule,
  taskQueue,
  type CaseClock,
  type Caller,
  type DisputePathInput,
  type IntakeActivities,
  type PetitionAction,
  type PetitionActivities,
  type PetitionStepRecord,
  type TransitionRecord,
} from '@fengqiao/contracts';
import { caseWorkflowId, kindModule } from '@fengqiao/rules';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';
import { petitionUpdates, stateQuery, workflowsPath, type PetitionState } from '../../src';

export { eventually, skipTo };
export const UNIT = '621102101';
export const COUNTY = '621102';
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const officer: Caller = { userId: 'u-po', username: 'petition.li', roles: ['petition-officer'], orgUnit: UNIT, department: null };
export const leader: Caller = { userId: 'u-lead', username: 'leader.wang', roles: ['leader'], orgUnit: UNIT, department: null };
export const petitioner: Caller = { userId: 'u-res', username: 'resident.zhao', roles: ['resident'], orgUnit: null, department: null };

/** Every transition intake was asked to store, in arrival order. */
function recordingIntake() {
  const transitions: TransitionRecord[] = [];
  const activities: IntakeActivities = {
    async recordWarning() {},
    async recordTransition(r) {
      transitions.push(structuredClone(r));
    },
  };
  const of = (caseNo: string) => transitions.filter((t) => t.caseNo === caseNo);
  return { activities, of, types: (caseNo: string) => of(caseNo).map((t) => t.type) };
}

/** The petitions service's activity, storing every step it receives. */
function recordingPetitions() {
  const steps: PetitionStepRecord[] = [];
  const activities: PetitionActivities = {
    async recordPetitionStep(s) {
      steps.push(structuredClone(s));
    },
  };
  return { activities, types: (caseNo: string) => steps.filter((s) => s.caseNo === caseNo).map((s) => s.type), steps };
}

export interface Timeline {
  env: TestWorkflowEnvironment;
  prefix: string;
  intake: ReturnType<typeof recordingIntake>;
  petitions: ReturnType<typeof recordingPetitions>;
  plain: WorkflowClient;
  started: WorkflowHandle[];
}

/**
 * A time-skipping server whose clock starts at `startAt`, with the workflow worker, intake's and
 * (unless `petitionsDown`) the petitions service's activity workers on it, under a queue prefix.
 */
export async function startTimeline(prefix: string, startAt: string, o: { petitionsDown?: boolean } = {}): Promise<{ t: Timeline; stop: () => Promise<void> }> {
  quietTemporalLogs();
  const bundle: WorkflowBundleWithSourceMap = await bundleOnce(workflowsPath);
  const env = await createTimeSkippingEnv(startAt);
  const intake = recordingIntake();
  const petitions = recordingPetitions();
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({ ...workerTelemetry(), connection, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), workflowBundle: bundle }),
    await Worker.create({ connection, taskQueue: taskQueue('intake', undefined, prefix), activities: intake.activities }),
  ];
  if (!o.petitionsDown)
    workers.push(await Worker.create({ connection, taskQueue: taskQueue('petitions', undefined, prefix), activities: petitions.activities }));
  const running = Promise.all(workers.map((w) => w.run()));
  const t: Timeline = { env, prefix, intake, petitions, plain: new WorkflowClient({ connection: env.connection, namespace: env.namespace }), started: [] };
  const stop = async () => {
    await Promise.all(t.started.map((h) => h.terminate('test finished').catch(() => undefined)));
    workers.forEach((w) => w.shutdown());
    await running;
    await env.teardown();
  };
  return { t, stop };
}

/** One server per describe block (its clock only moves forward). */
export function useTimeline(prefix: string, startAt: string, o: { petitionsDown?: boolean } = {}): () => Timeline {
  let started: Awaited<ReturnType<typeof startTimeline>> | undefined;
  beforeAll(async () => {
    started = await startTimeline(prefix, startAt, o);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (!started) throw new Error('timeline not started');
    return started.t;
  };
}

let n = 0;

/** Registers a petition now (server time) and starts its process as intake does; waits for its first step. */
export async function registerPetition(t: Timeline, extra: Partial<DisputePathInput> = {}): Promise<{ handle: WorkflowHandle; caseNo: string }> {
  n += 1;
  const caseNo = `${UNIT}-2026-${String(n).padStart(6, '0')}`;
  const registeredAt = new Date(await t.env.currentTimeMs()).toISOString();
  const rule = resolveRule(defaultRoutingRules(['other']), 'other', 'ordinary');
  const input: DisputePathInput = {
    caseId: `case-${t.prefix}-${n}`,
    caseNo,
    orgUnit: UNIT,
    registeredAt,
    firstReplyDue: registeredAt,
    yellowAt: rule.yellowAt,
    ruleVersion: 1,
    rule,
    queuePrefix: t.prefix,
    ...extra,
  };
  const m = kindModule('petition')!;
  const handle = await t.env.client.workflow.start(m.process.workflowType, {
    workflowId: caseWorkflowId(m, caseNo, t.prefix),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, t.prefix),
    args: [input],
  });
  t.started.push(handle);
  await eventually(() => t.intake.of(caseNo).length > 0, `${caseNo} routed`);
  return { handle, caseNo };
}

const DEFAULT_ACTOR: Partial<Record<PetitionAction, Caller>> = {
  'approve-extension': leader,
  'request-review': petitioner,
  'request-re-review': petitioner,
  rate: petitioner,
};

export function act(handle: WorkflowHandle, action: PetitionAction, body: Record<string, unknown> = {}, actor?: Caller): Promise<PetitionState> {
  return handle.executeUpdate(petitionUpdates[action], { args: [{ actor: actor ?? DEFAULT_ACTOR[action] ?? officer, body }] });
}

/** The failure of an action the workflow refused: the update's ApplicationFailure. */
export async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) return e.cause;
    throw e;
  }
  throw new Error('the action was accepted, a refusal was expected');
}

export const queryState = (handle: WorkflowHandle): Promise<PetitionState> => handle.query(stateQuery);

export const clockOf = (s: Pick<PetitionState, 'clocks'>, id: string): CaseClock => {
  const c = s.clocks.find((x) => x.id === id);
  if (!c) throw new Error(`no running clock ${id} in [${s.clocks.map((x) => x.id).join(', ')}]`);
  return c;
};

/** Gives the worker a moment to act on anything due by now (to check that nothing happened). */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** Waits until intake stored a `warning-changed` of the clock to `to`. */
export function warning(t: Timeline, caseNo: string, clock: string, to: 'yellow' | 'red'): Promise<TransitionRecord> {
  return eventually(
    () => t.intake.of(caseNo).find((r) => r.type === 'warning-changed' && r.detail['clock'] === clock && r.detail['to'] === to),
    `${clock} ${to}`,
  );
}

/** A staff clock walks green → yellow at 80 % → red after its due instant, red opening a supervision item. */
export async function expectColours(t: Timeline, caseNo: string, clock: CaseClock): Promise<void> {
  const yellowAt = Date.parse(clock.yellowAt);
  const due = Date.parse(clock.due);
  // At 80 % of the period (a stop moves the yellow point by the time stopped).
  if (!clock.pausedMs) expect(yellowAt - Date.parse(clock.startedAt)).toBe(Math.round((due - Date.parse(clock.startedAt)) * 0.8));
  await skipTo(t.env, yellowAt - MINUTE);
  await settle();
  expect(t.intake.of(caseNo).filter((r) => r.detail['clock'] === clock.id && r.type === 'warning-changed')).toEqual([]);
  await skipTo(t.env, yellowAt + MINUTE);
  const yellow = await warning(t, caseNo, clock.id, 'yellow');
  expect(yellow.openSupervision).toBeUndefined();
  await skipTo(t.env, due - MINUTE);
  await settle();
  expect(t.intake.of(caseNo).some((r) => r.detail['clock'] === clock.id && r.detail['to'] === 'red')).toBe(false);
  await skipTo(t.env, due + MINUTE);
  const red = await warning(t, caseNo, clock.id, 'red');
  expect(red.state.warning).toBe('red');
  expect(red.openSupervision).toEqual([{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }]);
}

/** Waits for the run to complete without unlocking time skipping, and returns its result. */
export async function completed(t: Timeline, handle: WorkflowHandle): Promise<PetitionState> {
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED' || undefined, `${handle.workflowId} to complete`);
  return t.plain.getHandle(handle.workflowId).result() as Promise<PetitionState>;
}
