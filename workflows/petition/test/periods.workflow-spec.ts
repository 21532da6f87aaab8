import { PetitionClocks } from '@fengqiao/contracts';
import {
  act,
  clockOf,
  completed,
  COUNTY,
  DAY,
  eventually,
  expectColours,
  MINUTE,
  queryState,
  refusal,
  registerPetition,
  skipTo,
  UNIT,
  useTimeline,
} from './support/petition.harness';

// Each period of 《信访工作条例》 on a server whose clock starts where the describe says (+08:00 wall
// times written as UTC: 23:59:59 +08:00 is 15:59:59Z). One server per describe block.
jest.setTimeout(120_000);

describe('acceptance within 15 days (§22), registered Mon 2026-06-01 10:00', () => {
  const tl = useTimeline('pp-acc', '2026-06-01T10:00:00+08:00');

  it('is due at the end of Tue 2026-06-16: yellow at 80 %, red with supervision; a late acceptance still starts the 60-day handling', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const routed = t.intake.of(caseNo)[0]!;
    expect(routed.type).toBe('routed');
    expect(routed.detail).toMatchObject({ periodsVersion: 1, acceptanceDue: '2026-06-16T15:59:59.000Z' });
    expect(routed.state).toMatchObject({ status: 'acceptance', allowedActions: ['accept', 'not-accept', 'forward'], clockActions: [] });
    expect(routed.state.deadlines.firstReplyDue).toBe('2026-06-16T15:59:59.000Z');
    const clock = clockOf(routed.state, PetitionClocks.acceptance);
    expect(clock).toMatchObject({
      kind: 'petition-acceptance',
      owner: 'centre',
      orgUnit: UNIT,
      counts: true,
      due: '2026-06-16T15:59:59.000Z',
      provisional: false,
    });

    await expectColours(t, caseNo, clock);
    const accepted = await act(handle, 'accept', { message: '予以受理' });
    expect(accepted.clocks.map((c) => c.id)).toEqual([PetitionClocks.handling]);
    expect(accepted.status).toBe('handling');
    expect(accepted.warning).toBe('green');
    expect(t.petitions.types(caseNo)).toEqual(['petition-accepted']);
  });
});

describe('forwarding (转送/交办): notice within 15 days, objection within 5 working days (§23)', () => {
  const tl = useTimeline('pp-fwd', '2026-06-01T10:00:00+08:00');

  it('runs both clocks; an objection inside the window goes back to acceptance on a fresh 15 days', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const fwd = await act(handle, 'forward', { mode: 'transfer', body: '县人社局', bodyOrgUnit: COUNTY });
    expect(fwd.status).toBe('forwarded');
    expect(clockOf(fwd, PetitionClocks.forwardNotice).due).toBe('2026-06-16T15:59:59.000Z');
    // Mon 06-01 + 5 working days: Tue–Fri and Mon 06-08.
    expect(clockOf(fwd, PetitionClocks.objection)).toMatchObject({ due: '2026-06-08T15:59:59.000Z', counts: false, orgUnit: COUNTY, owner: '县人社局' });
    expect(fwd.allowedActions).toEqual(['accept', 'not-accept', 'object']);

    await skipTo(t.env, '2026-06-05T10:00:00+08:00');
    const back = await act(handle, 'object', { reason: '不属于本机关职责' });
    expect(back.status).toBe('acceptance');
    expect(back.petition.forwardedTo).toBeNull();
    expect(clockOf(back, PetitionClocks.acceptance).due).toBe('2026-06-22T15:59:59.000Z'); // 06-20 is a Saturday: rolls to Mon
    expect(t.petitions.types(caseNo)).toEqual(['petition-forwarded', 'petition-objected']);
  });

  it('refuses an objection after the 5 working days with §23; the notice clock goes red under supervision; the receiving body accepts', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t); // Fri 06-05 10:00
    const fwd = await act(handle, 'forward', { mode: 'assign', body: '镇政府', bodyOrgUnit: UNIT });
    expect(clockOf(fwd, PetitionClocks.objection).due).toBe('2026-06-12T15:59:59.000Z');
    await skipTo(t.env, Date.parse('2026-06-12T15:59:59.000Z') + MINUTE);
    await eventually(() => t.intake.types(caseNo).includes('window-closed'), 'objection window closed');
    const late = await refusal(act(handle, 'object', { reason: '不属于本机关职责' }));
    expect(late.type).toBe('ActionNotAllowed');
    expect(late.message).toMatch(/第二十三条.*§23/);
    expect(late.details?.[0]).toEqual({ status: 'forwarded', allowedActions: ['accept', 'not-accept'] });

    await expectColours(t, caseNo, clockOf(await queryState(handle), PetitionClocks.forwardNotice));
    const accepted = await act(handle, 'accept', {});
    expect(clockOf(accepted, PetitionClocks.handling).orgUnit).toBe(UNIT);
    expect(accepted.warning).toBe('green');
  });
});

describe('handling within 60 days (§34), then review and re-review periods (§35), accepted Mon 2026-03-02', () => {
  const tl = useTimeline('pp-hdl', '2026-03-02T10:00:00+08:00');

  it('handling ends on Wed 2026-05-06 (day 60 is 05-01, Labour Day off to 05-05); review decided within 30 days; an unused re-review window closes the petition', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    const accepted = await act(handle, 'accept', {});
    const handling = clockOf(accepted, PetitionClocks.handling);
    expect(handling.due).toBe('2026-05-06T15:59:59.000Z');
    await expectColours(t, caseNo, handling);

    const replied = await act(handle, 'reply', { text: '答复意见书正文' });
    expect(replied).toMatchObject({ status: 'replied', outcome: 'answered', warning: 'green', allowedActions: ['request-review', 'rate'] });
    const window = clockOf(replied, PetitionClocks.reviewWindow);
    expect(window).toMatchObject({ counts: false, owner: 'petitioner' });
    expect(Date.parse(window.due) - Date.parse(window.startedAt)).toBeGreaterThanOrEqual(30 * DAY - 11 * 3_600_000);

    const asked = await act(handle, 'request-review', { reason: '不服答复' });
    const review = clockOf(asked, PetitionClocks.review);
    await expectColours(t, caseNo, review);
    const decided = await act(handle, 'decide-review', { decision: 'upheld', text: '维持' });
    expect(decided).toMatchObject({ status: 'petition-review', outcome: 'review-upheld', allowedActions: ['request-re-review', 'rate'] });
    const reWindow = clockOf(decided, PetitionClocks.reReviewWindow);

    await skipTo(t.env, Date.parse(reWindow.due) + MINUTE);
    const done = await completed(t, handle);
    expect(done).toMatchObject({ status: 'closed', outcome: 'review-upheld', clocks: [], allowedActions: [] });
    const closed = t.intake.of(caseNo).at(-1)!;
    expect([closed.type, closed.detail['reason'], closed.state.allowedActions]).toEqual(['closed', 're-review-window-lapsed', []]);
    expect(t.petitions.types(caseNo)).toEqual(['petition-accepted', 'petition-replied', 'petition-review-requested', 'petition-review-decided', 'closed']);
  });

  it('closes a replied petition whose 30-day review window passed unused: a review can no longer be asked', async () => {
    const t = tl();
    const { handle, caseNo } = await registerPetition(t);
    await act(handle, 'accept', {});
    const replied = await act(handle, 'reply', { text: '答复意见书正文' });
    const window = clockOf(replied, PetitionClocks.reviewWindow);
    await skipTo(t.env, Date.parse(window.due) - MINUTE);
    expect((await queryState(handle)).allowedActions).toEqual(['request-review', 'rate']);
    await skipTo(t.env, Date.parse(window.due) + MINUTE);
    const done = await completed(t, handle);
    expect(done).toMatchObject({ status: 'closed', outcome: 'answered', allowedActions: [] });
    expect(t.intake.of(caseNo).at(-1)!.detail).toMatchObject({ reason: 'review-window-lapsed' });
    // The run is over: intake answers any later action 409 (process ended) from the stored allowed actions [].
    await expect(act(handle, 'request-review', { reason: '逾期' })).rejects.toThrow();
  });
});

describe('a petition of the seeded history, taken over where it stands (resume)', () => {
  const tl = useTimeline('pp-res', '2026-06-01T10:00:00+08:00');
  const resume = (status: 'acceptance' | 'handling' | 'replied', stageStartedAt: string, seq: number) => ({
    status,
    seq,
    stageStartedAt,
    outcome: status === 'replied' ? ('answered' as const) : null,
    mediator: null,
    feedbackRecorded: false,
  });

  it('runs the stage clock from when the stage began: a handling begun 70 days ago is red at once, under supervision', async () => {
    const t = tl();
    const { caseNo, handle } = await registerPetition(t, { resume: resume('handling', '2026-03-23T10:00:00+08:00', 3) });
    const first = t.intake.of(caseNo)[0]!;
    expect([first.type, first.seq, first.state.status]).toEqual(['process-resumed', 4, 'handling']);
    const clock = clockOf(first.state, PetitionClocks.handling);
    expect(clock.startedAt).toBe('2026-03-23T02:00:00.000Z');
    const red = await eventually(() => t.intake.of(caseNo).find((r) => r.detail['to'] === 'red'), 'red');
    expect(red.openSupervision).toEqual([expect.objectContaining({ clockId: PetitionClocks.handling })]);
    expect((await queryState(handle)).allowedActions).toEqual(['reply', 'request-extension', 'hearing-start']);
  });

  it('a replied petition keeps its review window from the reply, and closes when it passes', async () => {
    const t = tl();
    const { caseNo, handle } = await registerPetition(t, { resume: resume('replied', '2026-05-20T10:00:00+08:00', 5) });
    const window = clockOf(await queryState(handle), PetitionClocks.reviewWindow);
    // Day 30 is Fri 06-19, the Dragon Boat Festival (06-19 to 06-21 off): rolls to Mon 06-22.
    expect(window.due).toBe('2026-06-22T15:59:59.000Z');
    await skipTo(t.env, Date.parse(window.due) + MINUTE);
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', outcome: 'answered' });
    expect(t.intake.types(caseNo)).toEqual(['process-resumed', 'closed']);
  });
});
