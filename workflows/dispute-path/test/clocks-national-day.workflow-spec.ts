import {
  act,
  completed,
  eventually,
  HOME_UNIT,
  isRunning,
  MINUTE,
  queryState,
  registerCase,
  settle,
  skipTo,
  transitionRecorded,
} from './support/dispute-path.harness';
import { useTimeline, clockOf, yellowPointOf, expectBetween, expectClockColours } from './support/spec-helpers';

// Clocks across Mid-Autumn (Sep 25–27 off) and National Day (Oct 1–7 off; Sun Sep 20, Sat Oct 10 worked); one server per describe.

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

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
      expect.objectContaining({
        queue: `${t.prefix}.mediation@${HOME_UNIT}`,
        input: expect.objectContaining({ confirmationDue: CONFIRMATION_DUE, text: '被申请人于十日内支付工资 8000 元' }),
      }),
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
    expect(t.mediation.callsFor(input.caseId, 'recordJudicialConfirmation')).toEqual([
      expect.objectContaining({ input: expect.objectContaining({ result: 'lapsed', court: null }) }),
    ]);
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', rating: 4, judicialConfirmation: 'lapsed', clocks: [] });
  });
});
