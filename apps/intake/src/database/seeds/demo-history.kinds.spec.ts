import { genericKind, registerCaseKind } from '@fengqiao/rules';
import { planHistory, seededKinds } from './demo-history.plan';

const END = Date.parse('2026-11-23T00:00:00+08:00');

// Its own file: the kind registered here stays out of the other plan specs.
describe('the kinds the demo history seeds come from their declarations', () => {
  it('seeds a kind declared with `demo` in its share and titles, on the generic walk, with no edit to the planner', () => {
    const before = planHistory({ end: END, days: 60 });
    expect(before.some((c) => c.kind === 'noise-report')).toBe(false);

    registerCaseKind(genericKind('noise-report', { zh: '噪声扰民', en: 'Noise report' }, { demo: { share: 0.5, titles: ['夜间施工噪声'] } }));
    expect(seededKinds().map((m) => m.kind)).toContain('noise-report');
    const plan = planHistory({ end: END, days: 60 });
    const noise = plan.filter((c) => c.kind === 'noise-report');
    // 0.5 of 1.5 in total weight: a third of the cases, by exact quota per unit.
    expect(noise.length / plan.length).toBeGreaterThan(0.3);
    expect(noise.length / plan.length).toBeLessThan(0.36);
    expect(new Set(noise.map((c) => c.title))).toEqual(new Set(['夜间施工噪声']));
    expect(noise.every((c) => c.parties.length === 1 && !c.steps.some((s) => s.type === 'assigned'))).toBe(true);
  });

  it('leaves out a kind declared without `demo`', () => {
    registerCaseKind(genericKind('unseeded-test', { zh: '测试', en: 'Test' }));
    expect(seededKinds().map((m) => m.kind)).not.toContain('unseeded-test');
    expect(planHistory({ end: END, days: 30 }).some((c) => c.kind === 'unseeded-test')).toBe(false);
  });
});
