import { act, HOME_UNIT, queryState, registerCase, skipTo, transitionRecorded } from './support/dispute-path.harness';
import { useTimeline, clockOf, yellowPointOf, expectClockColours } from './support/spec-helpers';

// Clocks across the 2026 Spring Festival (Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked); one server per describe.

// Also set here: under `nx run … :workflow` Jest reads the config as a project config and ignores its testTimeout.
jest.setTimeout(120_000);

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
      expect.objectContaining({
        queue: `${t.prefix}.mediation@${HOME_UNIT}`,
        input: expect.objectContaining({ department: 'justice', orgUnit: HOME_UNIT, leadOrgUnit: HOME_UNIT }),
      }),
    ]);
    const state = await queryState(handle);
    expect(state.status).toBe('joint-handling');
    expect(state.clocks.map((c) => c.id).sort()).toEqual(['joint-handling', `report-in:justice@${HOME_UNIT}`]);
    expect(t.intake.typesFor(input.caseNo)).toEqual(['routed', 'assigned', 'warning-changed', 'warning-changed', 'escalated']);
  });
});
