import { LegalAidClocks } from '@fengqiao/contracts';
import {
  act,
  applicant,
  AssignmentFailureTypes,
  clockOf,
  completed,
  facts,
  lawyer,
  officer,
  otherLawyer,
  PROVIDER,
  queryState,
  refusal,
  registerLegalAid,
  useTimeline,
} from './support/legal-aid.harness';

// The actions of the legal-aid process on a server starting Wed 2026-11-04 10:00 +08:00: aid before
// approval (§44), the provider's actions, termination and objection (§48, §49), a refused assignment.
jest.setTimeout(120_000);

describe('aid before approval (§44)', () => {
  const tl = useTimeline('la-adv', '2026-11-04T10:00:00+08:00');

  it('is refused without its ground in the application', async () => {
    const t = tl();
    const { handle } = await registerLegalAid(t);
    await act(handle, 'apply', facts({ limitationEndsOn: '2026-12-31' }));
    const far = await refusal(act(handle, 'advance-aid', { ground: 'limitation-period', note: '时效将至' }));
    expect(far.type).toBe('InvalidAction');
    expect(far.message).toMatch(/7 日内届满（第四十四条）.*2026-12-31 \/ .*within 7 days \(§44\)/);
    const urgent = await refusal(act(handle, 'advance-aid', { ground: 'urgent-preservation', note: '需保全' }));
    expect(urgent.message).toMatch(/财产保全.* \/ .*urgent preservation/);
    expect((await queryState(handle)).legalAid.advanceAid).toBe(false);
  });

  it('accepted with a limitation period ending within 7 days; a provider is assigned during the review; the grant goes straight to aid', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    await act(handle, 'apply', facts({ limitationEndsOn: '2026-11-10' }));
    const advanced = await act(handle, 'advance-aid', { ground: 'limitation-period', note: '诉讼时效 11 月 10 日届满' });
    expect(advanced).toMatchObject({
      status: 'legal-aid-review',
      legalAid: { advanceAid: true },
      allowedActions: ['grant', 'refuse', 'request-materials', 'assign', 'withdraw'],
    });
    const assigned = await act(handle, 'assign', { providerId: PROVIDER.id });
    expect(assigned).toMatchObject({
      status: 'legal-aid-review',
      legalAid: { providerId: PROVIDER.id },
      allowedActions: ['grant', 'refuse', 'request-materials', 'withdraw'],
    });
    expect(assigned.clocks.map((c) => c.id)).toEqual([LegalAidClocks.review]);
    expect(t.legalAid.assignments.at(-1)).toMatchObject({ providerId: PROVIDER.id, caseNo, seq: 4 });
    expect(t.intake.of(caseNo).at(-1)!.detail).toMatchObject({ advanceAid: true, onTime: true });
    const granted = await act(handle, 'grant', {});
    expect(granted).toMatchObject({ status: 'aid', clocks: [], legalAid: { decision: 'granted', providerId: PROVIDER.id } });
    expect(t.legalAid.types(caseNo)).toEqual(['legal-aid-applied', 'legal-aid-advance-aid', 'legal-aid-assigned', 'legal-aid-granted']);
  });
});

describe('from the assignment to the applicant’s rating', () => {
  const tl = useTimeline('la-full', '2026-11-04T10:00:00+08:00');

  it('a refused assignment (conflict) changes nothing and says why; then aid, closure by the assigned provider only, quality review, rating: closed as aided', async () => {
    const t = tl();
    const { handle, caseNo, caseId } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    const granted = await act(handle, 'grant', {});
    const steps = t.intake.of(caseNo).length;

    t.legalAid.control.refuseNext = AssignmentFailureTypes.conflicted;
    const conflicted = await refusal(act(handle, 'assign', { providerId: PROVIDER.id }));
    expect(conflicted.type).toBe('InvalidAction');
    expect(conflicted.message).toMatch(/利益冲突.* \/ .*conflict of interest/);
    t.legalAid.control.refuseNext = AssignmentFailureTypes.noneAvailable;
    expect((await refusal(act(handle, 'assign', {}))).message).toMatch(/暂无可指派.* \/ No provider can be assigned/);
    expect(await queryState(handle)).toEqual(granted);
    expect(t.intake.of(caseNo)).toHaveLength(steps);

    await act(handle, 'assign', {});
    await act(handle, 'court-filed', { court: '某县人民法院', courtCaseNo: '（2026）甘1102民初123号', filedOn: '2026-11-05' });
    const ended = await act(handle, 'matter-ended', { result: 'judgment-won', endedOn: '2026-11-20' });
    expect(clockOf(ended, LegalAidClocks.closure).counts).toBe(true);

    const stranger = await refusal(act(handle, 'file-closure', { summary: '胜诉', materials: ['判决书'] }, otherLawyer));
    expect(stranger.type).toBe('ActionNotAllowed');
    expect(stranger.message).toMatch(/只有指派的法律援助人员.* \/ Only the assigned legal-aid provider/);
    const filed = await act(handle, 'file-closure', { summary: '胜诉', materials: ['判决书', '代理词'] }, lawyer);
    expect(filed).toMatchObject({ status: 'quality-review', clocks: [], allowedActions: ['review-quality'] });
    expect(t.legalAid.releases).toContain(caseId);
    const reviewed = await act(handle, 'review-quality', { grade: 'excellent' });
    expect(reviewed).toMatchObject({ status: 'awaiting-feedback', allowedActions: ['rate'] });
    const rated = await act(handle, 'rate', { score: 5, comment: '满意' }, applicant);
    expect(rated).toMatchObject({ status: 'closed', outcome: 'aided', rating: 5, clocks: [], allowedActions: [] });
    expect(await completed(t, handle)).toMatchObject({ status: 'closed', outcome: 'aided' });
    expect(t.intake.types(caseNo)).toEqual([
      'routed',
      'legal-aid-applied',
      'legal-aid-granted',
      'legal-aid-assigned',
      'legal-aid-court-filed',
      'legal-aid-matter-ended',
      'legal-aid-closure-filed',
      'legal-aid-quality-reviewed',
      'rated',
      'closed',
    ]);
    expect(t.intake.of(caseNo).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.legalAid.steps.filter((s) => s.caseNo === caseNo).map((s) => s.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('an officer may act for the provider', async () => {
    const t = tl();
    const { handle } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    await act(handle, 'grant', {});
    await act(handle, 'assign', {});
    expect((await act(handle, 'matter-ended', { result: 'settled', endedOn: '2026-11-04' }, officer)).status).toBe('closure-filing');
  });
});

describe('termination (§48) and the objection to it (§49)', () => {
  const tl = useTimeline('la-term', '2026-11-04T10:00:00+08:00');

  const aided = async () => {
    const t = tl();
    const r = await registerLegalAid(t);
    await act(r.handle, 'apply', facts());
    await act(r.handle, 'grant', {});
    await act(r.handle, 'assign', {});
    return { t, ...r };
  };

  it('frees the provider and opens the objection window; an objection corrected assigns a provider again (3 days), then aid', async () => {
    const { t, handle, caseNo, caseId } = await aided();
    const terminated = await act(handle, 'terminate', { reason: 'own-lawyer', text: '受援人自行委托律师' });
    expect(terminated).toMatchObject({ status: 'terminated', allowedActions: ['object'] });
    expect(clockOf(terminated, LegalAidClocks.objectionWindow).counts).toBe(false);
    expect(t.legalAid.releases).toContain(caseId);
    await act(handle, 'object', { reason: '并未委托律师' });
    expect(t.intake.of(caseNo).at(-1)!.detail['of']).toBe('termination');
    const corrected = await act(handle, 'decide-objection', { decision: 'corrected', text: '撤销终止决定' });
    expect(corrected).toMatchObject({ status: 'assignment', legalAid: { providerId: null }, allowedActions: ['assign'] });
    expect(corrected.clocks.map((c) => c.id)).toEqual([LegalAidClocks.assignment]);
    const again = await act(handle, 'assign', { providerId: PROVIDER.id });
    expect(again).toMatchObject({ status: 'aid', legalAid: { providerId: PROVIDER.id }, allowedActions: ['court-filed', 'matter-ended', 'terminate'] });
  });

  it('upheld: closed as terminated', async () => {
    const { handle } = await aided();
    await act(handle, 'terminate', { reason: 'false-facts', text: '隐瞒收入' });
    await act(handle, 'object', { reason: '不服' });
    expect(await act(handle, 'decide-objection', { decision: 'upheld', text: '维持' })).toMatchObject({ status: 'closed', outcome: 'terminated' });
  });
});

describe('withdrawal', () => {
  const tl = useTimeline('la-wd', '2026-11-04T10:00:00+08:00');

  it('closes the case as withdrawn; a decision afterwards is refused', async () => {
    const t = tl();
    const { handle, caseNo } = await registerLegalAid(t);
    await act(handle, 'apply', facts());
    const withdrawn = await act(handle, 'withdraw', { reason: '已和解' });
    expect(withdrawn).toMatchObject({ status: 'closed', outcome: 'withdrawn', clocks: [] });
    expect(t.intake.of(caseNo).at(-2)).toMatchObject({ type: 'legal-aid-withdrawn', detail: { deemed: false } });
    await completed(t, handle);
    await expect(act(handle, 'grant', {})).rejects.toThrow();
  });

  it('a decision the state does not allow is refused with the allowed actions', async () => {
    const t = tl();
    const { handle } = await registerLegalAid(t);
    const early = await refusal(act(handle, 'grant', {}));
    expect(early.type).toBe('ActionNotAllowed');
    expect(early.details?.[0]).toEqual({ status: 'application', allowedActions: ['apply', 'withdraw'] });
    const bad = await refusal(act(handle, 'apply', { matter: 'labour' }));
    expect(bad.type).toBe('InvalidAction');
  });
});
