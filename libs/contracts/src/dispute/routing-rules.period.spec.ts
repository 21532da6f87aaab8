import { periodSchema } from './routing-rules';

describe('periodSchema', () => {
  it.each([
    [{ amount: 2.5, unit: 'working-hours' }, true],
    [{ amount: 30, unit: 'minutes' }, true],
    [{ amount: 15, unit: 'days' }, true],
    [{ amount: 1.5, unit: 'days' }, false],
    [{ amount: 5e-324, unit: 'working-days' }, false],
    [{ amount: 0, unit: 'minutes' }, false],
    [{ amount: 2, unit: 'weeks' }, false],
  ])('%j → %p', (period, ok) => {
    expect(periodSchema.safeParse(period).success).toBe(ok);
  });

  it('says which rule a period breaks, in both languages', () => {
    const r = periodSchema.safeParse({ amount: 1.5, unit: 'months' });
    expect(!r.success && r.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['amount', '天数和月数应为整数 / days and months must be whole numbers'],
    ]);
    const u = periodSchema.safeParse({ amount: 1, unit: 'weeks' });
    expect(!u.success && u.error.issues[0]!.message).toMatch(/^取值应为 .* \/ unit must be one of working-days, days, months, working-hours, minutes$/);
  });
});
