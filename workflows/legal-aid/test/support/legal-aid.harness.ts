import { WorkflowClient, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  AssignmentFailureTypes,
  defaultRoutingRules,
  resolveRule,
  taskQueue,
  WorkflowTypes,
  type AssignedProvider,
  type Caller,
  type CaseClock,
  type DisputePathInput,
  type EligibilityAssessment,
  type IntakeActivities,
  type IntakePartyActivities,
  type LegalAidAction,
  type LegalAidActivities,
  type LegalAidStepRecord,
  type TransitionRecord,
} from '@fengqiao/contracts';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';
import { legalAidUpdates, stateQuery, workflowsPath, type LegalAidState } from '../../src';

export { eventually, skipTo };
export const UNIT = '621102101';
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export const officer: Caller = { userId: 'u-lao', username: 'legal-aid.li', roles: ['legal-aid-officer'], orgUnit: UNIT, department: null };
export const leader: Caller = { userId: 'u-lead', username: 'leader.wang', roles: ['leader'], orgUnit: UNIT, department: null };
export const applicant: Caller = { userId: 'u-res', username: 'resident.zhao', roles: ['resident'], orgUnit: null, department: null };
export const lawyer: Caller = { userId: 'u-law', username: 'lawyer.621102', roles: ['legal-aid-provider'], orgUnit: '621102', department: null };
export const otherLawyer: Caller = { userId: 'u-law2', username: 'lawyer.other', roles: ['legal-aid-provider'], orgUnit: '621102', department: null };

export const PROVIDER: AssignedProvider = {
  id: '5b0f8a53-5d1c-4a8e-9c55-1d8f2f0a0001',
  name: '王律师',
  type: 'firm-lawyer',
  organisation: '甘肃某某律师事务所',
  username: lawyer.username,
  reason: '专长：劳动报酬；所在单位：621102；在办 1/5',
};

/** The parties' keys intake answers for every case (the conflict check is the service's). */
export const PARTIES = { applicants: ['key-applicant'], opponents: ['key-opponent'], linkedCaseIds: [] };

export const ELIGIBLE: EligibilityAssessment = { outcome: 'eligible', economic: 'passed', standard: null, advanceAidGrounds: [], rules: [] };

/** Every transition intake was asked to store, in arrival order; and its party keys. */
function recordingIntake() {
  const transitions: TransitionRecord[] = [];
  const partyCalls: string[] = [];
  const activities: IntakeActivities & IntakePartyActivities = {
    async recordWarning() {},
    async recordTransition(r) {
      transitions.push(structuredClone(r));
    },
    async partyKeys({ caseId }) {
      partyCalls.push(caseId);
      return PARTIES;
    },
  };
  const of = (caseNo: string) => transitions.filter((t) => t.caseNo === caseNo);
  return { activities, of, partyCalls, types: (caseNo: string) => of(caseNo).map((t) => t.type) };
}

/**
 * The legal-aid service's activities: every step, application and release kept; an assignment
 * answers PROVIDER unless the test told it to refuse (`refuseNext`: one of AssignmentFailureTypes).
 */
function recordingLegalAid() {
  const steps: LegalAidStepRecord[] = [];
  const applications: Array<Parameters<LegalAidActivities['recordApplication']>[0]> = [];
  const assignments: Array<Parameters<LegalAidActivities['assignProvider']>[0]> = [];
  const releases: string[] = [];
  const control = { refuseNext: null as string | null, assessment: ELIGIBLE };
  const activities: LegalAidActivities = {
    async recordApplication(input) {
      applications.push(structuredClone(input));
      return control.assessment;
    },
    async recordLegalAidStep(s) {
      steps.push(structuredClone(s));
    },
    async assignProvider(input) {
      const refuse = control.refuseNext;
      control.refuseNext = null;
      if (refuse) throw ApplicationFailure.create({ type: refuse, message: `refused: ${refuse}`, nonRetryable: true });
      assignments.push(structuredClone(input));
      return PROVIDER;
    },
    async releaseProvider({ caseId }) {
      releases.push(caseId);
    },
  };
  return {
    activities,
    control,
    steps,
    applications,
    assignments,
    releases,
    types: (caseNo: string) => steps.filter((s) => s.caseNo === caseNo).map((s) => s.type),
  };
}

export interface Timeline {
  env: TestWorkflowEnvironment;
  prefix: string;
  intake: ReturnType<typeof recordingIntake>;
  legalAid: ReturnType<typeof recordingLegalAid>;
  plain: WorkflowClient;
  started: WorkflowHandle[];
}

/** A time-skipping server whose clock starts at `startAt`, with the workflow worker, intake's and the legal-aid service's activity workers. */
export async function startTimeline(prefix: string, startAt: string): Promise<{ t: Timeline; stop: () => Promise<void> }> {
  quietTemporalLogs();
  const bundle: WorkflowBundleWithSourceMap = await bundleOnce(workflowsPath);
  const env = await createTimeSkippingEnv(startAt);
  const intake = recordingIntake();
  const legalAid = recordingLegalAid();
  const connection = env.nativeConnection;
  const workers = [
    await Worker.create({ ...workerTelemetry(), connection, taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, prefix), workflowBundle: bundle }),
    await Worker.create({ connection, taskQueue: taskQueue('intake', undefined, prefix), activities: intake.activities }),
    await Worker.create({ connection, taskQueue: taskQueue('legal-aid', undefined, prefix), activities: legalAid.activities }),
  ];
  const running = Promise.all(workers.map((w) => w.run()));
  const t: Timeline = { env, prefix, intake, legalAid, plain: new WorkflowClient({ connection: env.connection, namespace: env.namespace }), started: [] };
  const stop = async () => {
    await Promise.all(t.started.map((h) => h.terminate('test finished').catch(() => undefined)));
    workers.forEach((w) => w.shutdown());
    await running;
    await env.teardown();
  };
  return { t, stop };
}

/** One server per describe block (its clock only moves forward). */
export function useTimeline(prefix: string, startAt: string): () => Timeline {
  let started: Awaited<ReturnType<typeof startTimeline>> | undefined;
  beforeAll(async () => {
    started = await startTimeline(prefix, startAt);
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

/** Registers a legal-aid case now (server time) and starts its process as intake does; waits for its first step. */
export async function registerLegalAid(
  t: Timeline,
  extra: Partial<DisputePathInput> = {},
): Promise<{ handle: WorkflowHandle; caseNo: string; caseId: string }> {
  n += 1;
  const caseNo = `${UNIT}-2026-${String(n).padStart(6, '0')}`;
  const caseId = `case-${t.prefix}-${n}`;
  const registeredAt = new Date(await t.env.currentTimeMs()).toISOString();
  const rule = resolveRule(defaultRoutingRules(['other']), 'other', 'ordinary');
  const input: DisputePathInput = {
    caseId,
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
  // The kind's declaration names this workflow type and id prefix (libs/rules legal-aid.kind.ts).
  const handle = await t.env.client.workflow.start(WorkflowTypes.legalAidProcess, {
    workflowId: `${t.prefix}.legal-aid-${caseNo}`,
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, t.prefix),
    args: [input],
  });
  t.started.push(handle);
  await eventually(() => t.intake.of(caseNo).length > 0, `${caseNo} routed`);
  return { handle, caseNo, caseId };
}

const DEFAULT_ACTOR: Partial<Record<LegalAidAction, Caller>> = {
  apply: applicant,
  'supply-materials': applicant,
  withdraw: applicant,
  object: applicant,
  'decide-objection': leader,
  'court-filed': lawyer,
  'matter-ended': lawyer,
  'file-closure': lawyer,
  rate: applicant,
};

export function act(handle: WorkflowHandle, action: LegalAidAction, body: Record<string, unknown> = {}, actor?: Caller): Promise<LegalAidState> {
  return handle.executeUpdate(legalAidUpdates[action], { args: [{ actor: actor ?? DEFAULT_ACTOR[action] ?? officer, body }] });
}

/** The application's facts of a labour-pay claim (no notification, no §44 ground unless given). */
export const facts = (extra: Record<string, unknown> = {}) => ({
  matter: 'labour',
  hasOwnLawyer: false,
  household: { members: 3, monthlyIncome: 2000 },
  statementSigned: true,
  ...extra,
});

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

export const queryState = (handle: WorkflowHandle): Promise<LegalAidState> => handle.query(stateQuery);

export const clockOf = (s: Pick<LegalAidState, 'clocks'>, id: string): CaseClock => {
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

/** A staff clock walks green → yellow at 70 % → red after its due instant, red opening a supervision item. */
export async function expectColours(t: Timeline, caseNo: string, clock: CaseClock): Promise<void> {
  const yellowAt = Date.parse(clock.yellowAt);
  const due = Date.parse(clock.due);
  // At 70 % of the period (a stop moves the yellow point by the time stopped).
  if (!clock.pausedMs) expect(yellowAt - Date.parse(clock.startedAt)).toBe(Math.round((due - Date.parse(clock.startedAt)) * 0.7));
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
export async function completed(t: Timeline, handle: WorkflowHandle): Promise<LegalAidState> {
  await eventually(async () => (await handle.describe()).status.name === 'COMPLETED' || undefined, `${handle.workflowId} to complete`);
  return t.plain.getHandle(handle.workflowId).result() as Promise<LegalAidState>;
}

export { AssignmentFailureTypes };
