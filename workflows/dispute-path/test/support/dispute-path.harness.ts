// long file: the one harness every dispute-path spec shares (worker, recorded activities, clients per role).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowClient, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  defaultRoutingRules,
  disputeWorkflowId,
  resolveRule,
  taskQueue,
  WorkflowTypes,
  type ActionBody,
  type Caller,
  type DisputeAction,
  type DisputePathInput,
  type DisputeState,
  type IntakeActivities,
  type JudicialConfirmationSignal,
  type MediationActivities,
  type Period,
  type PeriodName,
  type RoutingRule,
  type Severity,
  type TransitionRecord,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, createTimeSkippingEnv, eventually, quietTemporalLogs } from '@fengqiao/testing/workflow';
import { actionUpdates, disputePathWorkflowsPath, judicialConfirmationSignal, stateQuery } from '../../src';

/** The home centre of the test cases (a township centre, 9 digits) and its county (6 digits). */
export const HOME_UNIT = '621102101';
export const COUNTY_UNIT = '621100';
export const MEDIATION_UNITS = [HOME_UNIT, COUNTY_UNIT] as const;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

// ---- server and bundle ------------------------------------------------------------------------

export { createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';

export function bundleDisputePath(o: { tracing?: boolean } = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleOnce(disputePathWorkflowsPath, o);
}

// ---- fake intake ------------------------------------------------------------------------------

export type WarningCall = Parameters<IntakeActivities['recordWarning']>[0];
/** A transition as the fake intake stored it, with the time its activity was scheduled (server clock). */
export type RecordedTransition = TransitionRecord & { scheduledAt: string };

function scheduledAt(): string {
  return new Date(Context.current().info.currentAttemptScheduledTimestampMs).toISOString();
}

/** Fake intake activities: every transition (and first-version warning) by case, in arrival order. */
export function createRecordingIntake() {
  const transitions: RecordedTransition[] = [];
  const warnings: WarningCall[] = [];
  const activities: IntakeActivities = {
    async recordWarning(input) {
      warnings.push(input);
    },
    async recordTransition(input) {
      transitions.push({ ...structuredClone(input), scheduledAt: scheduledAt() });
    },
  };
  const transitionsFor = (caseNo: string) => transitions.filter((t) => t.caseNo === caseNo);
  return {
    activities,
    transitionsFor,
    typesFor: (caseNo: string) => transitionsFor(caseNo).map((t) => t.type),
    /** `warning-changed` transitions of one clock of the case. */
    warningsOf: (caseNo: string, clockId: string) => transitionsFor(caseNo).filter((t) => t.type === 'warning-changed' && t.detail.clock === clockId),
    warningsFor: (caseNo: string) => warnings.filter((w) => w.caseNo === caseNo),
  };
}
export type RecordingIntake = ReturnType<typeof createRecordingIntake>;

// ---- fake mediation, one deployment per org unit ----------------------------------------------

export type MediationActivityName = keyof MediationActivities;

export interface MediationCall {
  /** The task queue the activity came in on (`<prefix>.mediation@<orgUnit>`). */
  queue: string;
  /** The org unit of the fake deployment that ran it. */
  unit: string;
  name: MediationActivityName;
  input: Record<string, unknown>;
  scheduledAt: string;
}

export const MEDIATOR = { id: '6f1c1f4e-3a52-4d7e-9a9c-2b4f0d1e7a01', name: '李调解', username: 'li.tiaojie' } as const;

/**
 * Fake mediation services: one activity set per org unit, each recording its calls with the queue
 * they arrived on. assignMediator returns MEDIATOR (or the named one), or fails
 * `NoMediatorAvailable` (non-retryable) for the cases told so.
 */
export function createFakeMediation(units: readonly string[] = MEDIATION_UNITS) {
  const calls: MediationCall[] = [];
  const noMediatorFor = new Set<string>();
  const perUnit = new Map<string, MediationActivities>();
  for (const unit of units) {
    const record = (name: MediationActivityName, input: object) =>
      calls.push({ queue: Context.current().info.taskQueue, unit, name, input: structuredClone(input) as Record<string, unknown>, scheduledAt: scheduledAt() });
    perUnit.set(unit, {
      async assignMediator(input) {
        record('assignMediator', input);
        if (noMediatorFor.has(input.caseId)) {
          throw ApplicationFailure.nonRetryable(
            `团队 ${input.team} 暂无可用调解员 / no mediator of ${input.team} available at ${input.orgUnit}`,
            'NoMediatorAvailable',
          );
        }
        return { id: input.mediatorId ?? MEDIATOR.id, name: MEDIATOR.name, username: MEDIATOR.username, team: input.team, orgUnit: unit };
      },
      async releaseMediator(input) {
        record('releaseMediator', input);
      },
      async recordSession(input) {
        record('recordSession', input);
      },
      async recordAgreement(input) {
        record('recordAgreement', input);
      },
      async recordJudicialConfirmation(input) {
        record('recordJudicialConfirmation', input);
      },
      async openDepartmentPart(input) {
        record('openDepartmentPart', input);
      },
      async recordReportIn(input) {
        record('recordReportIn', input);
      },
      async recordDepartmentResult(input) {
        record('recordDepartmentResult', input);
      },
      async scheduleReturnVisit(input) {
        record('scheduleReturnVisit', input);
      },
      async completeReturnVisit(input) {
        record('completeReturnVisit', input);
      },
    });
  }
  return {
    activitiesFor: (unit: string) => {
      const a = perUnit.get(unit);
      if (!a) throw new Error(`no fake mediation deployment for ${unit}`);
      return a;
    },
    units,
    /** Calls for a case (by caseId), optionally of one activity. */
    callsFor: (caseId: string, name?: MediationActivityName) => calls.filter((c) => c.input.caseId === caseId && (!name || c.name === name)),
    noMediatorFor: (caseId: string, on = true) => (on ? noMediatorFor.add(caseId) : noMediatorFor.delete(caseId)),
  };
}
export type FakeMediation = ReturnType<typeof createFakeMediation>;

// ---- workers ----------------------------------------------------------------------------------

/**
 * The orchestrator's workflow worker, intake's activity worker and one mediation worker per org
 * unit (`mediation@<unit>`), all on one test server under a queue prefix.
 */
export async function startWorkers(
  env: TestWorkflowEnvironment,
  prefix: string,
  workflowBundle: WorkflowBundleWithSourceMap,
  intake: IntakeActivities,
  mediation?: FakeMediation,
) {
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({ ...workerTelemetry(), connection, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), workflowBundle }),
    await Worker.create({ connection, taskQueue: taskQueue('intake', undefined, prefix), activities: intake }),
  ];
  for (const unit of mediation?.units ?? []) {
    workers.push(await Worker.create({ connection, taskQueue: taskQueue('mediation', unit, prefix), activities: mediation!.activitiesFor(unit) }));
  }
  const running = Promise.all(workers.map((w) => w.run()));
  return {
    stop: async () => {
      for (const w of workers) w.shutdown();
      await running;
    },
  };
}

/** One timeline: a server started at `startAt`, the fakes and the workers on it. */
export interface Timeline {
  env: TestWorkflowEnvironment;
  prefix: string;
  intake: RecordingIntake;
  mediation: FakeMediation;
  started: WorkflowHandle[];
  /**
   * A client without time skipping. The environment's own client unlocks time skipping while it
   * waits for a result, and with nothing else to wait for the server then jumps years ahead (to
   * the runs' execution timeout): results are read through this one instead.
   */
  plain: WorkflowClient;
  stop(): Promise<void>;
}

export async function startTimeline(prefix: string, startAt?: string | number, workflowBundle?: WorkflowBundleWithSourceMap): Promise<Timeline> {
  quietTemporalLogs();
  const bundle = workflowBundle ?? (await bundleDisputePath());
  const env = await createTimeSkippingEnv(startAt);
  const intake = createRecordingIntake();
  const mediation = createFakeMediation();
  try {
    const workers = await startWorkers(env, prefix, bundle, intake.activities, mediation);
    const started: WorkflowHandle[] = [];
    return {
      env,
      prefix,
      intake,
      mediation,
      started,
      plain: new WorkflowClient({ connection: env.connection, namespace: env.namespace }),
      stop: async () => {
        // Runs that wait for later stages would keep the workers busy: end them first.
        await Promise.all(started.map((h) => h.terminate('test finished').catch(() => undefined)));
        await workers.stop();
        await env.teardown();
      },
    };
  } catch (e) {
    await env.teardown();
    throw e;
  }
}

// ---- input --------------------------------------------------------------------------------------

/** Categories with their own rules in the tests (the others fall back to `*`). */
export const CATEGORIES = ['labour', 'marriage-family', 'neighbour'];

export interface CaseOptions {
  prefix: string;
  /** Instant of registration: the first-reply clock starts here. */
  registeredAt: string | number;
  category?: string;
  severity?: Severity;
  /** Fields of the resolved rule to replace. */
  rule?: Partial<Omit<RoutingRule, 'periods'>>;
  periods?: Partial<Record<PeriodName, Period>>;
  orgUnit?: string;
  caseNo?: string;
}

let caseCounter = 0;

/** A v2 input as the orchestrator builds it: the rule resolved from the default rule set, version 1. */
export function disputeInput(o: CaseOptions): DisputePathInput {
  caseCounter += 1;
  const caseNo = o.caseNo ?? `${o.prefix}-${caseCounter}`;
  const resolved = resolveRule(defaultRoutingRules(CATEGORIES), o.category ?? 'neighbour', o.severity ?? 'ordinary');
  const rule: RoutingRule = { ...resolved, ...o.rule, periods: { ...resolved.periods, ...o.periods } };
  const registeredAt = new Date(o.registeredAt).toISOString();
  return {
    caseId: `case-${caseNo}`,
    caseNo,
    orgUnit: o.orgUnit ?? HOME_UNIT,
    registeredAt,
    // The first version's field; current runs compute their own first-reply due from the rule.
    firstReplyDue: new Date(Date.parse(registeredAt) + DAY).toISOString(),
    yellowAt: 0.8,
    ruleVersion: 1,
    rule,
    queuePrefix: o.prefix,
    registeredBy: 'clerk.zhang',
  };
}

export async function startDispute(t: Pick<Timeline, 'env' | 'started'>, input: DisputePathInput): Promise<WorkflowHandle> {
  const handle = await t.env.client.workflow.start(WorkflowTypes.disputePath, {
    workflowId: disputeWorkflowId(input.caseNo, input.queuePrefix),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, input.queuePrefix),
    args: [input],
  });
  t.started.push(handle);
  return handle;
}

/** Starts a case and waits until its `routed` transition is stored (the run is in its main loop). */
export async function registerCase(t: Timeline, options: Omit<CaseOptions, 'prefix'>): Promise<{ input: DisputePathInput; handle: WorkflowHandle }> {
  const input = disputeInput({ prefix: t.prefix, ...options });
  const handle = await startDispute(t, input);
  await transitionRecorded(t.intake, input.caseNo, 'routed');
  // The routed activity is recorded before the workflow task that completes it starts the first
  // clock's timer; wait for that timer so a test's history and state start from a settled run.
  await eventually(
    async () => ((await handle.fetchHistory()).events ?? []).some((e) => !!e.timerStartedEventAttributes) || undefined,
    `${input.caseNo}'s first clock`,
  );
  return { input, handle };
}

// ---- actions ------------------------------------------------------------------------------------

const caller = (username: string, roles: string[], department: string | null = null, orgUnit: string | null = HOME_UNIT): Caller => ({
  userId: `user-${username}`,
  username,
  roles,
  orgUnit,
  department,
});

export const ACTORS = {
  clerk: caller('clerk.zhang', ['clerk']),
  mediator: caller(MEDIATOR.username, ['mediator']),
  leader: caller('leader.wang', ['leader']),
  resident: caller('resident.zhao', ['resident'], null, null),
  police: caller('officer.chen', ['dept-officer'], 'public-security'),
  housing: caller('officer.liu', ['dept-officer'], 'housing', COUNTY_UNIT),
} as const;

const DEFAULT_ACTOR: Record<DisputeAction, Caller> = {
  reply: ACTORS.clerk,
  assign: ACTORS.leader,
  session: ACTORS.mediator,
  escalate: ACTORS.leader,
  'report-in': ACTORS.police,
  'dept-result': ACTORS.police,
  conclude: ACTORS.mediator,
  feedback: ACTORS.clerk,
  rate: ACTORS.resident,
  'return-visit': ACTORS.clerk,
};

/** Executes an action as its update (the update's name is the action's). */
export function act<A extends DisputeAction>(
  handle: WorkflowHandle,
  action: A,
  body: ActionBody<A> | Record<string, unknown>,
  actor: Caller = DEFAULT_ACTOR[action],
): Promise<DisputeState> {
  return handle.executeUpdate(actionUpdates[action], { args: [{ actor, body }] });
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

export const queryState = (handle: WorkflowHandle): Promise<DisputeState> => handle.query(stateQuery) as Promise<DisputeState>;

export function signalJudicialConfirmation(handle: WorkflowHandle, s: Partial<JudicialConfirmationSignal> = {}): Promise<void> {
  return handle.signal(judicialConfirmationSignal, {
    result: 'confirmed',
    court: '某县人民法院',
    decidedAt: '2026-01-01T10:00:00+08:00',
    reference: '(2026)司确字第1号',
    recordedBy: 'clerk.zhang',
    ...s,
  });
}

// ---- time and waiting ---------------------------------------------------------------------------

export const iso = (ms: number) => new Date(ms).toISOString();

/** Waits until intake has stored a transition of `type` for the case (matching `where`), and returns it. */
export function transitionRecorded(
  intake: RecordingIntake,
  caseNo: string,
  type: string,
  where: (t: RecordedTransition) => boolean = () => true,
): Promise<RecordedTransition> {
  return eventually(() => intake.transitionsFor(caseNo).find((t) => t.type === type && where(t)), `${caseNo}: transition ${type}`);
}

/** Waits until the clock's colour change is stored. */
export function warningRecorded(intake: RecordingIntake, caseNo: string, clockId: string, to: 'yellow' | 'red'): Promise<RecordedTransition> {
  return transitionRecorded(intake, caseNo, 'warning-changed', (t) => t.detail.clock === clockId && t.detail.to === to);
}

/** Gives the worker a moment to act on anything due by now (to check that nothing happened). */
export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

export async function isRunning(handle: WorkflowHandle): Promise<boolean> {
  return (await handle.describe()).status.name === 'RUNNING';
}

/** Waits for the run to complete without unlocking time skipping (unlike `handle.result()`), and returns its result. */
export async function completed(t: Pick<Timeline, 'plain'>, handle: WorkflowHandle): Promise<DisputeState> {
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED' || undefined, `${handle.workflowId} to complete`);
  return t.plain.getHandle(handle.workflowId).result() as Promise<DisputeState>;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** Events of workflow tasks only (scheduled, started, completed). */
export const isWorkflowTaskEvent = (e: HistoryEvent) =>
  !!(e.workflowTaskScheduledEventAttributes || e.workflowTaskStartedEventAttributes || e.workflowTaskCompletedEventAttributes);

/** Update events of a history (admitted, accepted, completed). */
export const isUpdateEvent = (e: HistoryEvent) =>
  !!(e.workflowExecutionUpdateAdmittedEventAttributes || e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes);
