import { PetitionSteps } from '@fengqiao/contracts';
import { derivePetition, documentOfStep, type StoredStep } from './petition-file';

let seq = 0;
const step = (type: string, detail: Record<string, unknown> = {}, o: Partial<StoredStep> = {}): StoredStep => ({
  seq: ++seq,
  type,
  actor: '刘信访',
  at: `2026-12-0${Math.min(seq, 9)}T02:00:00.000Z`,
  status: 'handling',
  orgUnit: '621102101',
  detail,
  ...o,
});

beforeEach(() => {
  seq = 0;
});

describe('derivePetition', () => {
  it('answered, reviewed and re-reviewed: every decision lands in its column, the status is the last step’s', () => {
    const steps = [
      step(PetitionSteps.accepted, { channel: 'letter', title: '宅基地纠纷信访', registeredAt: '2026-11-30T01:00:00.000Z' }, { status: 'handling' }),
      step('extension-approved', { days: 30, reason: '需现场勘查' }, { actor: '王局长' }),
      step('clock-paused', { reason: '听证', clocks: ['petition-handling'] }),
      step('clock-resumed', {}),
      step(PetitionSteps.replied, { text: '经核查，维持原处理。' }, { status: 'replied' }),
      step(PetitionSteps.reviewRequested, {}, { status: 'petition-review' }),
      step(PetitionSteps.reviewDecided, { decision: 'upheld', text: '复查维持' }, { status: 'replied' }),
      step(PetitionSteps.reReviewRequested, {}, { status: 'petition-re-review' }),
      step(PetitionSteps.reReviewDecided, { decision: 'changed', text: '复核变更' }, { status: 'closed' }),
      step(PetitionSteps.rated, { score: 4 }, { status: 'closed' }),
    ];
    const f = derivePetition(steps.reverse());
    expect(f).toMatchObject({
      status: 'closed',
      channel: 'letter',
      title: '宅基地纠纷信访',
      registeredAt: '2026-11-30T01:00:00.000Z',
      acceptanceDecision: 'accepted',
      acceptanceAt: '2026-12-01T02:00:00.000Z',
      extensionDays: 30,
      extensionReason: '需现场勘查',
      extensionApproved: true,
      extensionBy: '王局长',
      replyText: '经核查，维持原处理。',
      reviewDecision: 'upheld',
      reviewText: '复查维持',
      reReviewDecision: 'changed',
      reReviewText: '复核变更',
      rating: 4,
      lastSeq: 10,
    });
    expect(f.hearings).toEqual([{ at: '2026-12-03T02:00:00.000Z', reason: '听证', resumedAt: '2026-12-04T02:00:00.000Z' }]);
  });

  it('not accepted: the reason is kept; no reply or reviews', () => {
    const f = derivePetition([step(PetitionSteps.notAccepted, { reason: 'litigation' }, { status: 'closed' })]);
    expect(f).toMatchObject({ acceptanceDecision: 'not-accepted', acceptanceReason: 'litigation', replyText: null, reviewDecision: null, status: 'closed' });
  });

  it('forwarded, objected and forwarded again: the second body stands and the objection is cleared', () => {
    const f = derivePetition([
      step(PetitionSteps.forwarded, { competentBody: '区自然资源局', mode: 'forward' }),
      step(PetitionSteps.objected, { reason: '不属本单位职责' }),
      step(PetitionSteps.forwarded, { competentBody: '巉口镇人民政府', mode: 'assign' }),
    ]);
    expect(f).toMatchObject({
      competentBody: '巉口镇人民政府',
      forwardMode: 'assign',
      forwardedAt: '2026-12-03T02:00:00.000Z',
      objectedAt: null,
      objectionReason: null,
    });
    const objected = derivePetition([
      step(PetitionSteps.forwarded, { competentBody: '区自然资源局' }),
      step(PetitionSteps.objected, { reason: '不属本单位职责' }),
    ]);
    expect(objected).toMatchObject({ competentBody: '区自然资源局', objectedAt: '2026-12-05T02:00:00.000Z', objectionReason: '不属本单位职责' });
  });

  it('a refused extension after an approved one does not undo it; a rating outside 1–5 is ignored', () => {
    const f = derivePetition([step('extension-approved', { days: 20 }), step('extension-refused', { days: 10 }), step(PetitionSteps.rated, { score: 9 })]);
    expect(f).toMatchObject({ extensionDays: 20, extensionApproved: true, rating: null });
  });

  it('a petition moved to another unit is in that unit from its step on', () => {
    const f = derivePetition([step(PetitionSteps.accepted), step(PetitionSteps.forwarded, {}, { orgUnit: '621102' })]);
    expect(f.orgUnit).toBe('621102');
  });

  it('refuses an empty list (a petition has a step)', () => {
    expect(() => derivePetition([])).toThrow(/at least one step/);
  });
});

describe('documentOfStep', () => {
  it('names the five issuing steps and nothing else', () => {
    expect(
      Object.values(PetitionSteps)
        .map((t) => [t, documentOfStep(t)])
        .filter(([, d]) => d),
    ).toEqual([
      [PetitionSteps.accepted, 'acceptance-notice'],
      [PetitionSteps.notAccepted, 'non-acceptance-notice'],
      [PetitionSteps.replied, 'reply'],
      [PetitionSteps.reviewDecided, 'review-decision'],
      [PetitionSteps.reReviewDecided, 're-review-decision'],
    ]);
    expect(documentOfStep('toString')).toBeUndefined();
  });
});
