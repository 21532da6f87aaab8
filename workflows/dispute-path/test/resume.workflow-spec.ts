import type { DisputePathInput, ProcessResume } from '@fengqiao/contracts';
import {
  act,
  completed,
  DAY,
  disputeInput,
  eventually,
  HOME_UNIT,
  HOUR,
  iso,
  MEDIATOR,
  queryState,
  startDispute,
  transitionRecorded,
  type Timeline,
} from './support/dispute-path.harness';
import { clockOf, expectBetween, useTimeline } from './support/spec-helpers';

// A process that starts late for a case that already went some way (the seeded history's open cases).

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

const RESUMED_MEDIATOR = { id: MEDIATOR.id, name: MEDIATOR.name, team: 'general', username: MEDIATOR.username };

/** Starts a run that takes the case over as `resume` says, and waits for its first step. */
async function resumeCase(t: Timeline, registeredAgo: number, resume: Partial<ProcessResume> & Pick<ProcessResume, 'status' | 'seq' | 'stageStartedAt'>) {
  const now = await t.env.currentTimeMs();
  const input: DisputePathInput = {
    ...disputeInput({ prefix: t.prefix, registeredAt: now - registeredAgo }),
    resume: { outcome: null, mediator: null, feedbackRecorded: false, ...resume },
  };
  const handle = await startDispute(t, input);
  const resumed = await transitionRecorded(t.intake, input.caseNo, 'process-resumed');
  return { input, handle, resumed, now };
}

describe('a dispute run resumed where its case stands', () => {
  const tl = useTimeline('resume', '2026-06-01T09:00:00+08:00');

  it('mediation long past its period: red at once with a supervision item, and seq goes on from the case', async () => {
    const t = tl();
    const stageStartedAt = iso((await t.env.currentTimeMs()) - 40 * DAY);
    const { input, handle, resumed } = await resumeCase(t, 45 * DAY, { status: 'mediation', seq: 7, stageStartedAt, mediator: RESUMED_MEDIATOR });

    expect(resumed).toMatchObject({ seq: 8, actor: 'system', detail: { status: 'mediation', stageStartedAt } });
    const clock = clockOf(resumed.state, 'mediation');
    expect(clock.startedAt).toBe(stageStartedAt);
    expect(resumed.state.deadlines).toEqual({ firstReplyDue: null, mediationDue: clock.due, jointHandlingDue: null });
    expect(resumed.state.mediator).toEqual(RESUMED_MEDIATOR);

    // The first tick finds it past due: green straight to red, the supervision item opened.
    const red = await transitionRecorded(t.intake, input.caseNo, 'warning-changed');
    expect(red).toMatchObject({ seq: 9, detail: { clock: 'mediation', from: 'green', to: 'red', due: clock.due } });
    expect(red.openSupervision).toEqual([{ clockId: 'mediation', orgUnit: HOME_UNIT, reason: 'mediation-overdue', due: clock.due }]);
    // An ordinary case's rule only proposes escalation.
    expect(await transitionRecorded(t.intake, input.caseNo, 'escalation-proposed')).toMatchObject({ seq: 10 });
    expect(await queryState(handle)).toMatchObject({ status: 'mediation', warning: 'red', allowedActions: ['session', 'assign', 'escalate', 'conclude'] });

    await act(handle, 'session', { at: iso(await t.env.currentTimeMs()), summary: '接续调解', participants: ['申请人'] });
    expect(t.mediation.callsFor(input.caseId, 'recordSession')).toEqual([
      expect.objectContaining({ input: expect.objectContaining({ seq: 11, mediatorId: MEDIATOR.id }) }),
    ]);
    expect(t.intake.transitionsFor(input.caseNo).map((r) => [r.seq, r.type])).toEqual([
      [8, 'process-resumed'],
      [9, 'warning-changed'],
      [10, 'escalation-proposed'],
      [11, 'session-recorded'],
    ]);
  });

  it('awaiting feedback: takes the feedback, then the rating, to closed', async () => {
    const t = tl();
    const stageStartedAt = iso((await t.env.currentTimeMs()) - HOUR);
    const { input, handle, resumed } = await resumeCase(t, 10 * DAY, { status: 'awaiting-feedback', seq: 5, stageStartedAt, outcome: 'agreement' });

    expect(resumed.state).toMatchObject({ status: 'awaiting-feedback', outcome: 'agreement', warning: 'green', allowedActions: ['feedback'] });
    expect(clockOf(resumed.state, 'feedback').startedAt).toBe(stageStartedAt);
    expect(await act(handle, 'feedback', { message: '已告知调解结果', channel: 'phone' })).toMatchObject({ feedbackRecorded: true, allowedActions: ['rate'] });
    expect(await act(handle, 'rate', { score: 5 })).toMatchObject({ status: 'closed', rating: 5, clocks: [] });
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', outcome: 'agreement', seq: 9 });
    expect(t.intake.transitionsFor(input.caseNo).map((r) => [r.seq, r.type])).toEqual([
      [6, 'process-resumed'],
      [7, 'feedback-recorded'],
      [8, 'rated'],
      [9, 'closed'],
    ]);
  });

  it('feedback on record and the rating wait over: closed without a rating at the first tick', async () => {
    const t = tl();
    // 7 days, rolled over to a working day at most: long over after 12.
    const stageStartedAt = iso((await t.env.currentTimeMs()) - 12 * DAY);
    const { input, handle, resumed } = await resumeCase(t, 20 * DAY, {
      status: 'awaiting-feedback',
      seq: 6,
      stageStartedAt,
      outcome: 'resolved',
      feedbackRecorded: true,
    });

    expect(resumed.state.allowedActions).toEqual(['rate']);
    expect(clockOf(resumed.state, 'rating')).toMatchObject({ startedAt: stageStartedAt, counts: false });
    expect(await transitionRecorded(t.intake, input.caseNo, 'closed')).toMatchObject({ seq: 8, detail: { rating: null, reason: 'no-rating-in-time' } });
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', rating: null, clocks: [] });
  });

  it('first contact: the first-reply clock from registration, or, once replied, the first-contact clock from the reply', async () => {
    const t = tl();
    const now = await t.env.currentTimeMs();
    const unanswered = await resumeCase(t, 2 * HOUR, { status: 'first-contact', seq: 1, stageStartedAt: iso(now - 2 * HOUR) });
    expect(unanswered.resumed.state.clocks.map((c) => [c.id, c.startedAt])).toEqual([['first-reply', unanswered.input.registeredAt]]);
    expect(unanswered.resumed.state.deadlines.firstReplyDue).toBe(clockOf(unanswered.resumed.state, 'first-reply').due);

    const replied = await resumeCase(t, 3 * HOUR, { status: 'first-contact', seq: 3, stageStartedAt: iso(now - HOUR) });
    expect(replied.resumed.state.clocks.map((c) => [c.id, c.startedAt])).toEqual([['first-contact', iso(now - HOUR)]]);
    expect(replied.resumed.seq).toBe(4);
    expect((await act(replied.handle, 'reply', { message: '已当场化解', resolved: true })).status).toBe('awaiting-feedback');
  });

  it('joint handling without its department parts: the lead may conclude it', async () => {
    const t = tl();
    const stageStartedAt = iso((await t.env.currentTimeMs()) - 2 * DAY);
    const { handle, resumed } = await resumeCase(t, 20 * DAY, { status: 'joint-handling', seq: 12, stageStartedAt, mediator: RESUMED_MEDIATOR });

    expect(resumed.state).toMatchObject({
      status: 'joint-handling',
      joint: { leadOrgUnit: HOME_UNIT, reason: 'resumed', parts: [] },
      allowedActions: ['session', 'conclude'],
    });
    const joint = clockOf(resumed.state, 'joint-handling');
    expect(resumed.state.deadlines.jointHandlingDue).toBe(joint.due);
    expectBetween(joint.due, Date.parse(stageStartedAt) + 27 * DAY, Date.parse(stageStartedAt) + 40 * DAY); // 30 days, rolled over a holiday at most
    expect(await act(handle, 'conclude', { outcome: 'referred-litigation', summary: '引导起诉' })).toMatchObject({
      status: 'awaiting-feedback',
      outcome: 'referred-litigation',
    });
  });

  it('refuses to take over a closed case: the run fails and stores nothing', async () => {
    const t = tl();
    const now = await t.env.currentTimeMs();
    const input: DisputePathInput = {
      ...disputeInput({ prefix: t.prefix, registeredAt: now - DAY }),
      resume: { status: 'closed', seq: 9, stageStartedAt: iso(now - HOUR), outcome: 'resolved', mediator: null, feedbackRecorded: true },
    };
    const handle = await startDispute(t, input);
    await eventually(async () => ((await handle.describe()).status.name === 'FAILED' ? true : undefined), 'the run to fail');
    expect(t.intake.transitionsFor(input.caseNo)).toEqual([]);
  });
});
