import { LegalAidClocks } from '@fengqiao/contracts';
import {
  act,
  clockOf,
  completed,
  DAY,
  eventually,
  expectColours,
  facts,
  lawyer,
  MINUTE,
  PARTIES,
  refusal,
  registerLegalAid,
  settle,
  skipTo,
  UNIT,
  useTimeline,
  warning,
} from './support/legal-aid.harness';

// Each period of 《法律援助法》 on a server whose clock starts where the describe says (+08:00 wall
// times written as UTC: 23:59:59 +08:00 is 15:59:59Z). One server per describe block.
jest.setTimeout(120_000);

describe('the application: 30 days, the applicant’s (registered Mon 2026-06-01 10:00)', () => {
  const tl = useTimeline('la-app', '2026-06-01T10:00:00+08:00');

  it('is not a staff deadline: no colours; unused, the registration closes as lapsed, nothing filed', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    const routed = t.intake.of(caseNo)[0]!;
    expect(routed.type).toBe('routed');
    expect(routed.state).toMatchObject({ status: 'application', allowedActions: ['apply', 'withdraw'], clockActions: [], warning: 'green' });
    const clock = clockOf(routed.state, LegalAidClocks.application);
    expect(clock).toMatchObject({ kind: LegalAidClocks.application, owner: 'applicant', counts: false, orgUnit: UNIT, due: '2026-07-01T15:59:59.000Z' });

    await skipTo(t.env, Date.parse(clock.due) - MINUTE);
    await settle();
    expect(t.intake.types(caseNo)).toEqual(['routed']);
    await skipTo(t.env, Date.parse(clock.due) + MINUTE);
    const done = await completed(t, handle);
    expect(done).toMatchObject({ status: 'closed', outcome: 'lapsed', clocks: [], allowedActions: [] });
    expect(t.intake.of(caseNo).at(-1)).toMatchObject({ type: 'closed', detail: { outcome: 'lapsed', reason: 'application-lapsed' } });
    expect(t.legalAid.types(caseNo)).toEqual([]);
  });
});

describe('the review: 7 days from the application (§43), applied Mon 2026-06-01 10:00', () => {
  const tl = useTimeline('la-rev', '2026-06-01T10:00:00+08:00');

  it('files the application with the parties’ keys; due Mon 06-08: yellow at 70 %, red with supervision; a late grant still starts the assignment', async () => {
    const t = tl();
    const { handle, caseNo, caseId } = await registerLegalAid(t);
    const applied = await act(handle, 'apply', facts());
    expect(t.intake.partyCalls).toContain(caseId);
    expect(t.legalAid.applications.find((a) => a.caseId === caseId)).toMatchObject({
      parties: PARTIES,
      seq: 2,
      facts: { matter: 'labour' },
      actor: 'resident.zhao',
    });
    expect(applied).toMatchObject({
      status: 'legal-aid-review',
      allowedActions: ['grant', 'refuse', 'request-materials', 'advance-aid', 'withdraw'],
      legalAid: { matter: 'labour', assessment: { outcome: 'eligible', economic: 'passed' }, decision: null, periodsVersion: 1 },
    });
    const step = t.intake.of(caseNo).at(-1)!;
    expect(step).toMatchObject({
      type: 'legal-aid-applied',
      seq: 2,
      detail: { matter: 'labour', assessment: { outcome: 'eligible', economic: 'passed' }, advanceAidGrounds: [] },
    });
    const review = clockOf(applied, LegalAidClocks.review);
    expect(review).toMatchObject({ owner: 'legal-aid', counts: true, due: '2026-06-08T15:59:59.000Z' });
    expect(step.state.deadlines.firstReplyDue).toBe(review.due);

    await expectColours(t, caseNo, review);
    const granted = await act(handle, 'grant', {});
    expect(granted).toMatchObject({ status: 'assignment', warning: 'green', legalAid: { decision: 'granted' }, allowedActions: ['assign'] });
    expect(granted.clocks.map((c) => c.id)).toEqual([LegalAidClocks.assignment]);
    expect(t.legalAid.types(caseNo)).toEqual(['legal-aid-applied', 'legal-aid-granted']);
  });
});

describe('the material request (§43): once, the review clock stopped meanwhile', () => {
  const tl = useTimeline('la-mat', '2026-06-01T10:00:00+08:00');

  it('stops the review clock for the wait; supplied, the review resumes with the time it had left; a second request is refused', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    const applied = await act(handle, 'apply', facts());
    const due = Date.parse(clockOf(applied, LegalAidClocks.review).due);
    await skipTo(t.env, '2026-06-03T10:00:00+08:00');
    const asked = await act(handle, 'request-materials', { missing: ['劳动合同', '工资条'] });
    expect(asked).toMatchObject({ status: 'awaiting-materials', allowedActions: ['supply-materials', 'withdraw'], legalAid: { materialsRequested: true } });
    expect(Date.parse(clockOf(asked, LegalAidClocks.review).pausedAt!)).toBeCloseTo(Date.parse('2026-06-03T02:00:00Z'), -4);
    expect(clockOf(asked, LegalAidClocks.materials)).toMatchObject({ counts: false, owner: 'applicant', due: '2026-06-18T15:59:59.000Z' });

    // Five days of waiting: past the review's own yellow point and due, and not a colour.
    await skipTo(t.env, '2026-06-08T10:00:00+08:00');
    await skipTo(t.env, due + MINUTE);
    await settle();
    expect(t.intake.types(caseNo)).not.toContain('warning-changed');
    await skipTo(t.env, '2026-06-10T10:00:00+08:00');
    const supplied = await act(handle, 'supply-materials', { items: ['劳动合同', '工资条'] });
    const resumed = clockOf(supplied, LegalAidClocks.review);
    expect(supplied.status).toBe('legal-aid-review');
    expect(supplied.clocks.map((c) => c.id)).toEqual([LegalAidClocks.review]);
    // The due date moves by the wait (7 days, to the second), nothing more.
    expect([resumed.pausedAt, Date.parse(resumed.due) - due]).toEqual([null, resumed.pausedMs]);
    expect(Math.abs(resumed.pausedMs! - 7 * DAY)).toBeLessThan(1000);
    expect(t.intake.of(caseNo).at(-1)!.detail).toMatchObject({ stoppedMs: resumed.pausedMs, reviewDue: resumed.due });
    expect(supplied.allowedActions).toEqual(['grant', 'refuse', 'advance-aid', 'withdraw']);

    const again = await refusal(act(handle, 'request-materials', { missing: ['身份证'] }));
    expect(again.type).toBe('ActionNotAllowed');
    expect(again.message).toMatch(/一次性告知.*第四十三条.* \/ .*once.*§43/);
    await expectColours(t, caseNo, resumed);
  });

  it('materials not supplied in time: deemed withdrawn, closed; a decision afterwards is refused', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    const asked = await act(handle, 'request-materials', { missing: ['户口簿'] });
    const materials = clockOf(asked, LegalAidClocks.materials);
    await skipTo(t.env, Date.parse(materials.due) + MINUTE);
    const done = await completed(t, handle);
    expect(done).toMatchObject({ status: 'closed', outcome: 'withdrawn', clocks: [], allowedActions: [] });
    expect(t.intake.types(caseNo).slice(-2)).toEqual(['legal-aid-withdrawn', 'closed']);
    expect(t.intake.of(caseNo).at(-2)!.detail).toMatchObject({ deemed: true, article: '§43' });
    expect(t.legalAid.types(caseNo)).toEqual(['legal-aid-applied', 'legal-aid-materials-requested', 'legal-aid-withdrawn', 'closed']);
    await expect(act(handle, 'grant', {})).rejects.toThrow();
  });
});

describe('the assignment: 3 days from the grant or the notification (§36, §43)', () => {
  const tl = useTimeline('la-asg', '2026-06-01T10:00:00+08:00');

  it('goes red with supervision when late; a late assignment is recorded as not on time', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    const granted = await act(handle, 'grant', { note: '符合条件' });
    const clock = clockOf(granted, LegalAidClocks.assignment);
    expect(clock).toMatchObject({ counts: true, owner: 'legal-aid', due: '2026-06-04T15:59:59.000Z' });
    expect(t.intake.of(caseNo).at(-1)!.state.deadlines.mediationDue).toBe(clock.due);
    await expectColours(t, caseNo, clock);
    const assigned = await act(handle, 'assign', {});
    expect(assigned).toMatchObject({
      status: 'aid',
      clocks: [],
      warning: 'green',
      allowedActions: ['court-filed', 'matter-ended', 'terminate'],
      legalAid: { providerId: expect.any(String), providerName: '王律师', providerUsername: lawyer.username },
    });
    expect(t.intake.of(caseNo).at(-1)).toMatchObject({
      type: 'legal-aid-assigned',
      detail: { providerName: '王律师', organisation: '甘肃某某律师事务所', reason: expect.stringContaining('专长'), onTime: false },
    });
  });

  it('a criminal case notified (§36): no review, the 3 days run from the notification’s receipt', async () => {
    const t = tl();
    await skipTo(t.env, '2026-06-10T10:00:00+08:00');
    const receivedAt = '2026-06-09T02:00:00.000Z'; // Tue 10:00
    const { handle, caseNo } = await registerLegalAid(t);
    const notified = await act(
      handle,
      'apply',
      facts({ matter: 'criminal-compulsory', notification: { body: 'court', bodyName: '某县人民法院', receivedAt } }),
    );
    expect(notified).toMatchObject({ status: 'assignment', allowedActions: ['assign'] });
    const clock = clockOf(notified, LegalAidClocks.assignment);
    expect(notified.clocks.map((c) => c.id)).toEqual([LegalAidClocks.assignment]);
    expect(clock.startedAt).toBe(receivedAt);
    expect(clock.due).toBe('2026-06-12T15:59:59.000Z');
    expect(t.intake.types(caseNo).slice(-2)).toEqual(['legal-aid-applied', 'legal-aid-notified']);
    expect(t.intake.of(caseNo).at(-1)!.detail).toMatchObject({ body: 'court', receivedAt, assignmentDue: clock.due, article: '§36' });
    const assigned = await act(handle, 'assign', {});
    expect(assigned.status).toBe('aid');
    expect(t.intake.of(caseNo).at(-1)!.detail['onTime']).toBe(true);
  });
});

describe('refusal and objection (§49): the window, then 5 days for the justice bureau', () => {
  const tl = useTimeline('la-obj', '2026-06-01T10:00:00+08:00');

  it('a refusal unopposed in its window closes as refused', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    const refused = await act(handle, 'refuse', { reasons: ['经济困难条件不符'], text: '不予法律援助决定书' });
    expect(refused).toMatchObject({ status: 'refused', allowedActions: ['object'], legalAid: { decision: 'refused' }, warning: 'green' });
    const window = clockOf(refused, LegalAidClocks.objectionWindow);
    expect(window).toMatchObject({ counts: false, owner: 'applicant', due: '2026-06-16T15:59:59.000Z' });
    await skipTo(t.env, Date.parse(window.due) + MINUTE);
    const done = await completed(t, handle);
    expect(done).toMatchObject({ status: 'closed', outcome: 'refused' });
    expect(t.intake.of(caseNo).at(-1)).toMatchObject({ type: 'closed', detail: { outcome: 'refused', reason: 'objection-window-lapsed' } });
  });

  it('an objection runs the 5-day clock (red under supervision); upheld, the case closes as refused', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    await act(handle, 'refuse', { reasons: ['不属于法律援助事项范围'], text: '不予法律援助决定书' });
    const objected = await act(handle, 'object', { reason: '属于劳动报酬事项' });
    expect(objected).toMatchObject({ status: 'objection', allowedActions: ['decide-objection'] });
    const clock = clockOf(objected, LegalAidClocks.objection);
    expect(clock).toMatchObject({ counts: true, owner: 'justice-bureau' });
    expect(objected.clocks.map((c) => c.id)).toEqual([LegalAidClocks.objection]);
    expect(t.intake.of(caseNo).at(-1)!.detail).toMatchObject({ of: 'refusal', decisionDue: clock.due, article: '§49' });
    await skipTo(t.env, Date.parse(clock.due) + MINUTE);
    await warning(t, caseNo, LegalAidClocks.objection, 'red');
    const upheld = await act(handle, 'decide-objection', { decision: 'upheld', text: '维持原决定' });
    expect(upheld).toMatchObject({ status: 'closed', outcome: 'refused', clocks: [] });
    expect(t.intake.types(caseNo).slice(-2)).toEqual(['legal-aid-objection-decided', 'closed']);
  });

  it('corrected: the refusal is replaced by aid, the 3-day assignment starts', async () => {
    const t = tl();
    const { handle } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    await act(handle, 'refuse', { reasons: ['经济困难条件不符'], text: '不予法律援助决定书' });
    await act(handle, 'object', { reason: '收入计算有误' });
    const corrected = await act(handle, 'decide-objection', { decision: 'corrected', text: '责令给予法律援助' });
    expect(corrected).toMatchObject({ status: 'assignment', legalAid: { decision: 'granted' }, allowedActions: ['assign'] });
    expect(corrected.clocks.map((c) => c.id)).toEqual([LegalAidClocks.assignment]);
  });
});

describe('closure filing after the matter ends: 30 days by default, or the deployment’s setting', () => {
  const tl = useTimeline('la-clo', '2026-06-01T10:00:00+08:00');

  const toAid = async (extra = {}) => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t, extra);
    await act(handle, 'apply', facts());
    await act(handle, 'grant', {});
    await act(handle, 'assign', {});
    return { t, handle, caseNo };
  };

  it('30 days from the matter’s end, kept by the provider', async () => {
    const { handle } = await toAid();
    const ended = await act(handle, 'matter-ended', { result: 'mediated', endedOn: '2026-06-01' });
    expect(ended).toMatchObject({ status: 'closure-filing', allowedActions: ['file-closure'] });
    expect(clockOf(ended, LegalAidClocks.closure)).toMatchObject({ counts: true, owner: 'provider', due: '2026-07-01T15:59:59.000Z' });
  });

  it('legalAidSettings.closureDays 10: due in 10 days, yellow at 70 %, red under supervision', async () => {
    const { t, handle, caseNo } = await toAid({ legalAidSettings: { closureDays: 10 } });
    const ended = await act(handle, 'matter-ended', { result: 'judgment-won', endedOn: '2026-06-01' });
    const clock = clockOf(ended, LegalAidClocks.closure);
    expect(clock.due).toBe('2026-06-11T15:59:59.000Z');
    await expectColours(t, caseNo, clock);
    const filed = await act(handle, 'file-closure', { summary: '调解结案', materials: ['调解书'] });
    expect(filed.status).toBe('quality-review');
    await eventually(() => t.intake.of(caseNo).at(-1)!.detail['onTime'] === false, 'closure filed late');
  });
});
