import type { CaseClock, DisputeState } from '@fengqiao/contracts';
import {
  act,
  ACTORS,
  COUNTY_UNIT,
  completed,
  disputeInput,
  eventually,
  HOME_UNIT,
  HOUR,
  isRunning,
  iso,
  isUpdateEvent,
  isWorkflowTaskEvent,
  MEDIATOR,
  MINUTE,
  queryState,
  refusal,
  registerCase,
  settle,
  signalJudicialConfirmation,
  skipTo,
  startDispute,
  startTimeline,
  transitionRecorded,
  warningRecorded,
  type RecordedTransition,
  type Timeline,
} from './support/dispute-path.harness';

/*
 * Every describe block owns one time-skipping server (its own timeline): the server's clock
 * starts at the instant given (FQ_TEST_SERVER_START_MS) and only moves forward, so periods across
 * the 2026 Spring Festival and National Day are tested from before them. Instants in ISO literals
 * are +08:00 wall times written as UTC: 23:59:59 +08:00 is 15:59:59Z.
 */

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

function useTimeline(name: string, startAt?: string): () => Timeline {
  let t: Timeline | undefined;
  beforeAll(async () => {
    t = await startTimeline(`wf-${name}`, startAt);
  });
  afterAll(async () => {
    await t?.stop();
  });
  return () => {
    if (!t) throw new Error('timeline not started');
    return t;
  };
}

const clockOf = (state: Pick<DisputeState, 'clocks'>, id: string): CaseClock => {
  const clock = state.clocks.find((c) => c.id === id);
  if (!clock) throw new Error(`no running clock ${id} in [${state.clocks.map((c) => c.id).join(', ')}]`);
  return clock;
};

/** The instant at `yellowAt` (0.8) of a clock's period, as the workflow computes it. */
const yellowPointOf = (startedAt: string, due: string) => iso(Date.parse(startedAt) + Math.round((Date.parse(due) - Date.parse(startedAt)) * 0.8));

function expectBetween(at: string, from: string | number, toExclusive: number) {
  const ms = Date.parse(at);
  const start = typeof from === 'number' ? from : Date.parse(from);
  expect(ms).toBeGreaterThanOrEqual(start);
  expect(ms).toBeLessThan(toExclusive);
}

/**
 * Walks a counting clock through its colours: green a minute before its yellow point, yellow
 * stored just after it; not red a minute before the due instant, red (with a supervision item)
 * a minute after it. Returns the red transition.
 */
async function expectClockColours(t: Timeline, caseNo: string, clock: Pick<CaseClock, 'id' | 'orgUnit' | 'kind' | 'yellowAt' | 'due'>): Promise<RecordedTransition> {
  const yellowAt = Date.parse(clock.yellowAt);
  const due = Date.parse(clock.due);

  await skipTo(t.env, yellowAt - MINUTE);
  await settle();
  expect(t.intake.warningsOf(caseNo, clock.id)).toEqual([]);

  await skipTo(t.env, yellowAt + MINUTE);
  const yellow = await warningRecorded(t.intake, caseNo, clock.id, 'yellow');
  expectBetween(yellow.at, yellowAt, yellowAt + MINUTE);
  expect(yellow.detail).toMatchObject({ clock: clock.id, from: 'green', to: 'yellow', due: clock.due });
  expect(yellow.openSupervision).toBeUndefined();

  await skipTo(t.env, due - MINUTE);
  await settle();
  expect(t.intake.warningsOf(caseNo, clock.id).map((w) => w.detail.to)).toEqual(['yellow']);

  await skipTo(t.env, due + MINUTE);
  const red = await warningRecorded(t.intake, caseNo, clock.id, 'red');
  expectBetween(red.at, due + 1, due + MINUTE);
  expect(red.detail).toMatchObject({ clock: clock.id, from: 'yellow', to: 'red', due: clock.due });
  expect(red.openSupervision).toEqual([{ clockId: clock.id, orgUnit: clock.orgUnit, reason: `${clock.kind}-overdue`, due: clock.due }]);
  expect(t.intake.warningsOf(caseNo, clock.id).map((w) => w.detail.to)).toEqual(['yellow', 'red']);
  return red;
}

function expectSeqsInOrder(records: RecordedTransition[]) {
  expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i + 1));
}

// ---- clocks across the 2026 Spring Festival (Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked) ----

describe('first reply (1 working day) registered Fri 2026-02-13 10:00 +08:00', () => {
  const tl = useTimeline('sf-fri', '2026-02-13T09:00:00+08:00');

  it('is due at the end of Sat 2026-02-14, an adjusted working day: yellow at 80 %, red with supervision after 23:59:59', async () => {
    const t = tl();
    await skipTo(t.env, '2026-02-13T10:00:00+08:00');
    const { input, handle } = await registerCase(t, { registeredAt: '2026-02-13T10:00:00+08:00' });

    const routed = (await transitionRecorded(t.intake, input.caseNo, 'routed')).state;
    expect(routed.deadlines).toEqual({ firstReplyDue: '2026-02-14T15:59:59.000Z', mediationDue: null, jointHandlingDue: null });
    expect(routed.clocks).toEqual([
      {
        id: 'first-reply',
        kind: 'first-reply',
        owner: 'centre',
        orgUnit: HOME_UNIT,
        startedAt: '2026-02-13T02:00:00.000Z',
        yellowAt: '2026-02-14T08:23:59.200Z', // 02:00Z + 0.8 × 37:59:59
        due: '2026-02-14T15:59:59.000Z',
        colour: 'green',
        provisional: false,
        counts: true,
      },
    ]);

    const red = await expectClockColours(t, input.caseNo, clockOf(routed, 'first-reply'));
    expect(red.state.warning).toBe('red');
    expect((await queryState(handle)).warning).toBe('red');
    expect(t.intake.typesFor(input.caseNo)).toEqual(['routed', 'warning-changed', 'warning-changed']);
  });
});

describe('first reply (1 working day) registered Sat 2026-02-14 10:00 +08:00', () => {
  const tl = useTimeline('sf-sat', '2026-02-14T09:00:00+08:00');

  it('skips Feb 15–23 (Spring Festival) and is due at the end of Tue 2026-02-24', async () => {
    const t = tl();
    await skipTo(t.env, '2026-02-14T10:00:00+08:00');
    const { input } = await registerCase(t, { registeredAt: '2026-02-14T10:00:00+08:00' });

    const routed = (await transitionRecorded(t.intake, input.caseNo, 'routed')).state;
    expect(routed.deadlines.firstReplyDue).toBe('2026-02-24T15:59:59.000Z');
    expect(clockOf(routed, 'first-reply')).toMatchObject({
      startedAt: '2026-02-14T02:00:00.000Z',
      yellowAt: '2026-02-22T13:11:59.200Z', // 02:00Z + 0.8 × (10 d 13:59:59)
      due: '2026-02-24T15:59:59.000Z',
    });

    await expectClockColours(t, input.caseNo, clockOf(routed, 'first-reply'));
  });
});

describe('mediation (15 working days) assigned Tue 2026-02-10, rule onMediationOverdue "escalate"', () => {
  const tl = useTimeline('sf-mediation', '2026-02-10T09:00:00+08:00');

  it('is due at the end of Mon 2026-03-09 and escalates automatically once overdue', async () => {
    const t = tl();
    await skipTo(t.env, '2026-02-10T10:00:00+08:00');
    // labour × difficult: team labour, escalate automatically to justice.
    const { input, handle } = await registerCase(t, { registeredAt: '2026-02-10T10:00:00+08:00', category: 'labour', severity: 'difficult' });
    const assigned = await act(handle, 'assign', {});

    // Working days after Tue Feb 10: Feb 11, 12, 13, Sat 14 (adjusted) = 4; Feb 15–23 off;
    // Feb 24, 25, 26, 27, Sat 28 (adjusted) = 9; Mar 2, 3, 4, 5, 6 = 14; Mar 7–8 weekend; Mar 9 = 15.
    const MEDIATION_DUE = '2026-03-09T15:59:59.000Z';
    const clock = clockOf(assigned, 'mediation');
    expect(clock).toMatchObject({ kind: 'mediation', owner: 'centre', orgUnit: HOME_UNIT, due: MEDIATION_DUE, provisional: false, counts: true });
    expect(clock.yellowAt).toBe(yellowPointOf(clock.startedAt, MEDIATION_DUE));
    expect(assigned.clocks.map((c) => c.id)).toEqual(['mediation']); // first reply stopped by the assignment
    expect((await transitionRecorded(t.intake, input.caseNo, 'assigned')).state.deadlines.mediationDue).toBe(MEDIATION_DUE);
    expect(t.mediation.callsFor(input.caseId, 'assignMediator')).toEqual([
      expect.objectContaining({ queue: `${t.prefix}.mediation@${HOME_UNIT}`, input: expect.objectContaining({ team: 'labour', orgUnit: HOME_UNIT }) }),
    ]);

    const red = await expectClockColours(t, input.caseNo, clock);

    const escalated = await transitionRecorded(t.intake, input.caseNo, 'escalated');
    expect(escalated.actor).toBe('system');
    expect(escalated.seq).toBe(red.seq + 1);
    expect(escalated.detail).toMatchObject({ automatic: true, leadOrgUnit: HOME_UNIT, departments: [{ department: 'justice', orgUnit: HOME_UNIT }] });
    expect(escalated.state.status).toBe('joint-handling');
    expect(t.mediation.callsFor(input.caseId, 'openDepartmentPart')).toEqual([
      expect.objectContaining({ queue: `${t.prefix}.mediation@${HOME_UNIT}`, input: expect.objectContaining({ department: 'justice', orgUnit: HOME_UNIT, leadOrgUnit: HOME_UNIT }) }),
    ]);
    const state = await queryState(handle);
    expect(state.status).toBe('joint-handling');
    expect(state.clocks.map((c) => c.id).sort()).toEqual(['joint-handling', `report-in:justice@${HOME_UNIT}`]);
    expect(t.intake.typesFor(input.caseNo)).toEqual(['routed', 'assigned', 'warning-changed', 'warning-changed', 'escalated']);
  });
});

// ---- clocks across Mid-Autumn (Sep 25–27 off) and National Day (Oct 1–7 off; Sun Sep 20, Sat Oct 10 worked) ----

describe('mediation (15 working days) assigned Fri 2026-09-18, rule onMediationOverdue "propose"', () => {
  const tl = useTimeline('nd-mediation', '2026-09-18T09:00:00+08:00');

  it('is due at the end of Thu 2026-10-15 and, once overdue, only proposes escalation', async () => {
    const t = tl();
    await skipTo(t.env, '2026-09-18T10:00:00+08:00');
    const { input, handle } = await registerCase(t, { registeredAt: '2026-09-18T10:00:00+08:00', severity: 'ordinary' });
    const assigned = await act(handle, 'assign', {});

    // Working days after Fri Sep 18: Sat 19 off; Sun Sep 20 (adjusted) = 1; Sep 21, 22, 23, 24 = 5;
    // Sep 25–27 (Mid-Autumn) off; Sep 28, 29, 30 = 8; Oct 1–7 off; Oct 8, 9, Sat 10 (adjusted) = 11;
    // Sun 11 off; Oct 12, 13, 14, 15 = 15.
    const MEDIATION_DUE = '2026-10-15T15:59:59.000Z';
    const clock = clockOf(assigned, 'mediation');
    expect(clock.due).toBe(MEDIATION_DUE);

    const red = await expectClockColours(t, input.caseNo, clock);

    const proposed = await transitionRecorded(t.intake, input.caseNo, 'escalation-proposed');
    expect(proposed.seq).toBe(red.seq + 1);
    expect(proposed.detail).toEqual({ departments: ['justice'], due: MEDIATION_DUE });
    await settle();
    expect(t.intake.typesFor(input.caseNo)).not.toContain('escalated');
    expect(t.mediation.callsFor(input.caseId, 'openDepartmentPart')).toEqual([]);
    const state = await queryState(handle);
    expect(state).toMatchObject({ status: 'mediation', warning: 'red', allowedActions: ['session', 'assign', 'escalate', 'conclude'] });
  });
});

describe('joint handling (30 days) escalated Sat 2026-09-05', () => {
  const tl = useTimeline('nd-joint', '2026-09-05T09:00:00+08:00');

  it('rolls day 30 (Mon Oct 5, National Day) over to the end of Thu 2026-10-08', async () => {
    const t = tl();
    await skipTo(t.env, '2026-09-05T10:00:00+08:00');
    const { input, handle } = await registerCase(t, { registeredAt: '2026-09-05T10:00:00+08:00', severity: 'major' });
    const escalated = await act(handle, 'escalate', { reason: '涉及多个部门 / several departments', departments: ['public-security'] });

    // Day 30 after Sep 5 is Mon Oct 5, inside Oct 1–7; §203 rolls to the first working day: Thu Oct 8.
    const JOINT_DUE = '2026-10-08T15:59:59.000Z';
    expect(clockOf(escalated, 'joint-handling').due).toBe(JOINT_DUE);
    // Report-in: 2 working hours from a Saturday start = Mon Sep 7 08:30 + 2 h.
    expect(clockOf(escalated, `report-in:public-security@${HOME_UNIT}`).due).toBe('2026-09-07T02:30:00.000Z');
    expect((await transitionRecorded(t.intake, input.caseNo, 'escalated')).state.deadlines.jointHandlingDue).toBe(JOINT_DUE);

    await expectClockColours(t, input.caseNo, clockOf(escalated, 'joint-handling'));
  });
});

describe('judicial-confirmation window (30 days) after an agreement on Thu 2026-09-10', () => {
  const tl = useTimeline('nd-confirmation', '2026-09-10T09:00:00+08:00');

  it('ends on Sat 2026-10-10 (an adjusted working day, no roll-over): reminder at 80 %, lapsed after, then the run completes', async () => {
    const t = tl();
    await skipTo(t.env, '2026-09-10T10:00:00+08:00');
    const { input, handle } = await registerCase(t, { registeredAt: '2026-09-10T10:00:00+08:00', category: 'labour', severity: 'difficult' });
    await act(handle, 'assign', {});
    const concluded = await act(handle, 'conclude', { outcome: 'agreement', summary: '双方达成调解协议', agreement: '被申请人于十日内支付工资 8000 元' });

    // Day 30 after Sep 10 is Sat Oct 10, a working day by the notice: it does not roll over.
    const CONFIRMATION_DUE = '2026-10-10T15:59:59.000Z';
    const window = clockOf(concluded, 'judicial-confirmation');
    expect(window).toMatchObject({ kind: 'judicial-confirmation', owner: 'parties', due: CONFIRMATION_DUE, counts: false });
    expect(concluded.judicialConfirmation).toBe('pending');
    expect(t.mediation.callsFor(input.caseId, 'recordAgreement')).toEqual([
      expect.objectContaining({ queue: `${t.prefix}.mediation@${HOME_UNIT}`, input: expect.objectContaining({ confirmationDue: CONFIRMATION_DUE, text: '被申请人于十日内支付工资 8000 元' }) }),
    ]);
    const reminders = () => t.intake.transitionsFor(input.caseNo).filter((r) => r.type === 'judicial-confirmation-reminder');
    expect(reminders()).toHaveLength(1); // told at the conclusion

    await act(handle, 'feedback', { message: '当事人表示满意', channel: 'phone' });
    const closed = await act(handle, 'rate', { score: 4 });
    expect(closed.status).toBe('closed');
    expect(closed.clocks.map((c) => c.id)).toEqual(['judicial-confirmation']);
    expect(closed.warning).toBe('green'); // the parties' window does not colour the case
    await settle();
    expect(await isRunning(handle)).toBe(true);

    const yellowAt = Date.parse(window.yellowAt);
    expect(window.yellowAt).toBe(yellowPointOf(window.startedAt, CONFIRMATION_DUE));
    await skipTo(t.env, yellowAt - MINUTE);
    await settle();
    expect(reminders()).toHaveLength(1);
    await skipTo(t.env, yellowAt + MINUTE);
    await eventually(() => reminders().length === 2 || undefined, 'the reminder at 80 %');
    expectBetween(reminders()[1].at, yellowAt, yellowAt + MINUTE);
    expect(reminders()[1].detail).toMatchObject({ due: CONFIRMATION_DUE });

    await skipTo(t.env, Date.parse(CONFIRMATION_DUE) - MINUTE);
    await settle();
    expect(t.intake.typesFor(input.caseNo)).not.toContain('judicial-confirmation-lapsed');
    expect(await isRunning(handle)).toBe(true);

    await skipTo(t.env, Date.parse(CONFIRMATION_DUE) + MINUTE);
    const lapsed = await transitionRecorded(t.intake, input.caseNo, 'judicial-confirmation-lapsed');
    expectBetween(lapsed.at, Date.parse(CONFIRMATION_DUE) + 1, Date.parse(CONFIRMATION_DUE) + MINUTE);
    expect(lapsed.detail).toEqual({ due: CONFIRMATION_DUE });
    expect(t.mediation.callsFor(input.caseId, 'recordJudicialConfirmation')).toEqual([expect.objectContaining({ input: expect.objectContaining({ result: 'lapsed', court: null }) })]);
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', rating: 4, judicialConfirmation: 'lapsed', clocks: [] });
  });
});

// ---- the paths through actions (updates), on a timeline from Mon 2026-03-02 09:00 +08:00 --------

describe('the paths through actions', () => {
  const tl = useTimeline('paths', '2026-03-02T09:00:00+08:00');

  it('resolved at first contact: reply → feedback → rate 5 → closed, and the run completes', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs() });

    const replied = await act(handle, 'reply', { message: '已电话答复，双方当场和解', resolved: true });
    expect(replied).toMatchObject({ status: 'awaiting-feedback', outcome: 'resolved-at-first-contact', allowedActions: ['feedback'], feedbackRecorded: false });
    expect(replied.clocks.map((c) => c.kind)).toEqual(['feedback']);
    // A case cannot close without a recorded feedback.
    expect(await refusal(act(handle, 'rate', { score: 5 }))).toMatchObject({ type: 'ActionNotAllowed', details: [{ status: 'awaiting-feedback', allowedActions: ['feedback'] }] });

    const fed = await act(handle, 'feedback', { message: '当事人满意', channel: 'phone' });
    expect(fed).toMatchObject({ feedbackRecorded: true, allowedActions: ['rate'] });
    expect(fed.clocks).toEqual([expect.objectContaining({ kind: 'rating', owner: 'resident', counts: false })]);

    const closed = await act(handle, 'rate', { score: 5, comment: '很好' });
    expect(closed).toMatchObject({ status: 'closed', rating: 5, clocks: [], allowedActions: [] });

    expect(await completed(t, handle)).toMatchObject({ status: 'closed', outcome: 'resolved-at-first-contact', rating: 5 });
    const records = t.intake.transitionsFor(input.caseNo);
    expect(records.map((r) => [r.type, r.actor])).toEqual([
      ['routed', 'system'],
      ['replied', 'clerk.zhang'],
      ['feedback-recorded', 'clerk.zhang'],
      ['rated', 'resident.zhao'],
      ['closed', 'resident.zhao'],
    ]);
    expectSeqsInOrder(records);
    expect(records[1].detail).toEqual({ message: '已电话答复，双方当场和解', resolved: true });
    expect(records[4].state).toMatchObject({ status: 'closed', rating: 5, clocks: [] });
    expect(t.mediation.callsFor(input.caseId)).toEqual([]);
  });

  it('mediation: assign → session → agreement → feedback → rate 4 → closed; open until the confirmation signal', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs(), category: 'labour', severity: 'difficult' });
    const home = `${t.prefix}.mediation@${HOME_UNIT}`;

    const assigned = await act(handle, 'assign', {});
    expect(assigned).toMatchObject({
      status: 'mediation',
      mediator: { id: MEDIATOR.id, name: MEDIATOR.name, team: 'labour', username: MEDIATOR.username },
      allowedActions: ['session', 'assign', 'escalate', 'conclude'],
    });
    // Mon Mar 2 + 15 working days: Mar 3–6 (4), 9–13 (9), 16–20 (14), Mon Mar 23 (15).
    expect(clockOf(assigned, 'mediation').due).toBe('2026-03-23T15:59:59.000Z');

    await act(handle, 'session', { at: '2026-03-02T15:00:00+08:00', summary: '首次调解，双方陈述', participants: ['申请人 王某', '被申请人 某公司'] });
    expect(t.mediation.callsFor(input.caseId, 'recordSession')).toEqual([
      expect.objectContaining({ queue: home, input: expect.objectContaining({ seq: 3, mediatorId: MEDIATOR.id, at: '2026-03-02T15:00:00+08:00', participants: ['申请人 王某', '被申请人 某公司'] }) }),
    ]);

    const concluded = await act(handle, 'conclude', { outcome: 'agreement', summary: '达成协议' });
    // Day 30 after Mon Mar 2 is Wed Apr 1, a working day.
    expect(clockOf(concluded, 'judicial-confirmation').due).toBe('2026-04-01T15:59:59.000Z');
    expect(concluded).toMatchObject({ status: 'awaiting-feedback', outcome: 'agreement', judicialConfirmation: 'pending', allowedActions: ['feedback'] });
    expect(t.mediation.callsFor(input.caseId).map((c) => [c.name, c.queue])).toEqual([
      ['assignMediator', home],
      ['recordSession', home],
      ['recordAgreement', home],
      ['releaseMediator', home],
    ]);
    expect(t.mediation.callsFor(input.caseId, 'recordAgreement')[0].input).toMatchObject({ text: '达成协议', confirmationDue: '2026-04-01T15:59:59.000Z' });

    await act(handle, 'feedback', { message: '回访满意', channel: 'sms' });
    const closed = await act(handle, 'rate', { score: 4 });
    expect(closed).toMatchObject({ status: 'closed', rating: 4, judicialConfirmation: 'pending' });
    expect(closed.clocks.map((c) => c.id)).toEqual(['judicial-confirmation']);
    await settle();
    expect(await isRunning(handle)).toBe(true);

    await signalJudicialConfirmation(handle, { result: 'confirmed', decidedAt: '2026-03-02T16:00:00+08:00' });
    const recorded = await transitionRecorded(t.intake, input.caseNo, 'judicial-confirmation-recorded');
    expect(recorded.detail).toEqual({ result: 'confirmed', court: '某县人民法院', decidedAt: '2026-03-02T16:00:00+08:00', reference: '(2026)司确字第1号' });
    expect(t.mediation.callsFor(input.caseId, 'recordJudicialConfirmation')).toEqual([
      expect.objectContaining({ queue: home, input: expect.objectContaining({ result: 'confirmed', court: '某县人民法院' }) }),
    ]);
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', judicialConfirmation: 'confirmed', clocks: [] });
    const records = t.intake.transitionsFor(input.caseNo);
    expect(records.map((r) => r.type)).toEqual([
      'routed',
      'assigned',
      'session-recorded',
      'concluded',
      'judicial-confirmation-reminder',
      'feedback-recorded',
      'rated',
      'closed',
      'judicial-confirmation-recorded',
    ]);
    expectSeqsInOrder(records);
  });

  it('joint handling with two centres: each part opened, reported in and filed on its own queue; conclude only once all are in', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs(), severity: 'major' });
    const home = `${t.prefix}.mediation@${HOME_UNIT}`;
    const county = `${t.prefix}.mediation@${COUNTY_UNIT}`;

    const escalated = await act(handle, 'escalate', {
      reason: '涉及治安和房屋安全 / public order and housing safety',
      departments: [
        { department: 'public-security', orgUnit: HOME_UNIT },
        { department: 'housing', orgUnit: COUNTY_UNIT },
      ],
    });
    expect(escalated).toMatchObject({ status: 'joint-handling', allowedActions: ['session', 'report-in'] });
    expect(escalated.joint).toEqual({
      leadOrgUnit: HOME_UNIT,
      reason: '涉及治安和房屋安全 / public order and housing safety',
      parts: [
        { department: 'public-security', orgUnit: HOME_UNIT, reportedInAt: null, resultAt: null },
        { department: 'housing', orgUnit: COUNTY_UNIT, reportedInAt: null, resultAt: null },
      ],
    });
    // Mon Mar 2 + 30 days = Wed Apr 1.
    expect(clockOf(escalated, 'joint-handling')).toMatchObject({ due: '2026-04-01T15:59:59.000Z', orgUnit: HOME_UNIT });
    const policeReportIn = clockOf(escalated, `report-in:public-security@${HOME_UNIT}`);
    const housingReportIn = clockOf(escalated, `report-in:housing@${COUNTY_UNIT}`);
    expect(housingReportIn).toMatchObject({ owner: 'housing', orgUnit: COUNTY_UNIT });
    expect(Date.parse(policeReportIn.due) - Date.parse(policeReportIn.startedAt)).toBe(2 * HOUR); // within office hours of a Monday
    // Both parts are opened concurrently: compared by department.
    const opened = t.mediation.callsFor(input.caseId, 'openDepartmentPart');
    expect(opened.map((c) => [c.queue, c.input.department, c.input.orgUnit, c.input.leadOrgUnit, c.input.reportInDue]).sort((a, b) => String(b[1]).localeCompare(String(a[1])))).toEqual([
      [home, 'public-security', HOME_UNIT, HOME_UNIT, policeReportIn.due],
      [county, 'housing', COUNTY_UNIT, HOME_UNIT, housingReportIn.due],
    ]);

    const notYet = await refusal(act(handle, 'conclude', { outcome: 'referred-litigation', summary: '转诉讼' }));
    expect(notYet).toMatchObject({ type: 'ActionNotAllowed', details: [{ status: 'joint-handling', allowedActions: ['session', 'report-in'] }] });
    const notSummoned = await refusal(act(handle, 'report-in', { department: 'court' }));
    expect(notSummoned.type).toBe('ActionNotAllowed');
    expect(notSummoned.message).toContain('court was not summoned');

    await act(handle, 'report-in', { department: 'public-security' });
    expect((await refusal(act(handle, 'report-in', { department: 'public-security' }))).message).toContain('public-security has reported in');
    const bothIn = await act(handle, 'report-in', { department: 'housing' }, ACTORS.housing);
    expect(bothIn.allowedActions).toEqual(['session', 'dept-result']);
    expect(bothIn.clocks.map((c) => c.id).sort()).toEqual(['department-result:housing@621100', 'department-result:public-security@621102101', 'joint-handling']);
    expect((await refusal(act(handle, 'report-in', { department: 'housing' }))).details).toEqual([{ status: 'joint-handling', allowedActions: ['session', 'dept-result'] }]);
    expect((await refusal(act(handle, 'conclude', { outcome: 'referred-litigation', summary: '转诉讼' }))).type).toBe('ActionNotAllowed');

    await act(handle, 'dept-result', { department: 'public-security', summary: '已出警调查' });
    expect((await refusal(act(handle, 'conclude', { outcome: 'referred-litigation', summary: '转诉讼' }))).details).toEqual([
      { status: 'joint-handling', allowedActions: ['session', 'dept-result'] },
    ]);
    const allIn = await act(handle, 'dept-result', { department: 'housing', summary: '房屋安全鉴定完成' }, ACTORS.housing);
    expect(allIn.allowedActions).toEqual(['session', 'conclude']);
    expect(allIn.joint!.parts.every((p) => p.reportedInAt && p.resultAt)).toBe(true);

    expect(t.mediation.callsFor(input.caseId).slice(2).map((c) => [c.name, c.queue, c.input.department ?? null])).toEqual([
      ['recordReportIn', home, 'public-security'],
      ['recordReportIn', county, 'housing'],
      ['recordDepartmentResult', home, 'public-security'],
      ['recordDepartmentResult', county, 'housing'],
    ]);

    const concluded = await act(handle, 'conclude', { outcome: 'referred-litigation', summary: '引导起诉' });
    expect(concluded).toMatchObject({ status: 'awaiting-feedback', outcome: 'referred-litigation' });
    expect(concluded.clocks.map((c) => c.kind)).toEqual(['feedback']);
    await act(handle, 'feedback', { message: '已告知诉讼途径', channel: 'in-person' });
    expect(await act(handle, 'rate', { score: 4 })).toMatchObject({ status: 'closed', clocks: [] });
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', outcome: 'referred-litigation', rating: 4 });
    const records = t.intake.transitionsFor(input.caseNo);
    expect(records.map((r) => r.type)).toEqual([
      'routed',
      'escalated',
      'department-reported-in',
      'department-reported-in',
      'department-result-filed',
      'department-result-filed',
      'concluded',
      'feedback-recorded',
      'rated',
      'closed',
    ]);
    expect(records.map((r) => r.actor).slice(1, 6)).toEqual(['leader.wang', 'officer.chen', 'officer.liu', 'officer.chen', 'officer.liu']);
    expectSeqsInOrder(records);
  });

  it('refuses actions that do not fit the state (or are invalid) in the validator: no update event in history, state unchanged', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs() });
    const before = await queryState(handle);
    const eventsBefore = (await handle.fetchHistory()).events ?? [];

    const rate = await refusal(act(handle, 'rate', { score: 5 }));
    expect(rate).toMatchObject({ type: 'ActionNotAllowed', nonRetryable: true, details: [{ status: 'first-contact', allowedActions: ['reply', 'assign', 'escalate'] }] });

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
      expect.objectContaining({ queue: `${t.prefix}.mediation@${HOME_UNIT}`, input: expect.objectContaining({ reason: 'low-rating', due: '2026-03-09T15:59:59.000Z' }) }),
    ]);
    expect((await transitionRecorded(t.intake, input.caseNo, 'review-opened')).detail).toEqual({ score: 2, returnVisitDue: '2026-03-09T15:59:59.000Z' });
    expect((await refusal(act(handle, 'feedback', { message: '再次反馈', channel: 'phone' }))).type).toBe('ActionNotAllowed');

    const reopened = await act(handle, 'return-visit', { summary: '当事人仍有异议', resolved: false });
    expect(reopened).toMatchObject({ status: 'mediation', outcome: null, rating: null, feedbackRecorded: false, allowedActions: ['session', 'assign', 'escalate', 'conclude'] });
    expect(reopened.clocks.map((c) => c.id)).toEqual(['mediation']);
    expect(clockOf(reopened, 'mediation').due).toBe('2026-03-23T15:59:59.000Z');
    expect(t.mediation.callsFor(input.caseId, 'completeReturnVisit')).toEqual([expect.objectContaining({ input: expect.objectContaining({ by: 'clerk.zhang', resolved: false }) })]);
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
