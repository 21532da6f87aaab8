import type { WorkflowHandle } from '@temporalio/client';
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
  type RoutingRule,
  type TransitionRecord,
} from '@fengqiao/contracts';
import { caseWorkflowId, kindModule } from '@fengqiao/rules';
import { ORCHESTRATOR_QUEUE, workerTelemetry } from '@fengqiao/temporal';
import { bundleOnce, createTimeSkippingEnv, eventually, quietTemporalLogs, skipTo } from '@fengqiao/testing/workflow';
import { genericUpdates, holidaysLoadedSignal, workflowsPath } from '../src';

/**
 * Clocks that stop, are extended, and learn next year's holidays (libs/rules clocks, the generic
 * process). The server's clock starts on Mon 2026-12-14, so a 20-working-day period ends in 2027,
 * a year with no notice loaded: provisional, weekends only.
 */
const PREFIX = 'cc';
const UNIT = '621102101';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-12-14T09:00:00+08:00');

const clerk: Caller = { userId: 'u-clerk', username: 'clerk.zhang', roles: ['clerk'], orgUnit: UNIT, department: null };
const leader: Caller = { userId: 'u-lead', username: 'leader.wang', roles: ['leader'], orgUnit: UNIT, department: null };

let env: TestWorkflowEnvironment;
const workers: Worker[] = [];
let running: Promise<unknown>;
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
  env = await createTimeSkippingEnv(START);
  workers.push(
    await Worker.create({
      ...workerTelemetry(),
      connection: env.nativeConnection,
      taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, PREFIX),
      workflowBundle: await bundleOnce(workflowsPath),
    }),
  );
  workers.push(await Worker.create({ connection: env.nativeConnection, taskQueue: taskQueue('intake', undefined, PREFIX), activities: intake }));
  running = Promise.all(workers.map((w) => w.run()));
});

afterAll(async () => {
  workers.forEach((w) => w.shutdown());
  await running;
  await env?.teardown();
});

/** A complaint whose first reply is due in `firstReply` working days. */
async function start(firstReplyDays: number): Promise<{ handle: WorkflowHandle; caseNo: string }> {
  n += 1;
  const caseNo = `${UNIT}-2026-${String(n).padStart(6, '0')}`;
  const base = resolveRule(defaultRoutingRules(['other']), 'other', 'ordinary');
  const rule: RoutingRule = { ...base, periods: { ...base.periods, firstReply: { amount: firstReplyDays, unit: 'working-days' } } };
  const registeredAt = new Date(await env.currentTimeMs()).toISOString();
  const input: DisputePathInput = {
    caseId: `case-${n}`,
    caseNo,
    orgUnit: UNIT,
    registeredAt,
    firstReplyDue: registeredAt,
    yellowAt: 0.8,
    ruleVersion: 1,
    rule,
    queuePrefix: PREFIX,
  };
  const m = kindModule('complaint')!;
  const handle = await env.client.workflow.start(m.process.workflowType, {
    workflowId: caseWorkflowId(m, caseNo, PREFIX),
    taskQueue: taskQueue(ORCHESTRATOR_QUEUE, undefined, PREFIX),
    args: [input],
  });
  return { handle, caseNo };
}

const act = (h: WorkflowHandle, action: keyof typeof genericUpdates, body: unknown, actor: Caller = clerk): Promise<DisputeState> =>
  h.executeUpdate(genericUpdates[action], { args: [{ actor, body }] });
const firstReply = (s: DisputeState) => s.clocks.find((c) => c.id === 'first-reply')!;
const typesOf = (caseNo: string) => transitions.filter((t) => t.caseNo === caseNo).map((t) => t.type);

describe('a clock stops and resumes with a reason, the stop excluded from the period', () => {
  it('keeps its colour while stopped, and moves its due date by the time stopped', async () => {
    const { handle, caseNo } = await start(1);
    const before = firstReply(await act(handle, 'pause-clock', { reason: '举行听证' }));
    expect(before.pausedAt).toBeTruthy();
    const paused = await handle.query<DisputeState>('state');
    expect([paused.allowedActions, paused.clockActions]).toEqual([['reply'], ['resume-clock', 'request-extension']]);
    // Far past the due date: still green while stopped.
    await skipTo(env, Date.parse(before.due) + 2 * DAY);
    expect(firstReply(await handle.query<DisputeState>('state')).colour).toBe('green');
    const stoppedFor = (await env.currentTimeMs()) - Date.parse(before.pausedAt!);
    const after = firstReply(await act(handle, 'resume-clock', { note: '听证结束' }));
    const moved = Date.parse(after.due) - Date.parse(before.due);
    expect(moved).toBeGreaterThanOrEqual(stoppedFor);
    expect(moved).toBeLessThan(stoppedFor + 60_000);
    expect(after.pausedMs).toBe(moved);
    expect(typesOf(caseNo)).toEqual(['routed', 'clock-paused', 'clock-resumed']);
  });
});

describe('an extension is asked for, decided by the approver, and told to the resident', () => {
  it('moves the due date by the days approved; a refusal changes nothing', async () => {
    const { handle, caseNo } = await start(3);
    const due = Date.parse(firstReply(await handle.query<DisputeState>('state')).due);
    const asked = await act(handle, 'request-extension', { days: 10, reason: '案情复杂' });
    expect(asked.extensionRequest).toMatchObject({ clock: 'first-reply', days: 10, requestedBy: 'clerk.zhang' });
    expect(asked.clockActions).toEqual(['pause-clock', 'decide-extension']);
    const approved = await act(handle, 'decide-extension', { approved: true, note: '同意' }, leader);
    expect(Date.parse(firstReply(approved).due)).toBeGreaterThanOrEqual(due + 10 * DAY);
    expect(approved.extensionRequest).toBeNull();
    await act(handle, 'request-extension', { days: 5, reason: '再次申请' });
    const refused = await act(handle, 'decide-extension', { approved: false, note: '不予延期' }, leader);
    expect(firstReply(refused).due).toBe(firstReply(approved).due);
    const told = transitions.filter((t) => t.caseNo === caseNo && t.type.startsWith('extension-'));
    expect(told.map((t) => [t.type, t.detail['toldTo']])).toEqual([
      ['extension-requested', undefined],
      ['extension-approved', 'resident'],
      ['extension-requested', undefined],
      ['extension-refused', 'resident'],
    ]);
  });
});

describe("next year's holidays reach a running case", () => {
  it('computes a provisional due date again when the year is loaded', async () => {
    const { handle, caseNo } = await start(20);
    const before = firstReply(await handle.query<DisputeState>('state'));
    expect(before.provisional).toBe(true);
    // A test notice for 2027 (not the State Council's): New Year off Jan 1–3.
    const notice2027 = {
      year: 2027,
      notice: 'test notice 2027',
      publishedOn: '2026-11-30',
      daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'],
      adjustedWorkdays: [],
    };
    await handle.signal(holidaysLoadedSignal, { notices: [notice2027] });
    const after = await eventually(async () => {
      const c = firstReply(await handle.query<DisputeState>('state'));
      return !c.provisional && c;
    }, 'recomputed');
    // Fri 2027-01-01 was counted as a working day before; now it is not: one working day later.
    expect(Date.parse(after.due)).toBeGreaterThan(Date.parse(before.due));
    // The state changes first; the transition is recorded by the activity that follows it.
    await eventually(async () => typesOf(caseNo).includes('deadlines-recomputed'), 'deadlines-recomputed recorded');
  });
});
