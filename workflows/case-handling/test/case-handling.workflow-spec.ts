import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  defaultRoutingRules,
  resolveRule,
  taskQueue,
  type Caller,
  type DisputePathInput,
  type DisputeState,
  type IntakeActivities,
  type ProcessResume,
  type TransitionRecord,
} from '@fengqiao/contracts';
import { caseWorkflowId, kindModule } from '@fengqiao/rules';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';
import { genericUpdates, workflowsPath } from '../src';

const PREFIX = 'ch';
const UNIT = '621102101';
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Monday 2026-11-23 09:00 Beijing time: working days ahead, no holiday near.
const MONDAY = Date.parse('2026-11-23T09:00:00+08:00');

const clerk: Caller = { userId: 'u-clerk', username: 'clerk.zhang', roles: ['clerk'], orgUnit: UNIT, department: null };
const resident: Caller = { userId: 'u-res', username: 'resident.zhao', roles: ['resident'], orgUnit: null, department: null };

let env: TestWorkflowEnvironment;
let worker: Worker;
let activities: Worker;
let running: Promise<void>;
const transitions: TransitionRecord[] = [];
let n = 0;

const intake: IntakeActivities = {
  async recordWarning() {},
  async recordTransition(r) {
    transitions.push(structuredClone(r));
  },
};

beforeAll(async () => {
  quietTemporalLogs();
  env = await createTimeSkippingEnv(MONDAY);
  worker = await Worker.create({
    ...workerTelemetry(),
    connection: env.nativeConnection,
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, PREFIX),
    workflowBundle: await bundleOnce(workflowsPath),
  });
  activities = await Worker.create({ connection: env.nativeConnection, taskQueue: taskQueue('intake', undefined, PREFIX), activities: intake });
  running = Promise.all([worker.run(), activities.run()]).then(() => undefined);
});

afterAll(async () => {
  worker?.shutdown();
  activities?.shutdown();
  await running;
  await env?.teardown();
});

/** Starts the kind's process for a case registered `registeredAgo` ms ago, taken over where `resume` says if given. */
async function start(kind: string, resume?: ProcessResume, registeredAgo = 0): Promise<{ handle: WorkflowHandle; caseNo: string }> {
  n += 1;
  const registeredAt = (await env.currentTimeMs()) - registeredAgo;
  const caseNo = `${UNIT}-2026-${String(n).padStart(6, '0')}`;
  const rule = resolveRule(defaultRoutingRules(['other']), 'other', 'ordinary');
  const input: DisputePathInput = {
    caseId: `case-${n}`,
    caseNo,
    orgUnit: UNIT,
    registeredAt: new Date(registeredAt).toISOString(),
    firstReplyDue: new Date(registeredAt + DAY).toISOString(),
    yellowAt: rule.yellowAt,
    ruleVersion: 1,
    rule,
    queuePrefix: PREFIX,
    ...(resume ? { resume } : {}),
  };
  const m = kindModule(kind)!;
  const handle = await env.client.workflow.start(m.process.workflowType, {
    workflowId: caseWorkflowId(m, caseNo, PREFIX),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, PREFIX),
    args: [input],
  });
  return { handle, caseNo };
}

const act = (h: WorkflowHandle, action: keyof typeof genericUpdates, body: unknown, actor: Caller = clerk): Promise<DisputeState> =>
  h.executeUpdate(genericUpdates[action], { args: [{ actor, body }] });
const typesOf = (caseNo: string) => transitions.filter((t) => t.caseNo === caseNo).map((t) => t.type);

/** The workflow's refusal as the caller sees it: the failure type and the allowed actions. */
async function refusal(p: Promise<unknown>): Promise<{ type?: string; allowed?: string[] }> {
  try {
    await p;
  } catch (e) {
    const cause = e instanceof WorkflowUpdateFailedError ? e.cause : undefined;
    if (cause instanceof ApplicationFailure)
      return { type: cause.type ?? undefined, allowed: (cause.details?.[0] as { allowedActions?: string[] })?.allowedActions };
    throw e;
  }
  throw new Error('the action was not refused');
}

describe('the generic case process (consultation, complaint, hazard, …)', () => {
  it('walks a complaint from first contact through handling, feedback and rating to closed', async () => {
    const { handle, caseNo } = await start('complaint');
    // The first action may arrive before the run has recorded its first step: it waits its turn.
    const replied = await act(handle, 'reply', { message: '已受理', resolved: false });
    expect(replied).toMatchObject({ status: 'handling', allowedActions: ['conclude'] });
    expect(replied.clocks.map((c) => c.id)).toEqual(['handling']);
    const concluded = await act(handle, 'conclude', { outcome: 'resolved', summary: '已处理' });
    expect(concluded).toMatchObject({ status: 'awaiting-feedback', outcome: 'resolved', allowedActions: ['feedback'] });
    await act(handle, 'feedback', { message: '已告知', channel: 'phone' });
    const rated = await act(handle, 'rate', { score: 4 }, resident);
    expect(rated).toMatchObject({ status: 'closed', rating: 4, allowedActions: [] });
    // Ended once closed with no clock left (polled: awaiting the result would unlock time skipping).
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', 'run completed');
    expect(typesOf(caseNo)).toEqual(['routed', 'replied', 'concluded', 'feedback-recorded', 'rated', 'closed']);
    expect(transitions.filter((t) => t.caseNo === caseNo).map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('settles a consultation on the spot, and never closes it before the result is told', async () => {
    const { handle } = await start('consultation');
    const replied = await act(handle, 'reply', { message: '政策已解答', resolved: true });
    expect(replied).toMatchObject({ status: 'awaiting-feedback', outcome: 'resolved-at-first-contact', allowedActions: ['feedback'] });
    expect(await refusal(act(handle, 'rate', { score: 5 }, resident))).toEqual({ type: 'ActionNotAllowed', allowed: ['feedback'] });
    expect(await refusal(act(handle, 'feedback', { message: '', channel: 'phone' }))).toMatchObject({ type: 'InvalidAction' });
  });

  it('turns the first-reply clock yellow, then red with a supervision item, when nobody answers', async () => {
    const { handle, caseNo } = await start('hazard');
    await eventually(() => typesOf(caseNo).includes('routed'), 'routed');
    const clock = (await handle.query<DisputeState>('state')).clocks.find((c) => c.id === 'first-reply')!;
    const warningsNow = (count: number) => () => {
      const w = transitions.filter((t) => t.caseNo === caseNo && t.type === 'warning-changed');
      return w.length >= count ? w : undefined;
    };
    await skipTo(env, Date.parse(clock.yellowAt) + 60_000);
    await eventually(warningsNow(1), 'yellow');
    await skipTo(env, Date.parse(clock.due) + 60_000);
    const warnings = await eventually(warningsNow(2), 'red');
    expect(warnings.map((w) => w.detail['to'])).toEqual(['yellow', 'red']);
    expect(warnings[1]!.openSupervision).toEqual([expect.objectContaining({ clockId: 'first-reply', orgUnit: UNIT, reason: 'first-reply-overdue' })]);
    // Late, but still answerable.
    expect(await act(handle, 'reply', { message: '迟复', resolved: true })).toMatchObject({ status: 'awaiting-feedback' });
  });
});

describe('the generic process resumed where its case stands (seeded history)', () => {
  const resumeAt = async (status: ProcessResume['status'], seq: number, stageAgo: number, more: Partial<ProcessResume> = {}): Promise<ProcessResume> => ({
    status,
    seq,
    stageStartedAt: new Date((await env.currentTimeMs()) - stageAgo).toISOString(),
    outcome: null,
    mediator: null,
    feedbackRecorded: false,
    ...more,
  });
  const recordsOf = (caseNo: string) => transitions.filter((t) => t.caseNo === caseNo);

  it('handling long past its period: red at once with a supervision item, seq going on from the case', async () => {
    const resume = await resumeAt('handling', 4, 30 * DAY);
    const { handle, caseNo } = await start('complaint', resume, 31 * DAY);
    const red = await eventually(() => recordsOf(caseNo).find((t) => t.type === 'warning-changed'), 'red at the first tick');
    const resumed = recordsOf(caseNo)[0]!;
    expect(resumed).toMatchObject({ seq: 5, type: 'process-resumed', actor: 'system', detail: { status: 'handling', stageStartedAt: resume.stageStartedAt } });
    expect(resumed.state.clocks).toEqual([expect.objectContaining({ id: 'handling', startedAt: resume.stageStartedAt })]);
    expect(red).toMatchObject({ seq: 6, detail: { clock: 'handling', from: 'green', to: 'red' } });
    expect(red.openSupervision).toEqual([expect.objectContaining({ clockId: 'handling', orgUnit: UNIT, reason: 'first-contact-overdue' })]);
    expect(await act(handle, 'conclude', { outcome: 'resolved', summary: '已处理' })).toMatchObject({ status: 'awaiting-feedback', seq: 7 });
  });

  it('awaiting feedback: takes the feedback, then the rating, to closed', async () => {
    const resume = await resumeAt('awaiting-feedback', 3, HOUR, { outcome: 'resolved-at-first-contact' });
    const { handle, caseNo } = await start('consultation', resume, 2 * HOUR);
    await eventually(() => typesOf(caseNo).includes('process-resumed'), 'resumed');
    expect(await handle.query<DisputeState>('state')).toMatchObject({
      status: 'awaiting-feedback',
      outcome: 'resolved-at-first-contact',
      warning: 'green',
      allowedActions: ['feedback'],
    });
    await act(handle, 'feedback', { message: '已告知', channel: 'phone' });
    expect(await act(handle, 'rate', { score: 5 }, resident)).toMatchObject({ status: 'closed', rating: 5 });
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', 'run completed');
    expect(recordsOf(caseNo).map((t) => [t.seq, t.type])).toEqual([
      [4, 'process-resumed'],
      [5, 'feedback-recorded'],
      [6, 'rated'],
      [7, 'closed'],
    ]);
  });

  it('fails, storing nothing, for a status the generic process has no stage for', async () => {
    const { handle, caseNo } = await start('hazard', await resumeAt('mediation', 2, DAY), 2 * DAY);
    await eventually(async () => (await handle.describe()).status.name === 'FAILED', 'run failed');
    expect(recordsOf(caseNo)).toEqual([]);
  });
});
