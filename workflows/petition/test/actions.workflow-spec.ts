import { PetitionClocks } from '@fengqiao/contracts';
import {
  act,
  clockOf,
  completed,
  DAY,
  eventually,
  expectColours,
  officer,
  petitioner,
  queryState,
  refusal,
  registerPetition,
  skipTo,
  useTimeline,
} from './support/petition.harness';

// The actions of the petition process on a server starting Mon 2026-11-02 10:00 +08:00: the
// extension (§34), the hearing (§36), review and re-review (§35), refusals, and a petitions service down.
jest.setTimeout(120_000);

describe('the extension: asked with a reason, approved by a head, once (§34)', () => {
  const tl = useTimeline('pa-ext', '2026-11-02T10:00:00+08:00');

  it('moves the handling due date by the days approved, tells the petitioner, and refuses a second one', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const due = clockOf(await act(handle, 'accept', {}), PetitionClocks.handling).due;

    const tooLong = await refusal(act(handle, 'request-extension', { days: 31, reason: '案情复杂' }));
    expect([tooLong.type, (tooLong.details?.[0] as Array<{ path: string }>)[0]!.path]).toEqual(['InvalidAction', 'days']);

    const asked = await act(handle, 'request-extension', { days: 20, reason: '案情复杂' });
    expect(asked.extensionRequest).toMatchObject({ clock: PetitionClocks.handling, days: 20, requestedBy: 'petition.li' });
    expect(asked.allowedActions).toEqual(['reply', 'approve-extension', 'hearing-start']);
    const twice = await refusal(act(handle, 'request-extension', { days: 5, reason: '再次' }));
    expect(twice.message).toMatch(/待审批/);

    const approved = await act(handle, 'approve-extension', { approved: true, note: '同意' });
    const clock = clockOf(approved, PetitionClocks.handling);
    expect(Date.parse(clock.due)).toBeGreaterThanOrEqual(Date.parse(due) + 20 * DAY);
    expect(approved.petition.extension).toEqual({ days: 20, reason: '案情复杂', approvedBy: 'leader.wang' });
    expect(approved.allowedActions).toEqual(['reply', 'hearing-start']);

    const second = await refusal(act(handle, 'request-extension', { days: 5, reason: '仍需时间' }));
    expect(second.type).toBe('ActionNotAllowed');
    expect(second.message).toMatch(/只能延长一次.*§34/);
    expect(second.details?.[0]).toEqual({ status: 'handling', allowedActions: ['reply', 'hearing-start'] });

    const told = t.intake.of(caseNo).find((r) => r.type === 'extension-approved')!;
    expect(told.detail).toMatchObject({ days: 20, reason: '案情复杂', toldTo: 'petitioner', due: clock.due });
    expect(t.petitions.types(caseNo)).toEqual(['petition-accepted', 'extension-requested', 'extension-approved']);
  });

  it('a hearing stops the handling clock; its time is excluded (§36); nothing else is taken meanwhile', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const before = clockOf(await act(handle, 'accept', {}), PetitionClocks.handling);
    const stopped = await act(handle, 'hearing-start', { reason: '举行听证' });
    expect(clockOf(stopped, PetitionClocks.handling)).toMatchObject({ pauseReason: '举行听证' });
    expect(stopped.allowedActions).toEqual(['hearing-end']);
    expect((await refusal(act(handle, 'reply', { text: '答复' }))).type).toBe('ActionNotAllowed');

    // Past the due date while stopped: still green.
    await skipTo(t.env, Date.parse(before.due) + DAY);
    expect(clockOf(await queryState(handle), PetitionClocks.handling).colour).toBe('green');
    const resumed = clockOf(await act(handle, 'hearing-end', { note: '听证结束' }), PetitionClocks.handling);
    const moved = Date.parse(resumed.due) - Date.parse(before.due);
    expect(moved).toBeGreaterThan(60 * DAY);
    expect(resumed.pausedMs).toBe(moved);
    expect(t.intake.types(caseNo)).toEqual(['routed', 'petition-accepted', 'clock-paused', 'clock-resumed']);
    expect(t.intake.of(caseNo)[2]!.detail).toMatchObject({ hearing: true, reason: '举行听证', article: '§36' });
    await expectColours(t, caseNo, resumed);
  });
});

describe('answered → review → re-review (§35), and the bad actions on the way', () => {
  const tl = useTimeline('pa-rev', '2026-11-02T10:00:00+08:00');

  it('records each step in the timeline and the petition file, and closes after the re-review decision', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const notYet = await refusal(act(handle, 'request-re-review', { reason: '不服' }));
    expect(notYet.message).toMatch(/未经复查/);
    expect(notYet.details?.[0]).toEqual({ status: 'acceptance', allowedActions: ['accept', 'not-accept', 'forward'] });

    await act(handle, 'accept', { message: '予以受理' });
    await act(handle, 'reply', { text: '答复意见书', summary: '已协调处理' });
    expect((await refusal(act(handle, 'request-re-review', { reason: '不服' }))).message).toMatch(/not reviewed/);
    await skipTo(t.env, Date.parse((await queryState(handle)).clocks[0]!.due) - DAY);
    const review = await act(handle, 'request-review', { reason: '对答复不服' });
    expect(review.status).toBe('petition-review');
    expect((await refusal(act(handle, 'request-re-review', { reason: '不服' }))).message).toMatch(/未经复查/);

    await act(handle, 'decide-review', { decision: 'changed', text: '经复查，变更原答复' });
    const rated = await act(handle, 'rate', { score: 4 }, petitioner);
    expect([rated.rating, rated.allowedActions]).toEqual([4, ['request-re-review']]);
    expect((await refusal(act(handle, 'rate', { score: 5 }, petitioner))).type).toBe('ActionNotAllowed');

    const reReview = await act(handle, 'request-re-review', { reason: '对复查意见不服', onBehalf: true }, officer);
    const decisionClock = clockOf(reReview, PetitionClocks.reReview);
    await expectColours(t, caseNo, decisionClock);
    const done = await act(handle, 'decide-re-review', { decision: 'upheld', text: '经复核，维持复查意见' });
    expect(done).toMatchObject({ status: 'closed', outcome: 're-review-upheld', clocks: [], allowedActions: [] });
    expect(done.petition).toMatchObject({ reviewDecision: 'changed', reReviewDecision: 'upheld' });
    expect((await completed(t, handle)).outcome).toBe('re-review-upheld');

    const steps = ['petition-accepted', 'petition-replied', 'petition-review-requested', 'petition-review-decided', 'rated', 'petition-re-review-requested'];
    expect(t.petitions.types(caseNo)).toEqual([...steps, 'petition-re-review-decided', 'closed']);
    expect(t.intake.types(caseNo).filter((x) => x !== 'warning-changed')).toEqual(['routed', ...steps, 'petition-re-review-decided', 'closed']);
    // Every step in order, seq by seq, the petition file's seq matching the timeline's.
    expect(t.intake.of(caseNo).map((r) => r.seq)).toEqual(t.intake.of(caseNo).map((_, i) => i + 1));
    const decided = t.petitions.steps.find((s) => s.caseNo === caseNo && s.type === 'petition-re-review-decided')!;
    expect(decided).toMatchObject({ status: 'closed', actor: 'petition.li', detail: { decision: 'upheld', final: true } });
    expect(t.intake.of(caseNo).find((r) => r.seq === decided.seq)!.type).toBe('petition-re-review-decided');
  });

  it('not accepted: the channel must be told (422), then the petition closes', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const noChannel = await refusal(act(handle, 'not-accept', { reason: 'skipped-level', message: '越级' }));
    expect([noChannel.type, noChannel.details?.[0]]).toEqual(['InvalidAction', [expect.objectContaining({ path: 'channel' })]]);
    const badReason = await refusal(act(handle, 'not-accept', { reason: 'no-such', message: 'x', channel: 'y' }));
    expect((badReason.details?.[0] as Array<{ path: string }>).map((e) => e.path)).toEqual(['reason']);
    const done = await act(handle, 'not-accept', { reason: 'skipped-level', channel: '镇信访办', message: '请向镇信访办提出' });
    expect(done).toMatchObject({ status: 'closed', outcome: 'not-accepted', petition: { notAccepted: { reason: 'skipped-level', channel: '镇信访办' } } });
    await completed(t, handle);
    expect(t.petitions.types(caseNo)).toEqual(['petition-not-accepted', 'closed']);
    expect(t.intake.of(caseNo)[1]!.detail).toMatchObject({ toldTo: 'petitioner', article: '§19' });
  });
});

describe('the petitions service does not answer', () => {
  const tl = useTimeline('pa-down', '2026-11-02T10:00:00+08:00', { petitionsDown: true });

  it('refuses the action after two minutes as unavailable, the case as it was; the process goes on', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const update = await handle.startUpdate('accept', { args: [{ actor: officer, body: {} }], waitForStage: 'ACCEPTED' });
    await skipTo(t.env, (await t.env.currentTimeMs()) + 3 * 60_000);
    const failed = await refusal(update.result());
    expect(failed.type).toBe('Unavailable');
    const s = await queryState(handle);
    expect([s.status, s.seq, s.clocks.map((c) => c.id)]).toEqual(['acceptance', 1, [PetitionClocks.acceptance]]);
    expect(t.intake.types(caseNo)).toEqual(['routed']);
    // The acceptance clock still runs and warns (steps of its own go to intake only).
    await skipTo(t.env, Date.parse(s.clocks[0]!.due) + 60_000);
    await eventually(() => t.intake.types(caseNo).filter((x) => x === 'warning-changed').length === 2, 'yellow and red');
    // The test server lets the two minutes pass partly in real time while the activity waits for a worker.
  }, 300_000);
});
