import {
  act,
  COUNTY_UNIT,
  disputeInput,
  eventually,
  HOME_UNIT,
  isRunning,
  isUpdateEvent,
  isWorkflowTaskEvent,
  MEDIATOR,
  queryState,
  refusal,
  registerCase,
  startDispute,
  transitionRecorded,
} from './support/dispute-path.harness';
import { useTimeline, clockOf } from './support/spec-helpers';

// Refused actions, the low-rating review and runs that cannot start, on a timeline from Mon 2026-03-02 09:00 +08:00.

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

describe('refusals, review and failures', () => {
  const tl = useTimeline('refusals', '2026-03-02T09:00:00+08:00');

  it('refuses actions that do not fit the state (or are invalid) in the validator: no update event in history, state unchanged', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs() });
    const before = await queryState(handle);
    const eventsBefore = (await handle.fetchHistory()).events ?? [];

    const rate = await refusal(act(handle, 'rate', { score: 5 }));
    expect(rate).toMatchObject({
      type: 'ActionNotAllowed',
      nonRetryable: true,
      details: [{ status: 'first-contact', allowedActions: ['reply', 'assign', 'escalate'] }],
    });

    const invalid = await refusal(act(handle, 'reply', { message: ' ', resolved: 'yes' }));
    expect(invalid.type).toBe('InvalidAction');
    // Bilingual inside the sandbox too: importing contracts installs the zod messages in the bundle's own zod.
    expect(invalid.details?.[0]).toEqual([
      { path: 'message', message: '不能为空 / message must not be empty' },
      { path: 'resolved', message: '应为布尔值，实际为文本 / expected boolean, received string' },
    ]);
    const unknownField = await refusal(act(handle, 'reply', { message: '好', resolved: true, extra: 1 }));
    expect(unknownField).toMatchObject({ type: 'InvalidAction', details: [[{ path: 'extra', message: '不允许的字段 / unknown field' }]] });
    const twice = await refusal(act(handle, 'escalate', { reason: '重复', departments: ['housing', { department: 'housing', orgUnit: COUNTY_UNIT }] }));
    expect(twice.type).toBe('InvalidAction');
    expect((await refusal(act(handle, 'report-in', { department: 'housing' }))).type).toBe('ActionNotAllowed');

    // Rejected in the validator: no update is admitted, accepted or completed, nothing is scheduled.
    // (Temporal's server writes nothing at all for such a speculative task; the Java test server
    // still writes the workflow task's own scheduled/started/completed events.)
    const added = ((await handle.fetchHistory()).events ?? []).slice(eventsBefore.length);
    expect(added.filter(isUpdateEvent)).toEqual([]);
    expect(added.filter((e) => !isWorkflowTaskEvent(e))).toEqual([]);
    expect(await queryState(handle)).toEqual(before);
    expect(t.intake.typesFor(input.caseNo)).toEqual(['routed']);
  });

  it('rating 2 opens a review with a return visit; a return visit that did not settle it goes back to mediation', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs() });
    await act(handle, 'reply', { message: '已答复', resolved: true });
    await act(handle, 'feedback', { message: '电话回访', channel: 'phone' });

    const review = await act(handle, 'rate', { score: 2, comment: '不满意' });
    // Mon Mar 2 + 5 working days = Mon Mar 9.
    expect(review).toMatchObject({ status: 'review', rating: 2, allowedActions: ['return-visit'] });
    expect(clockOf(review, 'return-visit').due).toBe('2026-03-09T15:59:59.000Z');
    expect(t.mediation.callsFor(input.caseId, 'scheduleReturnVisit')).toEqual([
      expect.objectContaining({
        queue: `${t.prefix}.mediation@${HOME_UNIT}`,
        input: expect.objectContaining({ reason: 'low-rating', due: '2026-03-09T15:59:59.000Z' }),
      }),
    ]);
    expect((await transitionRecorded(t.intake, input.caseNo, 'review-opened')).detail).toEqual({ score: 2, returnVisitDue: '2026-03-09T15:59:59.000Z' });
    expect((await refusal(act(handle, 'feedback', { message: '再次反馈', channel: 'phone' }))).type).toBe('ActionNotAllowed');

    const reopened = await act(handle, 'return-visit', { summary: '当事人仍有异议', resolved: false });
    expect(reopened).toMatchObject({
      status: 'mediation',
      outcome: null,
      rating: null,
      feedbackRecorded: false,
      allowedActions: ['session', 'assign', 'escalate', 'conclude'],
    });
    expect(reopened.clocks.map((c) => c.id)).toEqual(['mediation']);
    expect(clockOf(reopened, 'mediation').due).toBe('2026-03-23T15:59:59.000Z');
    expect(t.mediation.callsFor(input.caseId, 'completeReturnVisit')).toEqual([
      expect.objectContaining({ input: expect.objectContaining({ by: 'clerk.zhang', resolved: false }) }),
    ]);
    expect(t.intake.typesFor(input.caseNo)).toEqual(['routed', 'replied', 'feedback-recorded', 'rated', 'review-opened', 'return-visit-recorded', 'reopened']);
    expect(await isRunning(handle)).toBe(true);
  });

  it('NoMediatorAvailable refuses the assignment (InvalidAction) and the run goes on in first contact', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs(), category: 'labour', severity: 'difficult' });
    const before = await queryState(handle);
    t.mediation.noMediatorFor(input.caseId);

    const refused = await refusal(act(handle, 'assign', {}));
    expect(refused.type).toBe('InvalidAction');
    expect(refused.message).toContain('no mediator of labour available');
    expect(await queryState(handle)).toEqual(before);
    expect(before).toMatchObject({ status: 'first-contact', mediator: null, seq: 1 });
    expect(t.intake.typesFor(input.caseNo)).toEqual(['routed']);
    expect(t.mediation.callsFor(input.caseId, 'assignMediator')).toHaveLength(1); // not retried

    t.mediation.noMediatorFor(input.caseId, false);
    expect(await act(handle, 'assign', {})).toMatchObject({ status: 'mediation', mediator: { id: MEDIATOR.id } });
  });

  it('fails a run without its routing rule instead of guessing one', async () => {
    const t = tl();
    const now = await t.env.currentTimeMs();
    const { rule: _rule, ...noRule } = disputeInput({ prefix: t.prefix, registeredAt: now });
    const handle = await startDispute(t, noRule);
    const failed = await eventually(async () => ((await handle.describe()).status.name === 'FAILED' ? true : undefined), 'the run to fail');
    expect(failed).toBe(true);
    expect(t.intake.transitionsFor(noRule.caseNo)).toEqual([]);
  });
});
