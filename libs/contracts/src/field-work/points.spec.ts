import { cappedAward, DEFAULT_POINTS_RULES, matchPointsRule, pointsRuleSetSchema, type PointsRule } from './points';

const rule = (kind: PointsRule['kind'], category: string, outcome: PointsRule['outcome'], points: number): PointsRule => ({ kind, category, outcome, points });

describe('matchPointsRule', () => {
  const rules = [
    rule('*', '*', '*', 2),
    rule('hazard', '*', 'settled', 5),
    rule('dispute', '*', 'sent', 10),
    rule('*', 'fire-safety', '*', 7),
    rule('hazard', 'fire-safety', 'sent', 12),
    rule('*', '*', 'sent', 3),
  ];

  it('takes the most specific rule that fits', () => {
    expect(matchPointsRule(rules, { kind: 'hazard', category: 'fire-safety', outcome: 'sent' }).points).toBe(12);
    expect(matchPointsRule(rules, { kind: 'hazard', category: 'road', outcome: 'settled' }).points).toBe(5);
    expect(matchPointsRule(rules, { kind: 'dispute', category: 'neighbour', outcome: 'sent' }).points).toBe(10);
  });

  it('weighs kind above category above outcome between partial matches', () => {
    // hazard × * × settled (kind + outcome) beats * × fire-safety × * (category only)
    expect(matchPointsRule(rules, { kind: 'hazard', category: 'fire-safety', outcome: 'settled' }).points).toBe(5);
    // * × fire-safety × * (category) beats * × * × sent (outcome)
    expect(matchPointsRule(rules, { kind: 'event', category: 'fire-safety', outcome: 'sent' }).points).toBe(7);
    expect(matchPointsRule(rules, { kind: 'event', category: 'road', outcome: 'sent' }).points).toBe(3);
  });

  it('falls back to * × * × *, and refuses a set without it', () => {
    expect(matchPointsRule(rules, { kind: 'event', category: 'road', outcome: 'settled' }).points).toBe(2);
    expect(() => matchPointsRule([rule('hazard', '*', '*', 1)], { kind: 'event', category: 'road', outcome: 'settled' })).toThrow(/fallback/);
  });

  it('gives the default set its documented figures: hazard settled 5, dispute sent 10, anything else 2', () => {
    const r = (kind: 'hazard' | 'dispute' | 'event', outcome: 'settled' | 'sent') =>
      matchPointsRule(DEFAULT_POINTS_RULES.rules, { kind, category: 'x', outcome }).points;
    expect([r('hazard', 'settled'), r('dispute', 'sent'), r('event', 'settled'), r('event', 'sent')]).toEqual([5, 10, 2, 2]);
    expect(pointsRuleSetSchema.safeParse(DEFAULT_POINTS_RULES).success).toBe(true);
  });
});

describe('cappedAward', () => {
  it('grants the rule without a cap, and cuts to what is left of the day under one', () => {
    expect(cappedAward(5, 1000, null)).toBe(5);
    expect(cappedAward(5, 0, 30)).toBe(5);
    expect(cappedAward(5, 27, 30)).toBe(3);
    expect(cappedAward(5, 30, 30)).toBe(0);
    expect(cappedAward(5, 40, 30)).toBe(0);
  });
});

describe('pointsRuleSetSchema', () => {
  it('needs the fallback and refuses a rule twice, naming where', () => {
    const noFallback = pointsRuleSetSchema.safeParse({ rules: [rule('hazard', '*', '*', 1)], dailyCap: null });
    expect(noFallback.success).toBe(false);
    const twice = pointsRuleSetSchema.safeParse({ rules: [rule('*', '*', '*', 1), rule('*', '*', '*', 2)], dailyCap: 10 });
    expect(twice.success || twice.error.issues.map((i) => i.path.join('.'))).toEqual(['rules.1']);
  });

  it('refuses negative or fractional points, an unknown kind or outcome, an unknown field', () => {
    for (const bad of [
      { rules: [rule('*', '*', '*', -1)], dailyCap: null },
      { rules: [rule('*', '*', '*', 1.5)], dailyCap: null },
      { rules: [{ ...rule('*', '*', '*', 1), kind: 'fire' }], dailyCap: null },
      { rules: [{ ...rule('*', '*', '*', 1), outcome: 'rejected' }], dailyCap: null },
      { rules: [rule('*', '*', '*', 1)], dailyCap: 0 },
      { rules: [rule('*', '*', '*', 1)], dailyCap: null, extra: true },
    ])
      expect(pointsRuleSetSchema.safeParse(bad).success).toBe(false);
  });
});
