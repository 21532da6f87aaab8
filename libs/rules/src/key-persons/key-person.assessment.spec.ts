import { assessmentForm, CURRENT_ASSESSMENT_FORM, scoreAssessment } from './key-person.assessment';

const calm = { mood: 'calm', demands: 'settled', petitions: 'none', support: 'strong', treatment: 'na', contact: 'cooperative' };

describe('scoreAssessment (form version 1)', () => {
  it('sums the chosen options and proposes low below 5, medium from 5, high from 12', () => {
    expect(scoreAssessment(1, calm)).toEqual({ ok: true, score: 0, proposedLevel: 'low' });
    expect(scoreAssessment(1, { ...calm, mood: 'unsettled', demands: 'pending' })).toEqual({ ok: true, score: 4, proposedLevel: 'low' });
    expect(scoreAssessment(1, { ...calm, mood: 'agitated' })).toEqual({ ok: true, score: 5, proposedLevel: 'medium' });
    expect(scoreAssessment(1, { ...calm, mood: 'agitated', demands: 'refused', support: 'weak' })).toEqual({ ok: true, score: 11, proposedLevel: 'medium' });
    expect(scoreAssessment(1, { ...calm, mood: 'agitated', demands: 'refused', support: 'none' })).toEqual({ ok: true, score: 12, proposedLevel: 'high' });
    const worst = { mood: 'agitated', demands: 'refused', petitions: 'beyond', support: 'none', treatment: 'lapsed', contact: 'refusing' };
    expect(scoreAssessment(1, worst)).toEqual({ ok: true, score: 25, proposedLevel: 'high' });
  });

  it('names every missing answer', () => {
    const { mood: _m, contact: _c, ...rest } = calm;
    const r = scoreAssessment(1, rest);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['answers.mood', 'answers.contact']);
    expect(!r.ok && r.errors[0]!.message).toContain('近期情绪状态');
  });

  it('refuses an unknown option, an unknown question and an unknown form version', () => {
    const r = scoreAssessment(1, { ...calm, mood: 'furious', extra: 'x' });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['answers.mood', 'answers.extra']);
    expect(!r.ok && r.errors[0]!.message).toContain('calm');
    // An option of another question is not an answer to this one.
    expect(scoreAssessment(1, { ...calm, mood: 'none' }).ok).toBe(false);
    const v = scoreAssessment(99, calm);
    expect(!v.ok && v.errors.map((e) => e.path)).toEqual(['formVersion']);
  });

  it('serves the current form by version, with options unique per question', () => {
    expect(assessmentForm(CURRENT_ASSESSMENT_FORM.version)).toBe(CURRENT_ASSESSMENT_FORM);
    for (const q of CURRENT_ASSESSMENT_FORM.questions) expect(new Set(q.options.map((o) => o.id)).size).toBe(q.options.length);
    expect(CURRENT_ASSESSMENT_FORM.thresholds.medium).toBeLessThan(CURRENT_ASSESSMENT_FORM.thresholds.high);
  });
});
