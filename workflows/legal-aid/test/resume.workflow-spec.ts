import { LegalAidClocks } from '@fengqiao/contracts';
import { act, clockOf, completed, MINUTE, officer, registerLegalAid, skipTo, useTimeline } from './support/legal-aid.harness';

// A case the seeded demo history left open starts its process where it stands (ProcessResume).
jest.setTimeout(120_000);

describe('taking over a case where it stands (registered Mon 2026-06-01 10:00)', () => {
  const tl = useTimeline('la-resume', '2026-06-01T10:00:00+08:00');
  const resume = (status: string, stageStartedAt: string, seq = 5) => ({
    resume: { status, seq, stageStartedAt, outcome: null, mediator: null, feedbackRecorded: false } as never,
  });

  it('a refusal: the objection window runs from the decision and, unused, closes the case as refused', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t, resume('refused', '2026-05-25T10:00:00+08:00'));
    const first = t.intake.of(caseNo)[0]!;
    expect(first).toMatchObject({ type: 'process-resumed', seq: 6 });
    const window = clockOf(first.state, LegalAidClocks.objectionWindow);
    expect(first.state.allowedActions).toEqual(['object']);
    await skipTo(t.env, Date.parse(window.due) + MINUTE);
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', outcome: 'refused' });
  });

  it('aid in progress: no clock until the matter ends, then the closure filing clock', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t, resume('aid', '2026-05-20T10:00:00+08:00'));
    const first = t.intake.of(caseNo)[0]!;
    expect(first.state).toMatchObject({ status: 'aid', clocks: [] });
    const ended = await act(handle, 'matter-ended', { result: 'settled', endedOn: '2026-06-01' }, officer);
    expect(ended.status).toBe('closure-filing');
    expect(clockOf(ended, LegalAidClocks.closure)).toMatchObject({ owner: 'provider', counts: true });
  });
});
