import {
  act,
  ACTORS,
  COUNTY_UNIT,
  completed,
  HOME_UNIT,
  HOUR,
  isRunning,
  MEDIATOR,
  refusal,
  registerCase,
  settle,
  signalJudicialConfirmation,
  transitionRecorded,
} from './support/dispute-path.harness';
import { useTimeline, clockOf, expectSeqsInOrder } from './support/spec-helpers';

// The paths through actions (updates), on a timeline from Mon 2026-03-02 09:00 +08:00.

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

describe('the paths through actions', () => {
  const tl = useTimeline('paths', '2026-03-02T09:00:00+08:00');

  it('resolved at first contact: reply → feedback → rate 5 → closed, and the run completes', async () => {
    const t = tl();
    const { input, handle } = await registerCase(t, { registeredAt: await t.env.currentTimeMs() });

    const replied = await act(handle, 'reply', { message: '已电话答复，双方当场和解', resolved: true });
    expect(replied).toMatchObject({ status: 'awaiting-feedback', outcome: 'resolved-at-first-contact', allowedActions: ['feedback'], feedbackRecorded: false });
    expect(replied.clocks.map((c) => c.kind)).toEqual(['feedback']);
    // A case cannot close without a recorded feedback.
    expect(await refusal(act(handle, 'rate', { score: 5 }))).toMatchObject({
      type: 'ActionNotAllowed',
      details: [{ status: 'awaiting-feedback', allowedActions: ['feedback'] }],
    });

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
      expect.objectContaining({
        queue: home,
        input: expect.objectContaining({ seq: 3, mediatorId: MEDIATOR.id, at: '2026-03-02T15:00:00+08:00', participants: ['申请人 王某', '被申请人 某公司'] }),
      }),
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
    expect(
      opened
        .map((c) => [c.queue, c.input.department, c.input.orgUnit, c.input.leadOrgUnit, c.input.reportInDue])
        .sort((a, b) => String(b[1]).localeCompare(String(a[1]))),
    ).toEqual([
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
    expect(bothIn.clocks.map((c) => c.id).sort()).toEqual([
      'department-result:housing@621100',
      'department-result:public-security@621102101',
      'joint-handling',
    ]);
    expect((await refusal(act(handle, 'report-in', { department: 'housing' }))).details).toEqual([
      { status: 'joint-handling', allowedActions: ['session', 'dept-result'] },
    ]);
    expect((await refusal(act(handle, 'conclude', { outcome: 'referred-litigation', summary: '转诉讼' }))).type).toBe('ActionNotAllowed');

    await act(handle, 'dept-result', { department: 'public-security', summary: '已出警调查' });
    expect((await refusal(act(handle, 'conclude', { outcome: 'referred-litigation', summary: '转诉讼' }))).details).toEqual([
      { status: 'joint-handling', allowedActions: ['session', 'dept-result'] },
    ]);
    const allIn = await act(handle, 'dept-result', { department: 'housing', summary: '房屋安全鉴定完成' }, ACTORS.housing);
    expect(allIn.allowedActions).toEqual(['session', 'conclude']);
    expect(allIn.joint!.parts.every((p) => p.reportedInAt && p.resultAt)).toBe(true);

    expect(
      t.mediation
        .callsFor(input.caseId)
        .slice(2)
        .map((c) => [c.name, c.queue, c.input.department ?? null]),
    ).toEqual([
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
});
